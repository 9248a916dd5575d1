import { describe, expect, it } from 'vitest';
import { AD_HOC_BACKUP_NOTE } from './render/decisions.js';
import { linesOf, run } from './test-support.js';

/**
 * sqlshack.com, Murilo Miranda, "Understanding backups on AlwaysOn Availability Groups – Part 1"
 * (2015-11-30), https://www.sqlshack.com/understanding-backups-on-alwayson-availability-groups-part-1/:
 * with "Prefer Secondary", a BACKUP DATABASE run by hand on the primary gives "BACKUP DATABASE
 * successfully processed 24345 pages … Yes, it worked! As it would work from any other replica,
 * being a secondary or not!". ALTER AVAILABILITY GROUP (S3), AUTOMATED_BACKUP_PREFERENCE: "the
 * preference is not enforced by SQL Server, so it has no impact on ad hoc backups". The fixture is
 * the article's lab: two replicas, SQL Server 2016, AdventureWorks2016, seen on the primary.
 */
const FIXTURE = 'adapters/dmv/fixtures/sqlshack-adhoc-backup-prefer-secondary.json';

describe('agstate decide, backups on the primary under Prefer Secondary', () => {
  it('says its run/skip answers are for a job that follows the preference, not an ad hoc BACKUP', async () => {
    const r = await run(['decide', FIXTURE, '--backup-type', 'FULL_COPY_ONLY']);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    const header = lines.indexOf('Backups (FULL_COPY_ONLY)');
    expect(header).toBeGreaterThan(-1);
    expect(lines[header + 1]).toBe(AD_HOC_BACKUP_NOTE);
    expect(AD_HOC_BACKUP_NOTE).toContain('an ad hoc BACKUP runs wherever SQL Server permits');
    // The job's answer stands: a job honouring the preference passes the primary over.
    expect(lines).toContain('    SQLNODE1: skip');
    expect(lines).toContain('    SQLNODE2: run');
  });
});
