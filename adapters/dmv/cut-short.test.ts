import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDmvProblem } from './problem.js';
import { example, problemsOf } from './test-support.js';

/*
 * sqlcmd -E -d master -h -1 -i snapshot-json.sql -o snapshot.txt, without -y 0: "-y … The
 * default is 256. It limits the number of characters that are returned for the large variable
 * length data types: varchar(max), nvarchar(max) …" ("sqlcmd utility", Formatting Options, S100).
 * The snapshot (examples/snapshots/outage-resolving-secondary.json, as FOR JSON PATH writes it)
 * stops after 256 characters; agstate listed only JSON syntax errors at the cut.
 */

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('a snapshot cut short by the tool that saved it', () => {
  it('says where sqlcmd cut it and which option keeps it whole', () => {
    const lines = problemsOf(fixture('capture-sqlcmd-json-cut-256.txt')).map(formatDmvProblem);
    expect(lines[0]).toBe(
      'snapshot (line 1): the snapshot stops after 256 characters: sqlcmd cuts a long value there unless run with -y 0 (docs/dmv-snapshot.md)',
    );
    expect(lines.length).toBeGreaterThan(1);
  });

  /*
   * Windows PowerShell: (Invoke-Sqlcmd -InputFile snapshot-json.sql).agstate_snapshot |
   * Set-Content snapshot.txt, without -MaxCharLength: "-MaxCharLength Specifies the maximum number
   * of characters returned for columns with character or Unicode data types, such as char, nchar,
   * varchar, and nvarchar. The default value is 4,000 characters" (Invoke-Sqlcmd,
   * MicrosoftDocs/sql-docs-powershell). The snapshot is examples/snapshots/primary.json.
   */
  it('says where Invoke-Sqlcmd cut it and which parameter keeps it whole', () => {
    const lines = problemsOf(fixture('capture-invoke-sqlcmd-cut-4000.txt')).map(formatDmvProblem);
    expect(lines[0]).toBe(
      'snapshot (line 1): the snapshot stops after 4000 characters: Invoke-Sqlcmd cuts a long value there unless -MaxCharLength is raised (docs/dmv-snapshot.md)',
    );
  });

  it('says nothing of a cut when the broken text has another length', () => {
    const text = JSON.stringify(JSON.parse(example('outage-resolving-secondary.json'))).slice(
      0,
      300,
    );
    expect(
      problemsOf(text)
        .map((p) => p.message)
        .join('\n'),
    ).not.toContain('stops after');
  });
});
