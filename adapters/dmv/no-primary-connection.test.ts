import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * KB2833707 Case 1 seen from the partner SQL2 (fixture and quotes in no-primary-backup.test.ts):
 * "no replica will have the primary role unless the primary replica returns to a healthy state".
 * SQL1's role is not shown. As SECONDARY with SECONDARY_ROLE (ALLOW_CONNECTIONS = NO) it refuses
 * every connection ("About client connection access to availability replicas", S14); as
 * RESOLVING its databases are not accessible. It cannot be PRIMARY.
 */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a direct connection to a replica whose role is not shown', () => {
  it('is refused in a group without a primary when every role it could have refuses it', () => {
    const facts = factsOf(fixture('kb2833707-threshold-resolving.json'));
    const c = connectToReplica(facts, { replica: 'SQL1', intent: 'READ_ONLY', database: 'aocdb' });
    expect(c.outcome).toBe('refused');
    expect(codes(c.reasons)).toEqual(
      expect.arrayContaining(['CONNECT_WHATEVER_THE_ROLE', 'CONNECT_SECONDARY_NOT_READABLE']),
    );
    expect(c.reasons[0]!.message).toContain('as SECONDARY or RESOLVING');
  });

  it('stays unknown where the roles disagree: a readable secondary cut off from the primary', () => {
    // From 2014 a disconnected readable secondary stays readable (S36); RESOLVING refuses.
    const facts = factsOf(fixture('docs-sync-secondary-session-timeout.json'));
    const c = connectToReplica(facts, {
      replica: 'SQLNODE2',
      intent: 'READ_ONLY',
      database: 'SalesDB',
    });
    expect(c.outcome).toBe('unknown');
    expect(codes(c.reasons)).toEqual(['UNKNOWN_ROLE']);
  });
});
