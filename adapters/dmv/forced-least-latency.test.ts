import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * 'Perform a Forced Manual Failover of an Availability Group' (S44, MicrosoftDocs/sql-docs
 * docs/database-engine/availability-groups/windows/perform-a-forced-manual-failover-of-an-availability-group-sql-server.md,
 * ms.date 05/17/2016), "Example Scenario: Using a Forced Failover to Recover from a Catastrophic
 * Failure": "a main data center that hosts three synchronous-commit availability replicas,
 * including the primary replica, and a remote data center that hosts two asynchronous-commit
 * secondary replicas" (Node 01 to Node 05); "The main data center shuts down unexpectedly"; step 1
 * "quorum needs to be forced"; step 2 "The DBA connects to the server instance with the least
 * latency (on Node 04) and performs a forced manual failover", querying end_of_log_lsn as the
 * Recommendations say: "To determine which copy of a given secondary database has the least
 * latency, compare their end-of-log LSNs. A higher the end-of-log LSN indicates less latency";
 * "connect to each online secondary replica, in turn, and query sys.dm_hadr_database_replica_states
 * for the end_of_log_lsn value of each local secondary database ... Note that different databases
 * might have their highest LSNs on different secondary replicas. In this case, the most
 * appropriate failover target depends on the relative importance that you place on the data in the
 * different databases". After the failover "The secondary database rolls back any log records that
 * were never committed on the new primary database".
 *
 * The fixtures are the snapshots the DBA takes on NODE04 and NODE05 after step 1: each RESOLVING,
 * FORCED_QUORUM, NODE01 to NODE03 DOWN, each copy NOT SYNCHRONIZING with its own end_of_log_lsn,
 * NODE04 ahead on both databases. Invented: the group's name (AccountsAG, the page's T-SQL
 * example), the databases Accounts and Payments, ids, addresses, version, LSNs, which of NODE01 and
 * NODE02 take automatic failover.
 */
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const NODE04 = 'docs-catastrophic-failure-node04-forced-quorum.json';
const NODE05 = 'docs-catastrophic-failure-node05-forced-quorum.json';

const merged = (node05: string = fixture(NODE05)): ClusterFacts =>
  mergeFacts(
    { source: 'node04', facts: factsOf(fixture(NODE04)) },
    { source: 'node05', facts: factsOf(node05) },
  ).facts;

const forcedOffer = (facts: ClusterFacts, replica: string) =>
  decide(facts).actions.find(
    (a) => a.event.type === 'ag.forceFailover' && a.event.target === replica,
  );
const codes = (xs: readonly { code: string }[] | undefined) => (xs ?? []).map((x) => x.code);

describe('the main data center lost, the two remote secondaries compared (S44 example)', () => {
  it('a forced failover to NODE05 loses at least the log NODE04 holds past it', () => {
    const t = decide(merged()).failover.targets.find((x) => x.replica === 'NODE05')!;
    expect(t.forced.status).toBe('allowed');
    const accounts = t.forcedLoss.find((l) => l.database === 'Accounts')!;
    // The main site's copies may hold more still: the extent stays unknown, naming them.
    expect(accounts.extent).toBe('unknown');
    expect(codes(accounts.reasons)).toContain('LOSS_END_OF_LOG_UNKNOWN');
    expect(accounts.ranges).toEqual([
      {
        afterLsn: 91000000038000001n,
        throughLsn: 91000000042000001n,
        bound: 'lowerBound',
        basis: 'end_of_log_lsn of Accounts on NODE04',
      },
    ]);
  });

  it('NODE04, the most advanced copy shown, gets no such range', () => {
    const t = decide(merged()).failover.targets.find((x) => x.replica === 'NODE04')!;
    for (const loss of t.forcedLoss) {
      expect(loss.extent).toBe('unknown');
      expect(loss.ranges).toEqual([]);
    }
  });

  it('the FORCE offered on NODE05 says NODE04 holds more of each database; NODE04’s says nothing of it', () => {
    const facts = merged();
    const on05 = forcedOffer(facts, 'NODE05')!;
    const ahead = on05.why.filter((r) => r.code === 'FORCE_OTHER_COPY_AHEAD');
    expect(ahead.map((r) => r.message.split(' ')[0])).toEqual(['Accounts', 'Payments']);
    expect(ahead[0]?.message).toContain(
      'Accounts on NODE04 ends its log at LSN 91000000042000001, past NODE05',
    );
    expect(ahead[0]?.rule.document).toBe(
      'Perform a forced manual failover of an availability group',
    );
    expect(codes(forcedOffer(facts, 'NODE04')?.why)).not.toContain('FORCE_OTHER_COPY_AHEAD');
  });

  it('databases ahead on different replicas: each offer names the database it loses, none is chosen', () => {
    const raw = JSON.parse(fixture(NODE05)) as JsonSnapshot;
    const payments = rowsOf(raw, 'sys.dm_hadr_database_replica_states').find(
      (r) => r.database_name === 'Payments',
    )!;
    for (const column of [
      'last_received_lsn',
      'last_hardened_lsn',
      'last_redone_lsn',
      'end_of_log_lsn',
    ])
      payments[column] = '77000000033000001';
    const facts = merged(JSON.stringify(raw));
    const named = (replica: string) =>
      forcedOffer(facts, replica)!
        .why.filter((r) => r.code === 'FORCE_OTHER_COPY_AHEAD')
        .map((r) => r.message.split(' ')[0]);
    expect(named('NODE04')).toEqual(['Payments']);
    expect(named('NODE05')).toEqual(['Accounts']);
  });

  it('one snapshot alone compares nothing: the other copy is not shown', () => {
    const facts = factsOf(fixture(NODE05));
    const t = decide(facts).failover.targets.find((x) => x.replica === 'NODE05')!;
    expect(t.forcedLoss.every((l) => l.ranges.length === 0)).toBe(true);
    expect(codes(forcedOffer(facts, 'NODE05')?.why)).not.toContain('FORCE_OTHER_COPY_AHEAD');
  });
});

