import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "sys.dm_hadr_availability_replica_states" (S7, Roles and operational states): "The operational
 * state … describes whether the replica is ready to process client requests for all the databases
 * of the availability replica." For the PRIMARY role: "PENDING: This state is transient, but a
 * primary replica can be stuck in this state if workers aren't available to process requests";
 * "ONLINE: The availability group resource is online, and all database worker threads have been
 * picked up"; "FAILED: The availability replica can't read to or write from the WSFC cluster".
 * "Troubleshooting automatic failover problems" (KB2833707) shows the passage in the error log:
 * "… has changed from 'RESOLVING_NORMAL' to 'PRIMARY_PENDING'". Error 35217 ("The thread pool for
 * Always On Availability Groups was unable to start a new worker thread because there are not
 * enough available worker threads", seangallardy.com, "Error 35217 And Availability Groups") is
 * how a primary runs out of workers. The snapshot: the examples' group taken on SQLNODE1, PRIMARY
 * but stuck PENDING, its secondaries not connected; the database states and LSNs are invented.
 */
const text = readFileSync(
  new URL('./fixtures/docs-primary-stuck-pending.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

/** The same snapshot with the primary's operational state replaced. */
const withState = (state: string): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  const local = rowsOf(s, 'sys.dm_hadr_availability_replica_states').find((r) => r.is_local)!;
  local.operational_state_desc = state;
  return JSON.stringify(s);
};

describe('a primary replica that is not ONLINE', () => {
  it('stuck PENDING: commits are refused, as the listener refuses its connections', () => {
    const d = decide(factsOf(text));
    expect(d.commit[0]?.acknowledgement).toBe('refused');
    expect(codes(d.commit[0]!.reasons)).toEqual(['PRIMARY_NOT_ONLINE']);
    expect(codes(d.routing.readWrite.reasons)).toContain('LISTENER_PRIMARY_UNAVAILABLE');
  });

  it('FAILED (cut off from the cluster): commits are refused too', () => {
    const d = decide(factsOf(withState('FAILED')));
    expect(d.commit[0]?.acknowledgement).toBe('refused');
    expect(codes(d.commit[0]!.reasons)).toContain('PRIMARY_NOT_ONLINE');
  });

  it('ONLINE: the same snapshot takes commits (its secondaries are not connected)', () => {
    const d = decide(factsOf(withState('ONLINE')));
    expect(d.commit[0]?.acknowledgement).toBe('immediately');
  });
});
