import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { preferredBackupReplicas } from '../../core/backup/preference.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * dbi services blog, "SQL Server AlwaysOn and availability groups : session timeout parameter"
 * (S165): "A connection timeout has occurred on a previously established connection to
 * availability replica 'WIN20162\SQL14' … or the availability replica has transitioned to the
 * resolving role", during a VM snapshot's stun "either on the primary or the secondary replicas".
 * The fixture is the snapshot of WIN20161\SQL14, which logged it, while the primary
 * WIN20162\SQL14 is stunned. S7: operational_state_desc is NULL for a replica that is not local,
 * and a secondary shows no row of the primary: only a snapshot taken on WIN20162\SQL14 shows its
 * operational state, as the failover verdicts already say (TARGET_STATE_UNKNOWN).
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/blog-dbi-35206-vm-stun-secondary.json', import.meta.url),
    'utf8',
  ),
  { version: 2014 },
);
const onPrimary =
  'sys.dm_hadr_availability_replica_states.operational_state_desc (a snapshot taken on WIN20162\\SQL14)';
const settledBy = (reasons: readonly { code: string; settledBy?: readonly string[] }[]) =>
  reasons.flatMap((r) => (r.settledBy ?? []).map((s) => `${r.code}: ${s}`));

describe("the primary's operational state, on a secondary's snapshot (S165)", () => {
  it('is settled by a snapshot taken on the primary, for the backup preference', () => {
    const primary = preferredBackupReplicas(facts, 'db1').verdicts.find(
      (v) => v.replica === 'WIN20162\\SQL14',
    );
    expect(settledBy(primary?.reasons ?? [])).toEqual([
      `BACKUP_CANDIDATE_UNKNOWN: ${onPrimary}`,
      `UNKNOWN_OPERATIONAL_STATE: ${onPrimary}`,
      `BACKUP_PREFERENCE_UNDETERMINED: ${onPrimary}`,
    ]);
  });

  it('and for a read-write connection straight to the primary', () => {
    const c = connectToReplica(facts, {
      replica: 'WIN20162\\SQL14',
      intent: 'READ_WRITE',
      database: 'db1',
    });
    expect(c.outcome).toBe('unknown');
    expect(settledBy(c.reasons)).toEqual([`UNKNOWN_OPERATIONAL_STATE: ${onPrimary}`]);
  });
});
