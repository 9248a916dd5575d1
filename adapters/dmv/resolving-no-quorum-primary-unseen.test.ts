import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { fleetVerdict } from '../../core/decide/fleet.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * dba.stackexchange.com q/337973 (askoverflow.dev/pt/dba/question/337973, quotes translated back):
 * "Case 1: the primary has quorum, since it can still talk to the cloud witness ... SQL is still
 * running at the primary site and thinks it is the primary." The DR node NODE3 is cut off: its own
 * snapshot shows RESOLVING, sys.dm_hadr_cluster without a row (S107: "If the WSFC node has no
 * quorum, no row is returned") and primary_replica NULL, which sys.dm_hadr_availability_group_states
 * (S49) reads "NULL = Not the primary replica or unable to communicate with the WSFC failover
 * cluster". It does not show that the group has no primary: NODE1 takes transactions meanwhile.
 */
const load = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('a RESOLVING replica whose node has no quorum, primary_replica NULL', () => {
  it('does not say the group has no primary: the commit is unknown, not refused', () => {
    const facts = load('qa-split-site-dr-node-cut-off.json');
    expect(facts.groupState).toBeUndefined();
    const commit = decide(facts).commit[0];
    expect(commit?.acknowledgement).toBe('unknown');
    expect(commit?.reasons.map((r) => r.code)).toEqual([
      'QUORUM_LOST_ON_SNAPSHOT_NODE',
      'NO_PRIMARY_VIEW',
    ]);
  });

  it('still reads a RESOLVING replica with quorum and no primary named as a group without one', () => {
    const raw = JSON.parse(
      readFileSync(
        new URL('./fixtures/qa-split-site-dr-node-cut-off.json', import.meta.url),
        'utf8',
      ),
    ) as Record<string, unknown>;
    raw['sys.dm_hadr_cluster'] = [
      {
        cluster_name: 'CLU',
        quorum_type_desc: 'NODE_AND_CLOUD_WITNESS_MAJORITY',
        quorum_state_desc: 'NORMAL_QUORUM',
      },
    ];
    const facts = factsOf(JSON.stringify(raw));
    expect(facts.groupState).toBe('RESOLVING');
    expect(decide(facts).commit[0]?.reasons.map((r) => r.code)).toContain('NO_PRIMARY');
  });

  it('leaves the listener unknown, not offline and without a primary: the other side may run it', () => {
    const d = decide(load('qa-split-site-dr-node-cut-off.json'));
    for (const connection of [d.routing.readWrite, d.routing.readOnly]) {
      expect(connection.outcome).toBe('unknown');
      expect(connection.reasons.map((r) => r.code)).toEqual([
        'QUORUM_LOST_ON_SNAPSHOT_NODE',
        'UNKNOWN_PRIMARY',
      ]);
      expect(connection.reasons[1]?.settledBy?.join(' ')).toContain("another replica's node");
    }
  });

  it('does not say no replica is preferred for a backup: the catalog lists NODE3 alone (S32)', () => {
    const [backup] = decide(load('qa-split-site-dr-node-cut-off.json')).backup;
    expect(backup?.preferred.replicas).toEqual([]);
    expect(backup?.preferred.unseenReplicas).toBe(true);
    const codes = backup?.preferred.reasons.map((r) => r.code) ?? [];
    expect(codes).toContain('BACKUP_REPLICAS_UNSEEN');
    expect(codes).not.toContain('BACKUP_NO_CANDIDATE');
    // NODE3 itself is RESOLVING: its own job skips, whatever the unseen replicas do.
    expect(backup?.decisions.map((x) => [x.replica, x.decision.action])).toEqual([
      ['NODE3', 'skip'],
    ]);
  });

  it('offers forcing quorum on NODE3 only with step 1: whether another node kept quorum', () => {
    const [force] = decide(load('qa-split-site-dr-node-cut-off.json')).actions.filter(
      (a) => a.event.type === 'quorum.force',
    );
    expect(force?.why.map((r) => r.code)).toEqual([
      'FORCE_QUORUM_DATA_LOSS',
      'FORCE_QUORUM_SCOPE_UNKNOWN',
    ]);
  });

  it('does not say automatic failover would go to no replica: unlisted ones may take the role', () => {
    const facts = load('qa-split-site-dr-node-cut-off.json');
    const d = decide(facts);
    expect(d.failover.automaticTarget).toBeNull();
    expect(d.failover.automaticUnlistedBeyond).toBe('NODE3');
    expect(fleetVerdict(facts).automaticUnlistedBeyond).toBe('NODE3');
  });

  it('merged with the old primary, neither with quorum: still unknown, the other side may run it', () => {
    // Each snapshot lists only its own replicas (S32) and no cluster member (S107): together they
    // show two nodes without quorum, not that no other node kept it (S124 step 1, the scope).
    const merged = mergeFacts(
      { source: 'node1', facts: load('qa-split-site-old-primary-no-quorum.json') },
      { source: 'node3', facts: load('qa-split-site-dr-node-cut-off.json') },
    ).facts;
    const d = decide(merged);
    expect(d.routing.readWrite.outcome).toBe('unknown');
    expect(d.routing.readWrite.reasons.map((r) => r.code)).toContain(
      'QUORUM_LOST_ON_SNAPSHOT_NODE',
    );
    expect(d.commit[0]?.acknowledgement).toBe('unknown');
    expect(d.failover.automaticUnlistedBeyond).toBe('NODE1 and NODE3');
    const force = d.actions.find((a) => a.event.type === 'quorum.force');
    expect(force?.why.map((r) => r.code)).toContain('FORCE_QUORUM_SCOPE_UNKNOWN');
  });
});
