import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * An old primary removed after a forced failover, then added back with the database its instance
 * kept (fixture docs-forced-failover-old-primary-removed-readded.json):
 * - 'Perform a forced manual failover of an availability group' (S44), Follow Up, step 3: "If an
 *   availability replica that failed will not be returning to the availability group or will
 *   return too late for you to delay transaction log truncation on the new primary database,
 *   consider removing the failed replica from the availability group."
 * - 'Remove a secondary replica from an availability group' (S74), Follow Up: "If you specify a
 *   replica that is currently unavailable, when the replica comes online, it will discover that it
 *   has been removed"; its databases "remain on the local server instance".
 * - sys.dm_hadr_database_replica_states (S6), recovery_lsn: a copy past the primary's recovery
 *   fork must be reinitialized (COPY_NOT_ON_PRIMARY_LINEAGE, which the join already gave).
 * The JOIN's note said the copy joins "while the primary still holds the log after that LSN;
 * otherwise restore the log backups taken since first", advice the next two steps refused.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-forced-failover-old-primary-removed-readded.json', import.meta.url),
      'utf8',
    ),
  ),
);
const notes = (i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

describe('an old primary on the lost fork, removed, added back and joined', () => {
  it('JOIN says its kept copy is on another recovery fork and must be restored again', () => {
    const [note, ...rest] = notes(12);
    expect(rest).toEqual([]);
    expect(note?.code).toBe('COPY_NOT_ON_PRIMARY_LINEAGE');
    expect(note?.message).toContain('RESTORING to LSN 4');
    expect(note?.message).toContain("parts from the primary's log at LSN 0");
    expect(note?.message).toContain('restore SalesDB there again from a current full backup');
  });

  it('as the steps judge it: the log backup and the join are refused, a new full restore joins', () => {
    expect(sim.trace[14]!.refused.map((r) => r.code)).toEqual(['BACKUP_ON_OTHER_FORK']);
    expect(sim.trace[15]!.refused.map((r) => r.code)).toEqual(['COPY_NOT_ON_PRIMARY_LINEAGE']);
    expect(sim.trace[17]!.refused).toEqual([]);
    expect(sim.trace[18]!.refused).toEqual([]);
  });
});
