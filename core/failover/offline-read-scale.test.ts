import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { simulate } from '../cluster/simulate.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';

/**
 * The read-scale failover include, revised (S108; MicrosoftDocs/sql-docs
 * docs/includes/ss-force-failover-read-scale-out.md @371b6fa8, the same steps in the Linux page
 * "Configure SQL Server availability group with custom high availability logic", ms.date
 * 02/04/2026), "Manual failover without data loss": "4. Set the primary replica and the secondary
 * replica(s) not participating in the failover offline to prepare for the role change: ALTER
 * AVAILABILITY GROUP [AGRScale] OFFLINE", "5. Promote the target secondary replica to primary.
 * ALTER AVAILABILITY GROUP AGRScale FORCE_FAILOVER_ALLOW_DATA_LOSS;", "6. Update the role of the
 * old primary and other secondaries to SECONDARY … SET (ROLE = SECONDARY)", "7. Resume data
 * movement". The fixture runs those steps on node1 (primary), node2 (target) and node3 (not
 * participating).
 */
const fixture = () => {
  const raw: unknown = JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-read-scale-offline-failover.json', import.meta.url),
      'utf8',
    ),
  );
  const decoded = ScenarioInput.decode(raw);
  if (E.isLeft(decoded)) throw new Error('the fixture does not decode');
  return decoded.right;
};

describe('CLUSTER_TYPE NONE: OFFLINE on the primary, then a forced failover (S108)', () => {
  const scenario = fixture();
  const run = (steps = scenario.steps) =>
    simulate(resolveConfig(scenario.config as ConfigInput), steps, {
      baseLsn: scenario.baseLsn ?? 0n,
    });
  const sim = run();
  const at = (i: number) => sim.trace[i]!;
  const role = (i: number, replica: string) =>
    at(i).facts.replicas.find((r) => r.name === replica)?.role;
  const copy = (i: number, replica: string) =>
    at(i).facts.databaseReplicas.find((d) => d.replica === replica);

  it('takes every step of the documented procedure', () => {
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([]);
  });

  it('OFFLINE takes only the replica it runs on out of its role', () => {
    expect(role(5, 'node1')).toBe('RESOLVING');
    expect(role(5, 'node2')).toBe('SECONDARY');
    expect(at(5).facts.primary).toBeNull();
    expect(role(6, 'node3')).toBe('RESOLVING');
    expect(role(6, 'node2')).toBe('SECONDARY');
  });

  it('the forced failover makes node2 primary without losing an acknowledged commit', () => {
    expect(at(7).facts.primary).toBe('node2');
    const done = at(7).observations.find((o) => o.type === 'failover.completed');
    expect(done?.type === 'failover.completed' ? done.lost : null).toEqual([]);
    // The replicas taken offline hold no role until SET (ROLE = SECONDARY) runs on them.
    expect(role(7, 'node1')).toBe('RESOLVING');
    expect(role(7, 'node3')).toBe('RESOLVING');
  });

  it('SET (ROLE = SECONDARY) makes the old primary and node3 suspended secondaries of node2', () => {
    expect(role(9, 'node1')).toBe('SECONDARY');
    expect(role(9, 'node3')).toBe('SECONDARY');
    expect(copy(9, 'node1')?.isSuspended).toBe(true);
  });

  it('after RESUME node1 is SYNCHRONIZED and a commit waits for it', () => {
    expect(copy(11, 'node1')?.synchronizationState).toBe('SYNCHRONIZED');
    expect(copy(11, 'node3')?.synchronizationState).toBe('SYNCHRONIZING');
    expect(role(12, 'node2')).toBe('PRIMARY');
    expect(at(12).facts.primary).toBe('node2');
  });

  it('keeps S73: OFFLINE on the primary is refused while a synchronous secondary is behind', () => {
    const behind = run([
      ...scenario.steps.slice(0, 2),
      { event: { type: 'db.commit', database: 'AGDBRScale' } },
      { event: { type: 'ag.offline' } },
    ]);
    expect(behind.trace[3]!.refused.map((r) => r.code)).toEqual([
      'SYNCHRONOUS_SECONDARY_NOT_SYNCHRONIZED',
    ]);
  });
});
