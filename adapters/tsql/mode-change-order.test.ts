import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Perform a forced manual failover of an availability group" (S44), Example Scenario, Returning
 * the Availability Group to its Original Topology, step 2: "1) Change one offline availability
 * replica to asynchronous-commit mode. 2) Change the new primary replica to synchronous-commit
 * mode." With three synchronous-commit replicas already (SQL Server 2016 allows three), the order
 * matters: the primary made synchronous first would be a fourth, a change the step refuses
 * (TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS), and so does SQL Server. The fixture is the page's
 * procedure as a script; the swapped script runs step 2's two statements the other way round.
 */
const text = readFileSync(
  new URL('./fixtures/docs-forced-failover-original-topology.sql', import.meta.url),
  'utf8',
);
const first = "MODIFY REPLICA ON N'NODE03' WITH (AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT);\n";
const second = "MODIFY REPLICA ON N'NODE04' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);\n";
const swapped = text.replace(
  `ALTER AVAILABILITY GROUP [AG] ${first}ALTER AVAILABILITY GROUP [AG] ${second}`,
  `ALTER AVAILABILITY GROUP [AG] ${second}ALTER AVAILABILITY GROUP [AG] ${first}`,
);
const fold = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2016, fileName: 'ag.sql' }).script)[0]!;
const modes = (script: string) =>
  Object.fromEntries(fold(script).config.replicas.map((r) => [r.name, r.availabilityMode]));

describe('MODIFY REPLICA of a mode, judged at its statement (S44 example; the step refuses alike)', () => {
  it('applies the page order: one replica to asynchronous commit, then the primary to synchronous', () => {
    expect(fold(text).notApplied).toEqual([]);
    expect(modes(text)).toEqual({
      NODE01: 'SYNCHRONOUS_COMMIT',
      NODE02: 'SYNCHRONOUS_COMMIT',
      NODE03: 'SYNCHRONOUS_COMMIT',
      NODE04: 'ASYNCHRONOUS_COMMIT',
      NODE05: 'ASYNCHRONOUS_COMMIT',
    });
  });

  it('refuses the primary made synchronous first, a fourth synchronous-commit replica, at its line', () => {
    expect(swapped).not.toBe(text);
    const ag = fold(swapped);
    // With NODE04 left asynchronous, step 3's planned failover is refused too: "A planned manual
    // failover is supported only when the primary replica and the target secondary replica are
    // running in synchronous-commit mode" (S45). NODE04 stays primary, so step 4 runs on a
    // secondary, NODE01.
    expect(ag.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [26, 'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS'],
      [31, 'PRIMARY_NOT_SYNCHRONOUS_COMMIT'],
      [36, 'STATEMENT_NOT_ON_PRIMARY'],
      [37, 'STATEMENT_NOT_ON_PRIMARY'],
    ]);
    // NODE04 stays asynchronous; the statements after it still run as written.
    expect(modes(swapped).NODE04).toBe('ASYNCHRONOUS_COMMIT');
  });

  it('refuses AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT alone on a replica with automatic failover', () => {
    const asyncFirst = `${text}:Connect NODE01
ALTER AVAILABILITY GROUP [AG] MODIFY REPLICA ON N'NODE02' WITH (AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT);
ALTER AVAILABILITY GROUP [AG] MODIFY REPLICA ON N'NODE02' WITH (FAILOVER_MODE = MANUAL);
GO
`;
    expect(fold(asyncFirst).notApplied.map((n) => n.reason.code)).toEqual([
      'AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT',
    ]);
  });
});
