import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster/build.js';
import { clusterFacts } from '../cluster/facts.js';
import { step } from '../cluster/step.js';
import { simulateScenario } from '../cluster/test-support.js';
import { decide } from '../decide/decide.js';
import { stateKey } from '../explore/key.js';
import { connectToReplica } from '../routing/routing.js';

/**
 * 'Upgrading Always On Availability Group Replica Instances' (S64), Rolling Upgrade Process, as
 * examples/scenarios/rolling-upgrade.json writes it (two synchronous replicas with automatic
 * failover, one asynchronous remote one; names invented): "1. Remove automatic failover on all
 * synchronous-commit replicas 2. Upgrade all remote secondary replica instances running
 * asynchronous-commit secondary replicas 3. Upgrade the all local replica secondary instances that
 * are not currently running the primary replica 4. Manually fail over the availability group to a
 * local synchronous-commit secondary replica 5. Upgrade or update the local replica instance that
 * formerly hosted the primary replica 6. Configure automatic failover partners as desired".
 */
const doc = JSON.parse(
  readFileSync(new URL('../../examples/scenarios/rolling-upgrade.json', import.meta.url), 'utf8'),
);
const upTo = (n: number) => simulateScenario({ ...doc, steps: doc.steps.slice(0, n) });
const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);
const noteCodes = (sim: ReturnType<typeof simulateScenario>, i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []));
const copy = (sim: ReturnType<typeof simulateScenario>, replica: string) =>
  clusterFacts(sim.final).databaseReplicas.find((r) => r.replica === replica)!;

describe('a rolling upgrade (S64)', () => {
  const sim = simulateScenario(doc);

  it('takes every step but one: the old primary cannot resume before it is upgraded', () => {
    const refusals = sim.trace.flatMap((s, i) =>
      s.refused.length > 0 ? [[i, codes(s.refused)]] : [],
    );
    expect(refusals).toEqual([[11, ['RESUME_BEFORE_UPGRADE']]]);
    expect(sim.trace[11]!.refused[0]!.message).toMatch(
      /NODE1 runs SQL Server 2017, the primary NODE2 2019: "An upgraded primary replica can no longer ship logs/,
    );
    expect(noteCodes(sim, 3)).toEqual(['REPLICA_UPGRADED']);
  });

  it('keeps an upgraded secondary from reads and backups while the primary runs the earlier version', () => {
    // "During a version upgrade, readable secondaries cannot be read after an upgrade of the
    // readable secondary and before either the primary replica is failed over to an upgraded
    // secondary or the primary replica is upgraded"; "no replicas will be readable or available
    // for backups".
    const facts = clusterFacts(upTo(6).final);
    expect(facts.replicas.map((r) => [r.name, r.version])).toEqual([
      ['NODE1', 2017],
      ['NODE2', 2017],
      ['REMOTE1', 2019],
    ]);
    const read = connectToReplica(facts, {
      replica: 'REMOTE1',
      intent: 'READ_ONLY',
      database: 'SalesDB',
    });
    expect(read.outcome).toBe('refused');
    expect(codes(read.reasons)).toContain('CONNECT_SECONDARY_UPGRADED');
    const remote = decide(facts).backup[0]!.decisions.find((d) => d.replica === 'REMOTE1')!;
    expect(codes(remote.decision.reasons)).toContain('BACKUP_SECONDARY_UPGRADED');
    // Log still flows from the earlier version to the upgraded one: it caught up.
    expect(copy(upTo(6), 'REMOTE1').lastHardenedLsn).toBe(1n);
  });

  it('suspends the former primary, still on the earlier version, after the failover to the upgraded one', () => {
    const after = upTo(11);
    const node1 = copy(after, 'NODE1');
    expect(node1).toMatchObject({ isSuspended: true, synchronizationState: 'NOT SYNCHRONIZING' });
    // "When data movement to a secondary replica is suspended, no automatic failover can occur
    // for that replica": the commit after the failover waits for no copy on NODE1.
    expect(after.trace[10]!.observations.some((o) => o.type === 'commit.acknowledged')).toBe(true);
    const d = decide(clusterFacts(after.final));
    expect(codes(d.actions.flatMap((a) => a.why))).toContain('RESUME_AFTER_UPGRADE');
  });

  it('resumes the former primary once upgraded, and the group runs the later version', () => {
    expect(copy(sim, 'NODE1')).toMatchObject({
      isSuspended: false,
      synchronizationState: 'SYNCHRONIZED',
      lastHardenedLsn: 2n,
    });
    expect(sim.final.config.version).toBe(2019);
    expect(sim.final.config.productVersion).toBeNull();
    expect(decide(clusterFacts(sim.final)).failover.automaticTarget).toBe('NODE1');
  });
});

describe('replica.upgrade', () => {
  const start = createCluster(upTo(0).final.config);

  it('refuses a version that is not later than the one the instance runs', () => {
    const same = step(start, { type: 'replica.upgrade', replica: 'NODE2', version: 2017 });
    expect(codes(same.refused)).toEqual(['UPGRADE_NOT_LATER']);
    expect(same.cluster).toBe(start);
  });

  it('upgrades a primary in place as the stop and start it is: the group fails over first', () => {
    // "Do not upgrade the primary replica instance before failing over … Otherwise, client
    // applications may suffer extended downtime during the upgrade on the primary replica instance."
    const r = step(start, { type: 'replica.upgrade', replica: 'NODE1', version: 2019 });
    expect(r.refused).toEqual([]);
    const notes = r.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []));
    expect(notes).toContain('UPGRADE_PRIMARY_IN_PLACE');
    expect(clusterFacts(r.cluster).primary).toBe('NODE2');
    // NODE2, the new primary, runs 2017: the upgraded NODE1 receives its log as a secondary.
    expect(copy({ ...upTo(0), final: r.cluster }, 'NODE1').isSuspended).toBe(false);
  });

  it('keeps a replica upgraded apart in the explorer key', () => {
    const stopped = step(start, { type: 'replica.crash', replica: 'REMOTE1' }).cluster;
    const upgraded = step(stopped, { type: 'replica.upgrade', replica: 'REMOTE1', version: 2019 });
    expect(upgraded.refused).toEqual([]);
    expect(stateKey(upgraded.cluster, 0n, '0:0')).not.toBe(stateKey(stopped, 0n, '0:0'));
  });
});
