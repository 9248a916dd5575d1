import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * "Remove a Secondary Database from an Availability Group" (S141) on a secondary seeded
 * automatically (fixture header: the page's SET HADR OFF and recovery, then the restart of
 * automatic seeding of 'Automatically initialize Always On availability group', S19, "This will
 * force a database to restart seeding if needed"). S141, Follow Up: "if you recover a removed
 * secondary database, two divergent, independent databases that have the same name are online";
 * sys.dm_hadr_automatic_seeding (S20) lists failure_state "23 = Database With Name Already
 * Exists". validate said nothing of the seeding started towards a database online under that
 * name; the join of such a copy was already a warning (recovered-joins.ts), its seeding was not.
 */
const name = 'docs-remove-secondary-db-recover-reseed.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const seedingWarnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.filter((w) => w.text.startsWith('automatic seeding of MyDb2 to N2'))
    .map((w) => [w.line, w.text] as const);

describe('automatic seeding towards a database recovered on the secondary (S20 failure_state 23)', () => {
  it('the restart after the recovery: a warning naming failure_state 23 and what settles it', () => {
    const warnings = seedingWarnings(text);
    expect(warnings).toHaveLength(1);
    const [line, message] = warnings[0]!;
    expect(line).toBe(26);
    expect(message).toContain('brought MyDb2 online on N2 at line 23 (a restore WITH RECOVERY)');
    expect(message).toContain('failure_state 23, "Database With Name Already Exists"');
    expect(message).toContain('a second, independent database of the same name');
    expect(message).toContain('sys.dm_hadr_automatic_seeding and by sys.databases on N2');
  });

  it('without the recovery: the restart reseeds a copy taken out, no such warning', () => {
    const recovery = 'RESTORE DATABASE MyDb2 WITH RECOVERY;';
    expect(text).toContain(recovery);
    expect(seedingWarnings(text.replace(recovery, ''))).toEqual([]);
  });

  it('with N2 set to MANUAL instead of the restart: nothing is seeded, no such warning', () => {
    const manual = text.replace(
      "MODIFY REPLICA ON N'N2' WITH (SEEDING_MODE = AUTOMATIC)",
      "MODIFY REPLICA ON N'N2' WITH (SEEDING_MODE = MANUAL)",
    );
    expect(manual).not.toBe(text);
    expect(seedingWarnings(manual)).toEqual([]);
  });

  it('recovered before the GRANT: the GRANT starts the seeding, and it is warned there', () => {
    const moved = text
      .replace('ALTER AVAILABILITY GROUP [MyAG] GRANT CREATE ANY DATABASE;\nGO\n', '')
      .replace(
        'RESTORE DATABASE MyDb2 WITH RECOVERY;\nGO\n',
        'RESTORE DATABASE MyDb2 WITH RECOVERY;\nGO\nALTER AVAILABILITY GROUP [MyAG] GRANT CREATE ANY DATABASE;\nGO\n',
      );
    const warnings = seedingWarnings(moved);
    // The GRANT starts it, and the restart after it starts it again: each is warned.
    expect(warnings.map(([line]) => line)).toEqual([23, 26]);
  });
});
