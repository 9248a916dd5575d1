import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';

/*
 * A lab script in a public repository (repository not named; code index file 46514712150;
 * fixtures/lab-none-failover-mode-external.sql, as published) creates ag3 WITH (DB_FAILOVER = ON,
 * CLUSTER_TYPE = NONE) and writes each of its three replicas as the Linux documentation writes a
 * Pacemaker group's, FAILOVER_MODE = EXTERNAL. 'Always On availability group failover on Linux'
 * (S30): "When CLUSTER_TYPE = EXTERNAL, the only acceptable value for FAILOVER_MODE is EXTERNAL";
 * SMO's AvailabilityReplicaFailoverMode (S34): External is only for the External cluster type;
 * 'Configure a read-scale availability group' (S46): CLUSTER_TYPE = NONE has no cluster manager, so
 * nothing fails the group over, DB_FAILOVER or not. validate, explain and check answer so (no model
 * change); no published script had FAILOVER_MODE = EXTERNAL on a group of another cluster type.
 */
const FILE = 'adapters/tsql/fixtures/lab-none-failover-mode-external.sql';

describe('a CLUSTER_TYPE = NONE group whose replicas have FAILOVER_MODE = EXTERNAL', () => {
  it('validate refuses each replica, and names the unknown endpoint port', async () => {
    const r = await run(['validate', FILE, '--sql-version', '2019', '--json']);
    expect(r.code).toBe(1);
    const [verdict] = (
      result(r) as {
        groups: { violations: { code: string; message: string }[]; unknown: { code: string }[] }[];
      }
    ).groups;
    expect(verdict!.violations.map((v) => `${v.code} ${v.message.slice(0, 16)}`)).toEqual([
      "EXTERNAL_FAILOVER_NEEDS_EXTERNAL_CLUSTER Replica 'mssql0'",
      "EXTERNAL_FAILOVER_NEEDS_EXTERNAL_CLUSTER Replica 'mssql1'",
      "EXTERNAL_FAILOVER_NEEDS_EXTERNAL_CLUSTER Replica 'mssql2'",
    ]);
    expect(verdict!.unknown.map((u) => u.code)).toEqual([
      'ENDPOINT_URL_ON_ENGINE_PORT_UNKNOWN',
      'ENDPOINT_URL_ON_ENGINE_PORT_UNKNOWN',
      'ENDPOINT_URL_ON_ENGINE_PORT_UNKNOWN',
    ]);
  });

  it('explain: no automatic failover whatever DB_FAILOVER says; check does not search it', async () => {
    const explained = await run(['explain', FILE, '--sql-version', '2019', '--json']);
    const explanation = (
      result(explained) as { explanation: { automaticFailover: { code: string }[] } }
    ).explanation;
    expect(explanation.automaticFailover.map((x) => x.code)).toEqual(['NO_AUTOMATIC_FAILOVER']);
    const checked = await run(['check', FILE, '--sql-version', '2019', '--faults', '1']);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('not checked: the configuration breaks documented rules: ag3');
  });

  it('SQL Server 2016 has no CLUSTER_TYPE: refused at the option', async () => {
    const r = await run(['validate', FILE, '--sql-version', '2016']);
    expect(r.stdout).toContain(
      `${FILE}:7:30: 'CLUSTER_TYPE = NONE', which SQL Server 2016 does not have: the option CLUSTER_TYPE first appeared in SQL Server 2017. [FEATURE_NOT_IN_VERSION]`,
    );
  });
});