/*
 * The same two nodes at the example's step 1, before quorum is forced: each snapshot taken without
 * quorum (docs-catastrophic-failure-node0{4,5}-quorum-lost.json): the local replica RESOLVING and
 * FAILED_NO_QUORUM, no row of sys.dm_hadr_cluster or sys.dm_hadr_cluster_members ("If the WSFC
 * node has no quorum, no row is returned", S107), the catalog listing the local replica only
 * (S32). 'WSFC Disaster Recovery through Forced Quorum' (S124), step 2: "On this node, manually
 * force the cluster to come online using the forced quorum procedure. To minimize potential data
 * loss, select a node that was last hosting an availability group primary replica"; neither was,
 * and S44's example then connects "to the server instance with the least latency (on Node 04)".
 */
describe('the same two nodes before quorum is forced (S44 example, step 1; S124)', () => {
  const lost = mergeFacts(
    {
      source: 'node04',
      facts: factsOf(fixture('docs-catastrophic-failure-node04-quorum-lost.json')),
    },
    {
      source: 'node05',
      facts: factsOf(fixture('docs-catastrophic-failure-node05-quorum-lost.json')),
    },
  ).facts;
  const forceQuorumOn = (replica: string) =>
    decide(lost).actions.find(
      (a) => a.event.type === 'quorum.force' && a.event.replica === replica,
    );

  it('offers forcing quorum on either node, and says on NODE05 that NODE04 holds more log', () => {
    expect(lost.quorum).toBe('LOST');
    // Other reasons (the scope of the failure, S124 step 1) are not this test's concern.
    const ahead = (replica: string) =>
      (forceQuorumOn(replica)?.why ?? []).filter((r) => r.code === 'FORCE_OTHER_COPY_AHEAD');
    expect(codes(forceQuorumOn('NODE04')?.why)).toContain('FORCE_QUORUM_DATA_LOSS');
    expect(ahead('NODE04')).toEqual([]);
    expect(codes(forceQuorumOn('NODE05')?.why)).toContain('FORCE_QUORUM_DATA_LOSS');
    expect(ahead('NODE05').map((r) => r.message.split(' ')[0])).toEqual(['Accounts', 'Payments']);
    expect(ahead('NODE05')[0]?.message).toContain(
      'Accounts on NODE04 ends its log at LSN 91000000042000001',
    );
  });
});

/*
 * Both snapshots of step 1 merged: each was taken without quorum, and together they still show
 * only the remote site. The main site (NODE01 to NODE03, three of the five votes) may sit in a
 * partition that kept quorum and its primary, so S124's first step, "Determine the scope of the
 * failure", is not settled by them. One such snapshot left commits and the primary unknown and
 * warned that forcing quorum may split the cluster; merged, the two made commits "refused, the
 * group is offline" (QUORUM_LOST) and dropped the warning.
 */
describe('the two snapshots of step 1 merged, both taken without quorum', () => {
  const node = (n: string) => ({
    source: n,
    facts: factsOf(fixture(`docs-catastrophic-failure-${n}-quorum-lost.json`)),
  });
  const lost = mergeFacts(node('node04'), node('node05')).facts;
  const decided = decide(lost);

  it('leaves commits unknown, naming both nodes, as one such snapshot does', () => {
    expect(lost.noQuorumSnapshotsOn).toEqual(['NODE04', 'NODE05']);
    for (const c of decided.commit) {
      expect(codes(c.reasons)).toContain('QUORUM_LOST_ON_SNAPSHOT_NODE');
      expect(codes(c.reasons)).not.toContain('QUORUM_LOST');
    }
    expect(decided.commit[0]?.reasons.map((r) => r.message)).toContainEqual(
      expect.stringContaining('NODE04 and NODE05, where the snapshots were taken, have no quorum'),
    );
  });

  it('warns on each offer to force quorum that the other side may have kept it', () => {
    for (const replica of ['NODE04', 'NODE05']) {
      const offer = decided.actions.find(
        (a) => a.event.type === 'quorum.force' && a.event.replica === replica,
      );
      expect(codes(offer?.why)).toContain('FORCE_QUORUM_SCOPE_UNKNOWN');
    }
  });

  it('keeps the group’s quorum where a snapshot shows a node with it', () => {
    const forced = mergeFacts(node('node04'), {
      source: 'node05 forced',
      facts: factsOf(fixture(NODE05)),
    }).facts;
    expect(forced.noQuorumSnapshotsOn).toBeUndefined();
  });
});
