import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "Availability modes (Always On availability groups)" (S1, note): "If a synchronous-commit
 * secondary replica exceeds the primary replica's session-timeout period (default is 10 seconds),
 * the primary replica temporarily marks the synchronization state of every database on this
 * secondary replica as NOT SYNCHRONIZING and the replica state as NOT_HEALTHY."
 * "sys.dm_hadr_availability_replica_states" (S7): `role` is the "current … role of a local replica
 * or a connected remote replica", so the primary shows none for the disconnected one. "Offload
 * supported backups to secondary replicas" (S10): a secondary backs up only while it can
 * communicate with the primary. The snapshot: the examples' group on the primary SQLNODE1 after
 * SQLNODE2 timed out (examples/snapshots/sync-secondary-disconnected.json with the cluster view).
 */
const text = readFileSync(
  new URL('./fixtures/docs-sync-secondary-session-timeout.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a synchronous secondary past its session timeout, seen from the primary', () => {
  const d = decide(factsOf(text));
  const backup = d.backup[0]!;

  it('does not count it as a backup candidate of unknown state: it is DISCONNECTED', () => {
    expect(backup.preferred.replicas).toEqual(['SQLDR1']);
    expect(backup.preferred.undetermined).toEqual([]);
    expect(codes(backup.preferred.reasons)).toContain('BACKUP_CANDIDATE_DISCONNECTED');
    expect(codes(backup.preferred.reasons)).not.toContain('BACKUP_CANDIDATE_UNKNOWN');
  });

  it('skips the backup there: as SECONDARY it is not connected, as RESOLVING it takes none', () => {
    const there = backup.decisions.find((x) => x.replica === 'SQLNODE2')!.decision;
    expect(there.action).toBe('skip');
    expect(codes(there.reasons)).toEqual(
      expect.arrayContaining(['BACKUP_WHATEVER_THE_ROLE', 'BACKUP_SECONDARY_DISCONNECTED']),
    );
  });

  it('passes it over in read-only routing as DISCONNECTED, not as a replica of unknown state', () => {
    const node2 = d.routing.readOnly.considered.find((c) => c.replica === 'SQLNODE2')!;
    expect(codes(node2.reasons)).toContain('ROUTING_REPLICA_DISCONNECTED');
    expect(codes(node2.reasons)).not.toContain('ROUTING_REPLICA_UNKNOWN');
  });
});
