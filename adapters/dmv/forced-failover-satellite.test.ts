import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * "About client connection access to availability replicas" (S14), "Example connection-access
 * configuration": two synchronous replicas at the main site (no access as secondary), two
 * asynchronous ones at a satellite site (read-intent only as secondary), every replica READ_WRITE
 * as primary. "The database administrator at the satellite site responds by performing a forced
 * manual failover to an asynchronous-commit secondary replica. The secondary databases on the
 * remaining secondary replica are suspended by the forced failover ... until the database
 * administrator resumes the secondary databases on the remaining asynchronous-commit secondary
 * replica, read-intent clients cannot connect to any availability replica." The access table:
 * "Primary | Read-write | Read-intent only | Failure". The snapshot: taken on Replica3, the new
 * primary, with Replica4's copy suspended (SUSPEND_FROM_PARTNER, error 35264); names of the
 * replicas are the page's, the rest invented.
 */
const text = readFileSync(
  new URL('./fixtures/docs-forced-failover-satellite-read-write-primary.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('after a forced failover to the satellite site, before the other copy is resumed (S14)', () => {
  const facts = factsOf(text);
  const d = decide(facts);

  it('refuses read-intent clients through the listener', () => {
    expect(d.routing.readOnly.outcome).toBe('refused');
    expect(codes(d.routing.readOnly.reasons)).toContain('ROUTING_NO_READABLE_SECONDARY');
  });

  it('does not say that listing the READ_WRITE primary in its own list would serve them', () => {
    const hint = d.routing.readOnly.reasons.find(
      (r) => r.code === 'ROUTING_NO_READABLE_SECONDARY',
    )!;
    expect(hint.message).not.toContain('lets it serve such logins');
    expect(hint.message).toContain('ALLOW_CONNECTIONS = ALL');
  });

  it('refuses a read-intent connection straight to the suspended secondary too', () => {
    const c = connectToReplica(facts, {
      replica: 'Replica4',
      intent: 'READ_ONLY',
      database: 'reportdb',
    });
    expect(c.outcome).toBe('refused');
    expect(codes(c.reasons)).toContain('CONNECT_DATABASE_SUSPENDED');
  });

  it('recommends resuming the copy on Replica4', () => {
    const events = d.actions.map((a) => a.event);
    expect(events).toContainEqual({ type: 'db.resume', replica: 'Replica4', database: 'reportdb' });
  });
});
