import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupTypeOnSecondary } from '../core/backup/backup.js';
import { backupJobMatrix } from '../core/backup/conventions.js';
import type { Cluster } from '../core/cluster/types.js';
import { isUnknownReason } from '../core/model/source.js';
import { roleOf } from '../core/rules/replica-availability.js';
import {
  clusterAndDroppedColumns,
  decodeOrFail,
  snapshotsOf,
  without,
} from './cluster-snapshot.js';
import { ownSeed, propertyRuns } from './runs.js';

/**
 * What each backup job convention does (docs/decisions-backup-routing.md, backup jobs by
 * convention), over snapshots of simulated clusters taken on every running replica:
 * - with state columns left out, every answer is the answer on the whole snapshot, or unknown
 *   with a reason that says what the snapshot lacks; never a different take, skip or fail;
 * - a job never takes on a secondary a backup type SQL Server refuses there (Offload supported
 *   backups to secondary replicas, "Backup types supported on secondary replicas").
 */

const check = (cluster: Cluster, dropped: readonly (readonly [string, string])[]) => {
  for (const { name, snapshot } of snapshotsOf(cluster)) {
    const whole = decodeOrFail(snapshot, name);
    const part = decodeOrFail(without(snapshot, dropped), `${name} without ${dropped.join(' ')}`);
    for (const database of whole.config.databases) {
      const full = backupJobMatrix(whole, database);
      const lacking = backupJobMatrix(part, database);
      full.forEach((a, i) => {
        const b = lacking[i]!;
        const where = `${name}: ${a.convention} ${a.backupType} of ${database} on ${a.replica} without ${dropped.map((d) => d.join('.')).join(', ')}: ${a.outcome} became ${b.outcome}`;
        if (b.outcome !== a.outcome) {
          expect(b.outcome, where).toBe('unknown');
          const says = b.reasons.some(isUnknownReason);
          expect(says, where).toBe(true);
        }
        const secondary = roleOf(whole, a.replica) === 'SECONDARY';
        if (a.outcome === 'take' && secondary)
          expect(backupTypeOnSecondary(whole.config, a.backupType).allowed, where).toBe(true);
      });
    }
  }
};

describe('backup jobs over snapshots of a simulated cluster, whole or with columns left out', () => {
  it('answer the same or "unknown", and never take what a secondary refuses', () => {
    fc.assert(
      fc.property(clusterAndDroppedColumns(16), ({ cluster, dropped }) => check(cluster, dropped)),
      { numRuns: propertyRuns(20), ...ownSeed(1313) },
    );
  });
});
