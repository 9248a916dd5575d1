import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * dataplat/dbatools issue #6407 (2020-03-06, dbatools 1.0.101 on SQL Server 2019 CU1, Windows):
 * New-DbaAvailabilityGroup with no -ClusterType and no -FailoverMode failed with "The cluster type
 * of availability group [AGName] only supports EXTERNAL failover mode" (Msg 47102, 'Database
 * engine events and errors (41400 to 49999)', S111). The cmdlet then defaulted ClusterType to
 * 'External' and FailoverMode to 'Automatic'. 'Operate Always On availability groups on Linux'
 * (S30): "When CLUSTER_TYPE = EXTERNAL, the only acceptable value for FAILOVER_MODE is EXTERNAL."
 * agstate refuses the group for each of its three replicas, as SQL Server refuses the CREATE. A
 * regression case: no test read a published CREATE that pairs CLUSTER_TYPE = EXTERNAL with
 * FAILOVER_MODE = AUTOMATIC. Input: issue-dbatools-6407-external-default.sql, the CREATE the cmdlet
 * sends for the call (its text, names and endpoints invented, as the fixture says).
 */

const NAME = 'issue-dbatools-6407-external-default.sql';
const TEXT = readFileSync(new URL(`./fixtures/${NAME}`, import.meta.url), 'utf8');

describe('dbatools 1.0.101 defaults: CLUSTER_TYPE = EXTERNAL with FAILOVER_MODE = AUTOMATIC (S30)', () => {
  it('every replica of the CREATE is a violation, naming EXTERNAL as the only valid value', () => {
    const report = readScriptReport(TEXT, { version: 2019, fileName: NAME });
    expect(report.errors).toEqual([]);
    const [ag] = configsAfterScript(report.script);
    const violations = validateConfig(ag!.config).filter(
      (r) => r.code === 'EXTERNAL_CLUSTER_NEEDS_EXTERNAL_FAILOVER',
    );
    expect(violations.map((r) => r.message.slice(0, 16))).toEqual([
      "Replica 'SQLA' h",
      "Replica 'SQLB' h",
      "Replica 'SQLC' h",
    ]);
    expect(violations[0]?.message).toContain('FAILOVER_MODE = EXTERNAL is the only valid value');
  });

  it('with CLUSTER_TYPE = WSFC, as on a Windows cluster, the same replicas are valid', () => {
    const wsfc = TEXT.replace('CLUSTER_TYPE = EXTERNAL', 'CLUSTER_TYPE = WSFC');
    const [ag] = configsAfterScript(
      readScriptReport(wsfc, { version: 2019, fileName: NAME }).script,
    );
    // A violation is a reason that names nothing to settle it (unknowns carry settledBy).
    const reasons = validateConfig(ag!.config);
    expect(reasons.filter((r) => r.settledBy === undefined).map((r) => r.code)).toEqual([]);
    expect(reasons.map((r) => r.code)).not.toContain('EXTERNAL_CLUSTER_NEEDS_EXTERNAL_FAILOVER');
  });
});
