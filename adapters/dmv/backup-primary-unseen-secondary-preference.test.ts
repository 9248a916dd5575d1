import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPreferredBackupReplica, preferredBackupReplicas } from '../../core/backup/preference.js';
import { factsOf } from './test-support.js';

/*
 * dba.stackexchange.com q/89670, "How AlwaysOn Availability Group secondary replica catches up
 * with primary after secondary server long downtime" (S153): "AAG (async, manual failover,
 * read-only configuration). A) Killed secondary instance during continuos insert into primary and
 * started secondary instance few minutes after. AAG dashboard turned into a green almost
 * immediately after secondary restart and started to catch up with primary". The fixture is the
 * secondary NODE2's own snapshot then: SECONDARY, CONNECTED, TestDB SYNCHRONIZING and ONLINE; the
 * primary NODE1 named by primary_replica, its own row not shown (a secondary shows only its own,
 * S7). AUTOMATED_BACKUP_PREFERENCE is SQL Server's default, SECONDARY: "on a secondary unless the
 * primary is the only replica online" (S3, ag-rules §5.3). NODE2 is online, so NODE1 is not
 * preferred whatever its own state.
 */
const text = readFileSync(
  new URL('./fixtures/qa-async-secondary-restarted-own.json', import.meta.url),
  'utf8',
);

describe('backup preference on a restarted asynchronous secondary, the primary not shown (S153)', () => {
  const facts = factsOf(text, { version: 2014 });

  it('prefers NODE2 and not the primary NODE1, for the preference, not for want of its state', () => {
    const group = preferredBackupReplicas(facts, 'TestDB');
    expect(group.replicas).toEqual(['NODE2']);
    expect(group.undetermined).toEqual([]);
    const primary = isPreferredBackupReplica(facts, 'TestDB', 'NODE1');
    expect(primary.preferred).toBe(false);
    expect(primary.reasons.map((r) => r.code)).toEqual(['BACKUP_PREFERENCE_SECONDARY']);
  });
});
