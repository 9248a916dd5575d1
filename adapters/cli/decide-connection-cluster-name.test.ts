import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * sqlchitchat.com, "Read Only Routing in Sql Server" (S367): "The cluster has two nodes, NODE1
 * and NODE2 ... Sql Server 2014 SP1 ... The failover cluster has VNN(Virtual Network Name)
 * CLUST1"; the secondary's "readable secondary replica is set to “YES”"; "Because the way the
 * cluster was set up the clients were connecting to the production databases through WSFC –
 * CLUST1. All the requests were directed to the current primary replica on the NODE1. The
 * secondary replica on the NODE2, even if set up to allow read-only connections, was never used
 * for that purpose." Matt Neerincx (S144): "server checks that incoming connection is using an
 * Availability Group listener endpoint. Otherwise, read-only routing is disabled".
 *
 * adapters/dmv/fixtures/blog-sqlchitchat-clients-through-cluster-name.json is that group before
 * read-only routing was set up: no listener yet, sys.dm_hadr_cluster naming CLUST1. Invented: the
 * group's name AG1 (the post's), the database AppDB, endpoints, ids and the quorum type. Before,
 * Server=CLUST1 was "none of the names AG1 has (the replicas NODE1, NODE2); it may be a DNS alias
 * or an address of one of them", settled by nslookup CLUST1 against the replicas' hosts, which
 * the cluster's own address never matches.
 */

const SNAPSHOT = 'adapters/dmv/fixtures/blog-sqlchitchat-clients-through-cluster-name.json';

interface Connection {
  readonly through: string;
  readonly outcome: string;
  readonly reasons: readonly { code: string; message: string; settledBy?: readonly string[] }[];
}

const ask = async (snapshot: string, connection: string): Promise<Connection> => {
  const r = await run(['decide', snapshot, '--connection', connection, '--json']);
  expect(r.code).toBe(0);
  return (json(r) as { result: { connection: Connection } }).result.connection;
};

describe('decide --connection naming the WSFC itself (sqlchitchat.com, S367)', () => {
  it('says the cluster name is no listener, and the instance it reaches is not shown', async () => {
    const c = await ask(SNAPSHOT, 'Server=CLUST1;Database=AppDB');
    expect(c).toMatchObject({ through: 'unknown', outcome: 'unknown' });
    expect(c.reasons.map((r) => r.code)).toEqual(['CONNECTION_SERVER_IS_CLUSTER']);
    expect(c.reasons[0]!.message).toContain(
      "CLUST1 is the network name of the WSFC CLUST1 itself (sys.dm_hadr_cluster.cluster_name), not a listener of AG1: the client reaches the instance on the node that owns the cluster's core resources",
    );
    expect(c.reasons[0]!.settledBy?.join(' ')).toContain("Get-ClusterGroup 'Cluster Group'");
  });

  it('says a read-intent login through it is never routed, by its FQDN too', async () => {
    const c = await ask(
      SNAPSHOT,
      'Server=CLUST1.corp.local;Database=AppDB;ApplicationIntent=ReadOnly',
    );
    expect(c.outcome).toBe('unknown');
    expect(c.reasons[0]!.message).toContain(
      'its read intent is never routed, since read-only routing works only through a listener',
    );
  });

  it('keeps the unmatched answer where no snapshot shows the cluster', async () => {
    const c = await ask(
      'adapters/dmv/fixtures/blog-routing-one-database-suspended.json',
      'Server=CLUST1;Database=TestAG2',
    );
    expect(c.reasons.map((r) => r.code)).toEqual(['CONNECTION_SERVER_UNMATCHED']);
  });
});
