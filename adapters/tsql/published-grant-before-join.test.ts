import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';
import { configsAfterScript } from './configs-after.js';
import { grantBeforeJoinUnknowns } from './grant-before-join.js';
import { readScriptReport } from './script.js';

/*
 * Chris Lumnah, "Automatic Seeding Error" (S129): on sql2016n2, which had not joined Group1,
 * 'ALTER AVAILABILITY GROUP [Group1] GRANT CREATE ANY DATABASE' failed with Msg 15151 ("Cannot
 * alter the availability group 'Group1', because it does not exist or you do not have
 * permission"); after 'ALTER AVAILABILITY GROUP Group1 JOIN' there it ran and seeding started.
 * S3, GRANT CREATE ANY DATABASE: "Run this parameter on every secondary replica that supports
 * direct seeding after that secondary joins the availability group". validate said "every option
 * checked" and nothing else.
 */
const name = 'blog-lumnah-grant-before-join.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const found = (script: string) => {
  const { script: read } = readScriptReport(script, { version: 2016, fileName: name });
  const grouped = new Set(configsAfterScript(read).flatMap((a) => a.statements));
  return grantBeforeJoinUnknowns(read.statements.filter((s) => !grouped.has(s)));
};

describe('GRANT CREATE ANY DATABASE on an instance the script does not join (ALTER-only)', () => {
  it('is unknown at its line, settled by the instance’s catalog or a JOIN before it', () => {
    const out = found(text);
    expect(out.map((p) => [p.line, p.reason.code])).toEqual([
      [30, 'GRANT_CREATE_DATABASE_JOIN_UNKNOWN'],
    ]);
    expect(out[0]?.reason.message).toContain('Msg 15151');
    expect(out[0]?.reason.settledBy).toEqual([
      'sys.availability_groups and sys.dm_hadr_availability_replica_states (is_local = 1) on sql2016n2',
      'ALTER AVAILABILITY GROUP [Group1] JOIN on sql2016n2 earlier in the script',
    ]);
  });

  it('says nothing once the post’s JOIN runs there first', () => {
    const joined = text.replace(
      ':Connect sql2016n2\n',
      ':Connect sql2016n2\n\nALTER AVAILABILITY GROUP Group1 JOIN\nGO\n',
    );
    expect(joined).not.toBe(text);
    expect(found(joined)).toEqual([]);
  });
});

describe('agstate validate on the post’s script', () => {
  it('reports the GRANT as unknown among the findings on groups the script does not create', async () => {
    const r = await run(['validate', name, '--sql-version', '2016', '--json'], {
      files: { [name]: text },
    });
    const out = result(r) as { ungrouped: { unknown: { code: string }[] } };
    expect(out.ungrouped.unknown.map((u) => u.code)).toEqual([
      'GRANT_CREATE_DATABASE_JOIN_UNKNOWN',
    ]);
  });
});
