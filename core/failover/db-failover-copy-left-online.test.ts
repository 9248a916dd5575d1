import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { simulate } from '../cluster/simulate.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';

/**
 * "Enable enhanced database failover to a database in an Always On availability group"
 * (MicrosoftDocs/sql-docs, enhanced-database-failover.md; DB_FAILOVER, S28), Scenario 3: "Access
 * to the disk containing DB2's data and transaction log files is lost. When the problem is
 * detected, the availability group will automatically fail over to Instance B." DB2 stays out of
 * ONLINE on Instance A, now a secondary; Instance B commits to DB2 alone. Automatic failover goes
 * only to a secondary whose databases are synchronized (S2; S8 is_failover_ready: "1 = The
 * database is marked as synchronized in the cluster"), so when Instance B then stops, nothing may
 * fail over to Instance A: that would lose the acknowledged DB2 commit.
 */
const scenario = (() => {
  const raw: unknown = JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-enhanced-db-failover-then-crash.json', import.meta.url),
      'utf8',
    ),
  );
  const decoded = ScenarioInput.decode(raw);
  if (E.isLeft(decoded)) throw new Error('the fixture does not decode');
  return decoded.right;
})();

describe('DB_FAILOVER, then the copy left out of ONLINE on the old primary (enhanced failover, Scenario 3)', () => {
  const sim = simulate(resolveConfig(scenario.config as ConfigInput), scenario.steps, {
    baseLsn: scenario.baseLsn ?? 0n,
  });
  const at = (i: number) => sim.trace[i]!;

  it('fails the group over to Instance B when DB2 leaves ONLINE', () => {
    expect(at(3).facts.primary).toBe('InstanceB');
  });

  it('does not mark DB2 on Instance A failover-ready once Instance B commits without it', () => {
    const row = at(5).facts.databaseReplicas.find(
      (d) => d.replica === 'InstanceA' && d.database === 'DB2',
    );
    expect(row).toMatchObject({
      databaseState: 'RECOVERY_PENDING',
      synchronizationState: 'NOT SYNCHRONIZING',
      isFailoverReady: false,
    });
  });

  it('makes no automatic failover to Instance A when Instance B stops, so no acknowledged commit is lost', () => {
    const crash = at(6);
    expect(crash.facts.primary).toBeNull();
    expect(crash.observations).not.toContainEqual(
      expect.objectContaining({ type: 'failover.completed' }),
    );
    expect(
      JSON.stringify(crash.observations, (_k, v) => (typeof v === 'bigint' ? `${v}` : v)),
    ).toContain('DATABASE_NOT_FAILOVER_READY');
  });
});
