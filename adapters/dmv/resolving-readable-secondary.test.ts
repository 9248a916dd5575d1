import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectThroughListener } from '../../core/routing/listener.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * SQLServerCentral, "This one enhancement makes AlwaysOn Availability Group better in SQL Server
 * 2014 !" (S105): "In SQL Server 2012 ... If network failure results a communication failure
 * between primary and secondary replicas, then the secondaries will go into resolving state. In
 * resolving state, the read workloads are basically killed"; "With SQL Server 2014 ... Read
 * workloads are not impacted during network failures, primary replica down or cluster quorum
 * issues ... The replica will be in resolving state, however the databases are still available
 * for your read connections/workloads." "SQL Server 2014: What's new" (S36): "When disconnected
 * from the primary replica or during cluster quorum loss, readable secondary replicas now remain
 * available for read workloads." In 2012: "Unable to access database 'AdventureWorks2012' because
 * its replica role is RESOLVING which does not allow connections ... (Microsoft SQL Server, Error:
 * 983)" (Vinod Kumar, "SQL Server AlwaysOn–SQL 2014 Readable Secondary changes",
 * blogs.extremeexperts.com). The fixture is the post's two-node asynchronous group after "lets take
 * down the primary replica", taken on the secondary SQL2 (RESOLVING, ALLOW_CONNECTIONS =
 * READ_ONLY), SQL Server 2014. Its former role is in no view: as the secondary it serves the read,
 * as the former primary it would not, so the answer is unknown, never refused.
 */
const text = readFileSync(
  new URL('./fixtures/blog-2014-resolving-readable-secondary.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);
const read = { replica: 'SQL2', intent: 'READ_ONLY', database: 'db1' } as const;

/** The fixture as another major version would report it. */
const onVersion = (major: number) =>
  factsOf(text.replace('"product_major_version": 12', `"product_major_version": ${major}`));

describe('a direct read connection to a readable secondary gone RESOLVING (S105, S36)', () => {
  it('SQL Server 2014: unknown, naming the former role and what a secondary answers', () => {
    const c = connectToReplica(factsOf(text), read);
    expect(c.outcome).toBe('unknown');
    expect(codes(c.reasons)).toEqual(['UNKNOWN_ROLE_BEFORE_RESOLVING']);
    expect(c.reasons[0]!.message).toContain('it would accept this connection read-only');
    expect(c.reasons[0]!.settledBy?.[0]).toContain('message 1480');
  });

  it('SQL Server 2012 refuses it (Msg 983)', () => {
    const c = connectToReplica(onVersion(11), read);
    expect(c.outcome).toBe('refused');
    expect(codes(c.reasons)).toEqual(['CONNECT_REPLICA_RESOLVING']);
  });

  it('a read-write connection the secondary role refuses stays refused', () => {
    const c = connectToReplica(factsOf(text), { ...read, intent: 'READ_WRITE' });
    expect(c.outcome).toBe('refused');
    expect(codes(c.reasons)).toEqual(['CONNECT_REPLICA_RESOLVING']);
  });
});

describe('the listener, offline without a primary, names where reads remain (S36, S105)', () => {
  it('the readable replica gone RESOLVING, if it was a secondary', () => {
    const c = connectThroughListener(factsOf(text), { intent: 'READ_ONLY', database: 'db1' });
    const note = c.reasons.find((r) => r.code === 'LISTENER_DIRECT_READS_REMAIN');
    expect(note?.message).toBe(
      'readable secondaries stay readable by direct connection: SQL2, RESOLVING, if it was a secondary before (its error log, message 1480)',
    );
  });
});
