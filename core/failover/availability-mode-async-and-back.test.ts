import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Change availability mode of a replica within an Always On availability group' (S119;
 * MicrosoftDocs/sql-docs change-the-availability-mode-of-an-availability-replica-sql-server.md),
 * Using Transact-SQL: "ALTER AVAILABILITY GROUP *group_name* MODIFY REPLICA ON '*server_name*' WITH
 * ( AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT , FAILOVER_MODE = MANUAL );", Note: "`FAILOVER_MODE =
 * AUTOMATIC` is supported only if you also specify `AVAILABILITY_MODE = SYNCHRONOUS_COMMIT`", and
 * the example back on AccountsAG: "MODIFY REPLICA ON 'INSTANCE09' WITH (AVAILABILITY_MODE =
 * SYNCHRONOUS_COMMIT); ... MODIFY REPLICA ON 'INSTANCE09' WITH (FAILOVER_MODE = AUTOMATIC);".
 * Synchronous-commit mode, "once the secondary replica is synchronized, supports manual failover
 * and, optionally, automatic failover"; 'Perform a planned manual failover' (S45): "the target
 * secondary replica must be synchronized with the primary replica".
 *
 * Invented: INSTANCE01, the endpoints, SQL Server 2019 and the commit count.
 */
const document = JSON.parse(
  readFileSync(
    new URL('./fixtures/docs-availability-mode-async-and-back.json', import.meta.url),
    'utf8',
  ),
);
const sim = simulateScenario(document);
const at = (i: number) => sim.trace[i]!;
const accounts = (i: number, replica: string) =>
  at(i).facts.databaseReplicas.find((d) => d.replica === replica && d.database === 'Accounts');
const codes = (i: number) => at(i).refused.map((r) => r.code);

describe('S119: asynchronous commit and back, then a planned failover (S45)', () => {
  it('takes both modes in one MODIFY REPLICA, and commits no longer wait for INSTANCE09', () => {
    expect(codes(0)).toEqual([]);
    expect(accounts(0, 'INSTANCE09')?.synchronizationState).toBe('SYNCHRONIZING');
    expect(at(1).observations).toContainEqual(
      expect.objectContaining({ type: 'commit.acknowledged', hardenedOn: ['INSTANCE01'] }),
    );
  });

  it('refuses the failover until INSTANCE09, synchronous again, is SYNCHRONIZED', () => {
    expect(codes(2)).toEqual([]);
    expect(codes(3)).toEqual([]);
    expect(codes(4)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    expect(accounts(6, 'INSTANCE09')?.synchronizationState).toBe('SYNCHRONIZED');
    expect(codes(7)).toEqual([]);
    expect(at(7).facts.primary).toBe('INSTANCE09');
  });

  it('refuses ASYNCHRONOUS_COMMIT alone while the replica keeps FAILOVER_MODE = AUTOMATIC', () => {
    const alone = simulateScenario({
      ...document,
      steps: [
        {
          event: {
            type: 'replica.setAvailabilityMode',
            replica: 'INSTANCE09',
            mode: 'ASYNCHRONOUS_COMMIT',
          },
        },
      ],
    });
    expect(alone.trace[0]!.refused.map((r) => r.code)).toEqual([
      'AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT',
    ]);
  });
});
