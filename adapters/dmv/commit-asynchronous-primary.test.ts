import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commitOutcome } from '../../core/log/commit.js';
import { factsOf } from './test-support.js';

/*
 * SQLShack, Rajendra Gupta, "Suspend and Resume Data Movement in SQL Server Always On Availability
 * Groups" (2020-09-23): two synchronous replicas on two sites, a network outage announced between
 * them; "One way to remediate data synchronization is that you change the mode to asynchronous. In
 * this way, the primary replica does not wait for acknowledgment from the secondary." The fixture is
 * the primary SQLNODE1's own snapshot during the outage, both replicas switched to
 * ASYNCHRONOUS_COMMIT (FAILOVER_MODE MANUAL), SQLNODE2 DISCONNECTED (names, ids, version invented).
 * 'Availability modes' (S1): "If the current primary is configured for asynchronous commit
 * availability mode, it commits transactions asynchronously for all secondary replicas regardless of
 * their individual availability mode settings." decide said "no synchronous-commit secondary is
 * synchronized", citing the synchronous-commit rule, as if a synchronous secondary were behind.
 */
const outage = factsOf(
  readFileSync(
    new URL('./fixtures/sqlshack-async-primary-network-outage.json', import.meta.url),
    'utf8',
  ),
);
type Facts = typeof outage;
const withModes = (primary: string, secondary: string): Facts => ({
  ...outage,
  config: {
    ...outage.config,
    replicas: outage.config.replicas.map((x) =>
      x.name === 'SQLNODE1'
        ? { ...x, availabilityMode: primary as typeof x.availabilityMode }
        : { ...x, availabilityMode: secondary as typeof x.availabilityMode },
    ),
  },
});

describe('a commit on an asynchronous-commit primary (S1)', () => {
  it("names the primary's own mode as why no secondary is waited for", () => {
    const c = commitOutcome(outage, 'SalesDB');
    expect(c.acknowledgement).toBe('immediately');
    expect(c.reasons.map((r) => r.code)).toEqual(['PRIMARY_COMMITS_ASYNCHRONOUSLY']);
    expect(c.reasons[0]?.message).toContain('the primary SQLNODE1 runs ASYNCHRONOUS_COMMIT');
    expect(c.reasons[0]?.rule.section).toContain(
      'regardless of their individual availability mode',
    );
  });

  it('says so too where the secondary is still configured for synchronous commit', () => {
    const c = commitOutcome(withModes('ASYNCHRONOUS_COMMIT', 'SYNCHRONOUS_COMMIT'), 'SalesDB');
    expect(c.reasons.map((r) => r.code)).toEqual(['PRIMARY_COMMITS_ASYNCHRONOUSLY']);
  });

  it('keeps NO_SYNCHRONIZED_SECONDARY for a synchronous-commit primary', () => {
    const c = commitOutcome(withModes('SYNCHRONOUS_COMMIT', 'SYNCHRONOUS_COMMIT'), 'SalesDB');
    expect(c.acknowledgement).toBe('immediately');
    expect(c.reasons.map((r) => r.code)).toEqual(['NO_SYNCHRONIZED_SECONDARY']);
  });
});
