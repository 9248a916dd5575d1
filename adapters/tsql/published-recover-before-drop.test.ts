import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * 'Remove an Availability Group (SQL Server)': drop the group on the primary ("DROP AVAILABILITY
 * GROUP MyAG;"), after which the secondary's copy can be recovered. Recovered first, while still
 * joined, SQL Server refuses it: KB2857849 (S102), "RESTORE DATABASE <DatabaseName> WITH RECOVERY"
 * on a database "defined in an availability group" gets "Msg 3104 ... RESTORE cannot operate on
 * database <DatabaseName> because it is configured for database mirroring or has joined an
 * availability group". The recovery-only RESTORE (no FROM) was passed over and the script was
 * valid without a word. The fixture is examples/tsql/manual-seeding.sql with the two steps.
 */
const name = 'docs-remove-ag-recover-before-drop.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const recovery = ':Connect $(Secondary)\nRESTORE DATABASE [Sales] WITH RECOVERY;\nGO\n';
const drop = ':Connect $(Primary)\nDROP AVAILABILITY GROUP [$(AG)];\nGO\n';
const warningsOf = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.filter((w) => w.text.includes('Msg 3104'))
    .map((w) => [w.line, w.text] as const);

describe('RESTORE … WITH RECOVERY on a joined secondary copy (Msg 3104)', () => {
  it('the recovery before the DROP: a warning at the RESTORE naming the join and the way out', () => {
    const warnings = warningsOf(text);
    expect(warnings).toHaveLength(1);
    const [line, message] = warnings[0]!;
    expect(line).toBe(102);
    expect(message).toContain(
      'the script joined Sales there to SalesAG at line 98 and has not taken it out of the group since',
    );
    expect(message).toContain('ALTER DATABASE [Sales] SET HADR OFF on SQLNODE2');
    expect(message).toContain('DROP AVAILABILITY GROUP [SalesAG] on the primary');
  });

  it('the documented order, DROP on the primary and then the recovery: no such warning', () => {
    expect(text).toContain(recovery + drop);
    expect(warningsOf(text.replace(recovery + drop, drop + recovery))).toEqual([]);
  });

  it('after SET HADR OFF on the secondary: no such warning', () => {
    const off = ':Connect $(Secondary)\nALTER DATABASE [Sales] SET HADR OFF;\nGO\n';
    expect(warningsOf(text.replace(recovery, off + recovery))).toEqual([]);
  });
});
