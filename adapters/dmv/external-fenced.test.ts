import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "High availability and data protection for availability group configurations" (S29, Microsoft
 * docs, linux/sql-server-linux-availability-group-ha.md, "Understand SQL Server resource agent for
 * pacemaker"): with three synchronous replicas "two replicas have to respond for the failover to
 * be triggered … If only one of the secondary replicas responds to the pre-promote action, the
 * resource agent cannot guarantee that the secondary that responded has the highest
 * sequence_number, and a failover is not triggered." The agent says so as "Not enough replicas to
 * promote … Need 2 but have 1" (microsoft/mssql-server-ha issue #10). The snapshot: the three
 * synchronous replicas of S30's Pacemaker group (node1 primary, REQUIRED_SYNCHRONIZED_SECONDARIES_
 * TO_COMMIT 1, the agent's value for three), taken on node2 after node1's node was fenced: node2
 * DISCONNECTED, db1 NOT SYNCHRONIZING. A secondary's snapshot shows nothing of node3; LSNs invented.
 */
const text = readFileSync(
  new URL('./fixtures/docs-linux-external-primary-fenced.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

/** The same moment seen from node3: running, DISCONNECTED from the lost primary like node2. */
const onNode3 = (): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  const node3 = rowsOf(s, 'sys.availability_replicas').find(
    (r) => r.replica_server_name === 'node3',
  )!.replica_id;
  for (const view of [
    'sys.dm_hadr_availability_replica_states',
    'sys.dm_hadr_database_replica_states',
  ])
    for (const row of rowsOf(s, view)) row.replica_id = node3;
  return JSON.stringify(s);
};

describe('a Pacemaker group whose primary node was fenced, seen from a secondary', () => {
  const facts = factsOf(text);

  it('leaves the sequence-number count unknown while the other secondary is unseen, naming it', () => {
    const node2 = decide(facts, { target: 'node2' }).failover.targets[0]!;
    expect(node2.automatic.status).toBe('unknown');
    expect(codes(node2.automatic.reasons)).toContain('EXTERNAL_SEQUENCE_NUMBERS_UNKNOWN');
    expect(codes(node2.automatic.reasons)).not.toContain('EXTERNAL_TOO_FEW_SEQUENCE_NUMBERS');
    const why = node2.automatic.reasons.find(
      (r) => r.code === 'EXTERNAL_SEQUENCE_NUMBERS_UNKNOWN',
    )!;
    expect(why.message).toContain('node3');
    expect(why.settledBy?.some((c) => c.includes('node3'))).toBe(true);
  });

  it('counts node3 once its own snapshot shows it running: two of three can answer', () => {
    const merged = mergeFacts(
      { source: 'node2.json', facts },
      { source: 'node3.json', facts: factsOf(onNode3()) },
    );
    const node2 = decide(merged.facts, { target: 'node2' }).failover.targets[0]!;
    expect(codes(node2.automatic.reasons)).not.toContain('EXTERNAL_SEQUENCE_NUMBERS_UNKNOWN');
    expect(codes(node2.automatic.reasons)).not.toContain('EXTERNAL_TOO_FEW_SEQUENCE_NUMBERS');
  });

  it('names the Pacemaker cluster status, not sys.dm_hadr_cluster, to settle quorum', () => {
    // "Configure a Pacemaker cluster for SQL Server availability groups" (S91): "Availability
    // group dynamic management views (DMVs) that query cluster information return empty rows on
    // Pacemaker clusters", so that view cannot say whether the cluster has quorum.
    const node2 = decide(facts, { target: 'node2' }).failover.targets[0]!;
    const why = node2.forced.reasons.find((r) => r.code === 'QUORUM_UNKNOWN')!;
    expect(why.settledBy?.[0]).toBe('pcs status (or crm status): "partition with quorum"');
    expect(why.settledBy?.join(' ')).not.toContain('sys.dm_hadr_cluster.');
  });
});
