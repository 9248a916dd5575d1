import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "sys.dm_hadr_availability_replica_states" (S7, Roles and operational states), for the RESOLVING
 * role: "FAILED: A read failure occurred during an attempt to retrieve information from the WSFC
 * cluster"; "FAILED_NO_QUORUM: The local WSFC node doesn't have quorum". "sys.dm_hadr_cluster":
 * "If the WSFC node has no quorum, no row is returned." The snapshot: the repository's outage
 * example (examples/snapshots/outage-resolving-secondary.json, Contoso-ag from the S28 error log)
 * as SQLSERVER-0 shows it when it cannot read the cluster: its replica RESOLVING and FAILED, the
 * cluster views without rows. The empty view is the same read failure, not a lost quorum.
 */
const text = readFileSync(
  new URL('./fixtures/docs-resolving-replica-cluster-read-failed.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a replica that cannot read the cluster (FAILED) and an empty sys.dm_hadr_cluster', () => {
  const facts = factsOf(text);
  const d = decide(facts);

  it('leaves quorum unknown instead of lost', () => {
    expect(facts.quorum).toBeNull();
  });

  it('refuses the forced failover to it for its failed state (Msg 41143), not for lost quorum', () => {
    // S135, Msg 41143: a local replica in a failed state "cannot process the operation" until its
    // WSFC service or instance restarts; quorum stays unknown beside it.
    const forced = d.failover.targets.find((t) => t.replica === 'SQLSERVER-0')!.forced;
    expect(forced.status).toBe('refused');
    expect(codes(forced.reasons)).toEqual(['QUORUM_UNKNOWN', 'TARGET_REPLICA_FAILED']);
  });

  it('leaves commits unknown: the primary elsewhere may still take them', () => {
    expect(d.commit[0]?.acknowledgement).toBe('unknown');
    expect(codes(d.commit[0]!.reasons)).not.toContain('QUORUM_LOST');
  });

  it('still reads the empty view as lost quorum when the replica could read the cluster', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    for (const row of rowsOf(s, 'sys.dm_hadr_availability_replica_states'))
      if (row.is_local === true) row.operational_state_desc = 'OFFLINE';
    expect(factsOf(JSON.stringify(s)).quorum).toBe('LOST');
  });
});
