import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * "Use automatic seeding to initialize a secondary replica for an Always On availability group"
 * (SEED001): on each secondary, after it joins, "ALTER AVAILABILITY GROUP [<availability_group_name>]
 * GRANT CREATE ANY DATABASE"; without it the secondary logs "Local availability replica for
 * availability group … has not been granted permission to create databases, but has a SEEDING_MODE
 * of AUTOMATIC", and no copy is seeded. The SSMS wizard script of TestAG2 (the fixture's header
 * names it) runs the GRANT on logansqltest02 after its JOIN; without that line a script joins a
 * secondary that never receives the group's databases, and validate said "valid" with no word.
 */
const name = 'ssms-wizard-two-async-replicas.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const grant = 'ALTER AVAILABILITY GROUP [TestAG2] GRANT CREATE ANY DATABASE;';
const warningsOf = (script: string) =>
  readScriptReport(script, { version: 2016, fileName: name })
    .script.warnings.map((w) => [w.line, w.text])
    .filter(([, t]) => String(t).includes('GRANT CREATE ANY DATABASE'));

describe('a secondary joined with SEEDING_MODE = AUTOMATIC (SEED001)', () => {
  it('as the wizard wrote it, with the GRANT after the JOIN: nothing to say', () => {
    expect(text).toContain(grant);
    expect(warningsOf(text)).toEqual([]);
  });

  it('without the GRANT: a warning at the JOIN, naming the statement and the log message', () => {
    const warnings = warningsOf(text.replace(grant, ''));
    expect(warnings).toHaveLength(1);
    const [line, message] = warnings[0]!;
    expect(line).toBe(111);
    expect(message).toContain(
      'logansqltest02 joins TestAG2 with SEEDING_MODE = AUTOMATIC, and the script never runs ALTER AVAILABILITY GROUP [TestAG2] GRANT CREATE ANY DATABASE there after it',
    );
    expect(message).toContain('nor restores TSQL2012, WideWorldImporters there');
    expect(message).toContain('has not been granted permission to create databases');
  });

  it('with the GRANT before the JOIN (refused there, Msg 15151): still a warning', () => {
    const join = 'ALTER AVAILABILITY GROUP [TestAG2] JOIN;';
    const swapped = text.replace(grant, '').replace(join, `${grant}\nGO\n${join}`);
    expect(warningsOf(swapped).map(([, t]) => String(t).slice(0, 40))).toEqual([
      'logansqltest02 joins TestAG2 with SEEDIN',
    ]);
  });
});
