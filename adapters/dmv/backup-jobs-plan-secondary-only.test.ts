import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * sqlshack.com, Murilo Miranda, 'Understanding backups on AlwaysOn Availability Groups – Part 2'
 * (2015-12-03, www.sqlshack.com/understanding-backups-on-alwayson-availability-groups-part-2/),
 * "Secondary Only", with the backup code the maintenance plan's Back Up Database task generates:
 * "In my lab, I have an Availability Group with two replicas, configured with the backup option
 * “Secondary Only”. Using the generated code (above) I’ll try to execute the backup from the
 * Primary replica [...] Well, the execution completed successfully… But the backup was not made
 * (which makes sense…)! Now I’m going to take the secondary instance offline and test the backup
 * [...] The result was exactly the same!" The lab is Part 1's (SQLNODE1 primary, SQLNODE2,
 * AdventureWorks2016 on SQL Server 2016: fixtures/sqlshack-adhoc-backup-prefer-secondary.json)
 * with its preference made SECONDARY_ONLY; the offline secondary is the primary's view of it
 * (DISCONNECTED, no role shown, its copy NOT SYNCHRONIZING:
 * fixtures/sqlshack-secondary-only-plan-secondary-offline.json).
 */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const online = factsOf(
  fixture('sqlshack-adhoc-backup-prefer-secondary.json').replace(
    '"automated_backup_preference_desc": "SECONDARY"',
    '"automated_backup_preference_desc": "SECONDARY_ONLY"',
  ),
);
const offline = factsOf(fixture('sqlshack-secondary-only-plan-secondary-offline.json'));
const plan = (f: typeof online, replica: string, backupType: string) =>
  decide(f)
    .backup.find((b) => b.database === 'AdventureWorks2016')!
    .jobs.find(
      (j) =>
        j.convention === 'MAINTENANCE_PLAN' && j.replica === replica && j.backupType === backupType,
    )!;

describe("the maintenance plan's backup on the primary under Secondary Only", () => {
  it('reads the preference as SECONDARY_ONLY in both states', () => {
    expect(online.config.automatedBackupPreference).toBe('SECONDARY_ONLY');
    expect(offline.config.automatedBackupPreference).toBe('SECONDARY_ONLY');
  });

  it('skips every type on the primary SQLNODE1 with the secondary online', () => {
    for (const type of ['FULL', 'FULL_COPY_ONLY', 'DIFFERENTIAL', 'LOG'])
      expect([type, plan(online, 'SQLNODE1', type).outcome]).toEqual([type, 'skip']);
  });

  it('skips every type on SQLNODE1 alike with the secondary offline, and names no preferred replica', () => {
    for (const type of ['FULL', 'FULL_COPY_ONLY', 'DIFFERENTIAL', 'LOG'])
      expect([type, plan(offline, 'SQLNODE1', type).outcome]).toEqual([type, 'skip']);
    const { preferred } = decide(offline).backup.find((b) => b.database === 'AdventureWorks2016')!;
    expect(preferred.replicas).toEqual([]);
    expect(preferred.undetermined).toEqual([]);
    expect(preferred.reasons.map((r) => r.code)).toContain('BACKUP_NO_CANDIDATE');
  });
});
