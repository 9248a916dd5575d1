import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Perform a planned manual failover of an availability group" (S45): "A planned manual failover
 * is supported only when the primary replica and the target secondary replica are running in
 * synchronous-commit mode". SQL Server's refusal on the target is Msg 41142 ("Database engine
 * events and errors (31000 to 41399)"): "The availability replica for availability group '%.*ls'
 * on this instance of SQL Server cannot become the primary replica. One or more databases are not
 * synchronized or have not joined the availability group. If the availability replica uses the
 * asynchronous-commit mode, consider performing a forced manual failover (with possible data
 * loss)." A published failover script checks the same before it runs FAILOVER
 * (trayce@seekwellandprosper.com, FailoverAG.sql: "The replica is configured for SYNCHRONOUS mode
 * (@SyncMode = 1)").
 *
 * The input is S44's example as a script (fixtures/docs-forced-failover-original-topology.sql):
 * after the forced failover to NODE04 (asynchronous commit), "Returning the Availability Group to
 * its Original Topology" step 2 changes "the new primary replica to synchronous-commit mode" before
 * step 3's planned failover to NODE01. validate said "valid" with that step 2 left out, and with
 * the FAILOVER run on NODE05, an asynchronous-commit replica.
 */
const name = 'docs-forced-failover-original-topology.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const fold = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2016, fileName: name }).script)[0]!;
const refusals = (script: string) => fold(script).notApplied.map((n) => [n.line, n.reason.code]);
const lineOf = (script: string, line: string) => script.split('\n').indexOf(line) + 1;
const stepTwo =
  "ALTER AVAILABILITY GROUP [AG] MODIFY REPLICA ON N'NODE03' WITH (AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT);\nALTER AVAILABILITY GROUP [AG] MODIFY REPLICA ON N'NODE04' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);\n";
const stepThree = ':Connect NODE01\nALTER AVAILABILITY GROUP [AG] FAILOVER;\n';

describe('a planned FAILOVER with the primary or the target in asynchronous commit (S45, Msg 41142)', () => {
  it('takes the page order: NODE04 made synchronous first, then FAILOVER on NODE01', () => {
    expect(refusals(text)).toEqual([]);
  });

  it('refuses step 3 without step 2: the primary NODE04 still runs asynchronous commit', () => {
    const skipped = text.replace(stepTwo, '');
    expect(skipped).not.toBe(text);
    const line = lineOf(skipped, 'ALTER AVAILABILITY GROUP [AG] FAILOVER;');
    const ag = fold(skipped);
    expect(ag.notApplied.map((n) => [n.line, n.reason.code])[0]).toEqual([
      line,
      'PRIMARY_NOT_SYNCHRONOUS_COMMIT',
    ]);
    expect(ag.notApplied[0]!.reason.message).toContain(
      'the primary NODE04 runs ASYNCHRONOUS_COMMIT at this line',
    );
    expect(ag.notApplied[0]!.reason.rule.document).toBe(
      'Perform a planned manual failover of an availability group',
    );
    // No replica changed role: step 4's MODIFY REPLICA statements run on a secondary, NODE01.
    expect(ag.notApplied.slice(1).map((n) => n.reason.code)).toEqual([
      'STATEMENT_NOT_ON_PRIMARY',
      'STATEMENT_NOT_ON_PRIMARY',
    ]);
  });

  it('refuses FAILOVER on NODE05, an asynchronous-commit secondary, naming Msg 41142', () => {
    const toDr = text.replace(
      stepThree,
      ':Connect NODE05\nALTER AVAILABILITY GROUP [AG] FAILOVER;\n',
    );
    expect(toDr).not.toBe(text);
    const ag = fold(toDr);
    const line = lineOf(toDr, 'ALTER AVAILABILITY GROUP [AG] FAILOVER;');
    expect(ag.notApplied[0]).toMatchObject({ line });
    expect(ag.notApplied[0]!.reason.code).toBe('TARGET_NOT_SYNCHRONOUS_COMMIT');
    expect(ag.notApplied[0]!.reason.message).toContain('Msg 41142');
    expect(ag.notApplied[0]!.reason.message).toContain('FORCE_FAILOVER_ALLOW_DATA_LOSS');
  });

  it('leaves FORCE_FAILOVER_ALLOW_DATA_LOSS on an asynchronous-commit replica alone', () => {
    // Step 2 of "Responding to the catastrophic failure": the forced failover to NODE04.
    expect(text).toContain(
      ':Connect NODE04\nALTER AVAILABILITY GROUP [AG] FORCE_FAILOVER_ALLOW_DATA_LOSS;',
    );
    expect(refusals(text).filter(([, code]) => code === 'TARGET_NOT_SYNCHRONOUS_COMMIT')).toEqual(
      [],
    );
  });
});
