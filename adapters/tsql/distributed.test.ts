import { describe, expect, it } from 'vitest';
import { distributedFailoverSequence } from '../../core/distributed/sequence.js';
import { DistributedDriver } from '../../core/distributed/test-support.js';
import { renderDistributedSequence } from './distributed.js';
import { readScriptReport } from './script.js';

/**
 * The recommended failover of a distributed group as a sqlcmd script. Expected statements are
 * those of "Configure a distributed availability group" (S58), section "Fail over to a secondary
 * availability group", learn.microsoft.com/sql/database-engine/availability-groups/windows/
 * configure-distributed-availability-groups#failover: MODIFY … AVAILABILITY_MODE =
 * SYNCHRONOUS_COMMIT on both the global primary and the forwarder, SET (ROLE = SECONDARY) on the
 * global primary, FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder, and from SQL Server 2022 the
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT steps.
 */

const blocks = (script: string) =>
  script
    .split('\nGO\n')
    .map((b) => b.trim())
    .filter((b) => b !== '');

/** The :Connect target of the block that holds `text`. */
const serverOf = (script: string, text: string) =>
  blocks(script)
    .find((b) => b.includes(text))
    ?.match(/^:Connect (\S+)$/m)?.[1];

describe('renderDistributedSequence (S58)', () => {
  it('connects to the global primary and the forwarder for each documented statement (before SQL Server 2022)', () => {
    const d = new DistributedDriver(2019);
    const script = renderDistributedSequence(distributedFailoverSequence(d.distributed));
    expect(blocks(script).map((b) => b.split('\n')[0])).toEqual([
      '-- Step 1 on the global primary: stop all transactions on the global primary, then set SYNCHRONOUS_COMMIT',
      '-- Step 1 on the forwarder: set SYNCHRONOUS_COMMIT on the forwarder too',
      '-- Step 2 on the global primary: wait until SYNCHRONIZED with the same last_hardened_lsn per database',
      '-- Step 2 on the forwarder: the same check on the forwarder',
      '-- Step 3 on the global primary: set the distributed group role to SECONDARY on the global primary',
      '-- Step 4 on the global primary: test failover readiness: last_hardened_lsn the same on both groups per database',
      '-- Step 4 on the forwarder: the same check on the forwarder',
      '-- Step 5 on the forwarder: fail over from the primary group to the secondary group, on the forwarder',
    ]);
    expect(script).toContain(
      "ALTER AVAILABILITY GROUP [distributedag]\nMODIFY\nAVAILABILITY GROUP ON\n    N'ag1' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT),\n    N'ag2' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);",
    );
    expect(serverOf(script, 'SET (ROLE = SECONDARY)')).toBe('server1');
    expect(serverOf(script, 'FORCE_FAILOVER_ALLOW_DATA_LOSS')).toBe('server3');
    expect(script).toContain('drs.synchronization_state_desc, drs.last_hardened_lsn');
    expect(script).not.toContain('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT');
  });

  it('from SQL Server 2022 sets REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 before the demotion and = 0 on the previous global primary (S88)', () => {
    const d = new DistributedDriver(2022);
    const script = renderDistributedSequence(distributedFailoverSequence(d.distributed));
    const lines = blocks(script).map((b) => b.split('\n').at(-1));
    expect(lines).toEqual([
      "    N'ag2' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);",
      "    N'ag2' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);",
      'INNER JOIN sys.availability_groups AS ag ON drs.group_id = ag.group_id;',
      'INNER JOIN sys.availability_groups AS ag ON drs.group_id = ag.group_id;',
      'ALTER AVAILABILITY GROUP [distributedag] SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1);',
      'INNER JOIN sys.availability_groups AS ag ON drs.group_id = ag.group_id;',
      'INNER JOIN sys.availability_groups AS ag ON drs.group_id = ag.group_id;',
      'ALTER AVAILABILITY GROUP [distributedag] SET (ROLE = SECONDARY);',
      'ALTER AVAILABILITY GROUP [distributedag] FORCE_FAILOVER_ALLOW_DATA_LOSS;',
      'ALTER AVAILABILITY GROUP [distributedag] SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0);',
    ]);
    expect(serverOf(script, 'COMMIT = 1')).toBe('server1');
    expect(serverOf(script, 'COMMIT = 0')).toBe('server1');
    expect(serverOf(script, 'FORCE_FAILOVER_ALLOW_DATA_LOSS')).toBe('server3');
  });

  it('is a script the T-SQL reader reads without an error, each statement on the server its :Connect names', () => {
    const d = new DistributedDriver(2022);
    const sequence = distributedFailoverSequence(d.distributed);
    const report = readScriptReport(renderDistributedSequence(sequence), { version: 2022 });
    expect(report.errors).toEqual([]);
    expect(report.script.statements.map((s) => s.server)).toEqual(sequence.map((s) => s.server));
    expect(report.script.statements.map((s) => s.group)).toEqual(
      sequence.map((s) => (s.action.kind.startsWith('check') ? null : 'distributedag')),
    );
  });

  it('leaves out what is already done, and follows the forwarder after a failover inside its group', () => {
    const d = new DistributedDriver(2019);
    d.commit(2); // not yet at the forwarder
    d.do({ type: 'distributed.setAvailabilityMode', member: 'ag1', mode: 'SYNCHRONOUS_COMMIT' });
    d.do({ type: 'distributed.setAvailabilityMode', member: 'ag2', mode: 'SYNCHRONOUS_COMMIT' });
    d.member('ag2', { type: 'ag.failover', target: 'server4' });
    const statements = distributedFailoverSequence(d.distributed);
    expect(statements.filter((s) => s.done).map((s) => s.step)).toEqual([1, 1]);
    const script = renderDistributedSequence(statements);
    expect(script).not.toContain('MODIFY');
    expect(serverOf(script, 'FORCE_FAILOVER_ALLOW_DATA_LOSS')).toBe('server4');
    expect(renderDistributedSequence(statements, { includeDone: true })).toContain(
      '(already done)',
    );
  });
});
