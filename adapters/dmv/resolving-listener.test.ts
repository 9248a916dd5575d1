import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * examples/snapshots/outage-resolving-secondary.json (the S28 error-log example: Contoso-ag's
 * primary failed, the partner SQLSERVER-0 RESOLVING and OFFLINE, primary_replica NULL) with a
 * listener added. "Troubleshoot Always On Availability Groups failover" (Microsoft support):
 * "While the replica and databases are resolving and are offline, any applications that try to
 * access those availability group databases fail" with Error 983. The failover decisions read
 * that snapshot as "no primary" (NO_PRIMARY); the listener must too, not "unknown".
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-resolving-secondary-with-listener.json', import.meta.url),
    'utf8',
  ),
);

describe('the listener while the group is RESOLVING with no primary (S49, S7)', () => {
  const decisions = decide(facts);

  it('refuses both intents: no replica holds the primary role', () => {
    for (const c of [decisions.routing.readWrite, decisions.routing.readOnly]) {
      expect(c.outcome).toBe('refused');
      expect(c.reasons.map((r) => r.code)).toContain('LISTENER_NO_PRIMARY');
      expect(c.reasons.map((r) => r.code)).not.toContain('UNKNOWN_PRIMARY');
    }
  });

  it('agrees with the failover decisions, which say there is no primary', () => {
    const target = decisions.failover.targets.find((t) => t.replica === 'SQLSERVER-0')!;
    // The automatic verdict names it; the planned one is allowed there (S2: "possible even if the
    // primary replica has crashed"), so it gives no reason to read.
    expect(target.automatic.reasons.map((r) => r.code)).toContain('NO_PRIMARY');
  });
});
