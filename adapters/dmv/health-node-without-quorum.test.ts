import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * AWS Launch Wizard for SQL Server user guide, "High availability and security best practices"
 * (S99), Automatic failover: a "two-node automatic failover cluster with a file share witness" and
 * an availability group "with two availability replicas"; "the failure of Availability Zone 1,
 * which contains the primary node and file share witness, would prevent automatic failover to
 * Availability Zone 2 because the cluster would fail as it loses quorum", then "forcing quorum on
 * the second cluster node (for example, WSFCNode2)". The fixture is WSFCNode2's own snapshot in
 * that state: RESOLVING, no sys.dm_hadr_cluster row (S107), no database row. It does not show
 * whether the group has databases, so their health cannot be "every database in its target state".
 */
const text = readFileSync(
  new URL('./fixtures/docs-aws-launch-wizard-az1-lost-node2.json', import.meta.url),
  'utf8',
);

describe('synchronization health on the surviving node of a two-node group that lost quorum (S99)', () => {
  const facts = factsOf(text, { version: 2019 });
  const report = decide(facts).synchronizationHealth;

  it('leaves every replica and the group unknown, naming the views that settle it', () => {
    expect(facts.quorum).toBe('LOST');
    expect(report.replicas.map((r) => [r.replica, r.health])).toEqual([
      ['WSFCNode1', null],
      ['WSFCNode2', null],
    ]);
    for (const r of report.replicas) {
      expect(r.reasons.map((x) => x.code)).toEqual(['REPLICA_HEALTH_UNKNOWN']);
      expect(r.reasons[0]?.settledBy).toContain(
        "sys.dm_hadr_database_replica_states.synchronization_state_desc (the group's databases: their rows, or none)",
      );
    }
    expect(report.group.health).toBeNull();
    expect(report.group.reasons.map((x) => x.code)).toEqual(['GROUP_HEALTH_UNKNOWN']);
  });

  it("takes the replica's own synchronization_health_desc where the snapshot reports it", () => {
    const json = JSON.parse(text) as Record<string, Record<string, unknown>[]>;
    const own = json['sys.dm_hadr_availability_replica_states']![0]!;
    own.synchronization_health_desc = 'NOT_HEALTHY';
    const reported = decide(factsOf(JSON.stringify(json), { version: 2019 })).synchronizationHealth;
    const node2 = reported.replicas.find((r) => r.replica === 'WSFCNode2')!;
    expect(node2.health).toBe('NOT_HEALTHY');
    expect(node2.reasons.map((x) => x.code)).toEqual([
      'HEALTH_REPORTED',
      'HEALTH_RULES_DIFFER',
      'REPLICA_HEALTH_UNKNOWN',
    ]);
  });

  it('keeps a group with quorum and no database HEALTHY: its node shows the whole group', () => {
    const json = JSON.parse(text) as Record<string, unknown>;
    json['sys.dm_hadr_cluster'] = [
      {
        cluster_name: 'WSFC',
        quorum_type_desc: 'NODE_AND_FILE_SHARE_MAJORITY',
        quorum_state_desc: 'NORMAL_QUORUM',
      },
    ];
    const healthy = decide(factsOf(JSON.stringify(json), { version: 2019 })).synchronizationHealth;
    expect(healthy.group.health).toBe('HEALTHY');
  });
});
