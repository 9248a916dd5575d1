import { describe, expect, it } from 'vitest';
import { preferredBackupReplicas } from '../../core/backup/preference.js';
import { factsOf, primaryJson, rowsOf } from './test-support.js';

/**
 * The documented snapshot query reads SERVERPROPERTY('ProductVersion') whole (docs/dmv-snapshot.md),
 * so a rule that changed in a cumulative update applies by build. The example is a SQL Server
 * 2019 group; sys.fn_hadr_backup_is_preferred_replica returns 0 for a database that does not
 * exist from SQL Server 2019 CU 20 (15.0.4312.2, "Release history for SQL Server 2019") and 1
 * before it (CU 19 is 15.0.4298.1).
 */
const snapshot = (productVersion?: string) => {
  const s = primaryJson();
  const [server] = rowsOf(s, 'SERVERPROPERTY');
  if (productVersion !== undefined && server !== undefined) server.product_version = productVersion;
  return factsOf(JSON.stringify(s));
};

const missing = (productVersion?: string) =>
  preferredBackupReplicas(snapshot(productVersion), 'Gone', { databaseExists: false });

describe('a snapshot read by build', () => {
  it('carries the product version into its configuration, or null when it shows only the major version', () => {
    expect(snapshot('15.0.4312.2').config.productVersion).toBe('15.0.4312.2');
    expect(snapshot().config.productVersion).toBeNull();
  });

  it('answers the missing-database rule by build, and unknown without it', () => {
    expect(missing('15.0.4298.1').replicas).toEqual(['SQLNODE1', 'SQLNODE2', 'SQLDR1']);
    expect(missing('15.0.4312.2').replicas).toEqual([]);
    const unknown = missing();
    expect(unknown.replicas).toEqual([]);
    expect(unknown.reasons.map((r) => [r.code, r.settledBy])).toEqual([
      ['BACKUP_DATABASE_MISSING_BUILD_UNKNOWN', ["SERVERPROPERTY('ProductVersion')"]],
    ]);
  });
});
