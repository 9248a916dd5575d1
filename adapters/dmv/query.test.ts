import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLUMNS_BY_VIEW, LSN_COLUMNS } from './columns.js';
import { ALL_VIEWS, formatDmvProblem, VIEWS } from './index.js';
import { example, problemsOf } from './test-support.js';

const docs = readFileSync(new URL('../../docs/dmv-snapshot.md', import.meta.url), 'utf8');
const scripts = { csv: example('snapshot-csv.sql'), json: example('snapshot-json.sql') };

/** The SELECT of one view in a script: from its marker (CSV) or its subquery (JSON). */
const selectOf = (script: string, view: string): string => {
  const csvStart = script.indexOf(`SELECT '${view}' AS agstate_view;`);
  if (csvStart >= 0) {
    const next = script.indexOf('AS agstate_view;', csvStart + view.length + 30);
    return script.slice(csvStart, next < 0 ? undefined : next);
  }
  const end = script.indexOf(`AS [${view}]`);
  const start = script.lastIndexOf('(SELECT', end);
  return end < 0 ? '' : script.slice(start, end);
};

describe('the documented query', () => {
  it.each(Object.entries(scripts))(
    '%s script selects every column agstate reads, from the right view',
    (_form, script) => {
      for (const view of ALL_VIEWS) {
        const select = selectOf(script, view);
        expect(select, view).not.toBe('');
        if (view !== VIEWS.serverProperty) expect(select, view).toContain(`FROM ${view}`);
        for (const column of Object.keys(COLUMNS_BY_VIEW[view])) {
          expect(select, `${view}.${column}`).toMatch(new RegExp(`\\b${column}\\b`));
        }
      }
    },
  );

  it.each(Object.entries(scripts))(
    '%s script casts every LSN column to varchar(25)',
    (_form, script) => {
      for (const view of [VIEWS.databaseStates, VIEWS.clusterStates]) {
        const select = selectOf(script, view);
        for (const column of LSN_COLUMNS.filter((c) => c in COLUMNS_BY_VIEW[view])) {
          expect(select, `${view}.${column}`).toContain(
            `CAST(${column} AS varchar(25)) AS ${column}`,
          );
        }
      }
    },
  );

  it('is in the documentation word for word', () => {
    expect(docs).toContain(`\`\`\`sql\n${scripts.csv}\`\`\``);
    expect(docs).toContain(`\`\`\`sql\n${scripts.json}\`\`\``);
  });

  it('documents the problems as agstate writes them', () => {
    const wrongMode = example('primary.json').replace(
      '"failover_mode_desc": "MANUAL"',
      '"failover_mode_desc": "AUTO"',
    );
    const numericLsn = example('primary.json').replace(
      '"last_hardened_lsn": "1025000004417900001"',
      '"last_hardened_lsn": 1025000004417900001',
    );
    const noView = JSON.stringify({
      ...JSON.parse(example('primary.json')),
      [VIEWS.databaseStates]: undefined,
    });
    const csv = example('primary.csv').split('\r\n');
    csv.splice(26, 1);
    for (const text of [wrongMode, numericLsn, noView, csv.join('\r\n')]) {
      expect(docs).toContain(formatDmvProblem(problemsOf(text)[0]!));
    }
  });
});
