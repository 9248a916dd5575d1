import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SqlServerVersion } from '../../core/model/enums.js';
import { readScriptReport } from './script.js';

/*
 * CREATE AVAILABILITY GROUP (S4), revision of 16 October 2017: the replica syntax writes
 * "FAILOVER_MODE = { AUTOMATIC | MANUAL | EXTERNAL }", and "CLUSTER_TYPE Introduced in SQL Server
 * 2017. … Set to EXTERNAL when the cluster is managed by a cluster manager that is not a Windows
 * Server failover cluster, like Linux Pacemaker"; 'Operate Always On availability groups on Linux'
 * (S30): "When CLUSTER_TYPE = EXTERNAL, the only acceptable value for FAILOVER_MODE is EXTERNAL";
 * the SMO enumeration (S34): External "only for the External cluster type". Before 2017 every group
 * is a WSFC group and the ALTER syntax of the time lists "FAILOVER_MODE = { AUTOMATIC | MANUAL }".
 * An ALTER-only script that writes FAILOVER_MODE = EXTERNAL was judged silent on 2014 and 2016:
 * only a JOIN WITH (CLUSTER_TYPE = …) after it, if any, was refused.
 *
 * Input: guide-kubernetes-operator-scaling-alter.sql, the "Join New Replicas to AG" and "Dedicated
 * Read Replicas" steps of a Kubernetes SQL Server operator's "Scaling SQL Server" guide (code index
 * file 58075049421; mssql-tools18, so SQL Server 2022 is what the guide runs): ADD REPLICA …
 * FAILOVER_MODE = EXTERNAL on the primary, JOIN WITH (CLUSTER_TYPE = EXTERNAL) on the new pod.
 * Invented: the :Connect lines only.
 */

const NAME = 'guide-kubernetes-operator-scaling-alter.sql';
const TEXT = readFileSync(new URL(`./fixtures/${NAME}`, import.meta.url), 'utf8');

const versionFindings = (text: string, version: SqlServerVersion) => {
  const r = readScriptReport(text, { version, fileName: NAME });
  expect(r.errors).toEqual([]);
  return r.script.statements
    .flatMap((s) => s.findings ?? [])
    .filter((f) => f.reason.code === 'FEATURE_NOT_IN_VERSION');
};

describe('FAILOVER_MODE = EXTERNAL in an ALTER statement is judged against the version (S4)', () => {
  it('the guide as published, on SQL Server 2022 (and 2017): no option its version lacks', () => {
    expect(versionFindings(TEXT, 2022)).toEqual([]);
    expect(versionFindings(TEXT, 2017)).toEqual([]);
  });

  it('on SQL Server 2016 the ADD REPLICA is refused at its FAILOVER_MODE, the JOIN at its CLUSTER_TYPE', () => {
    const found = versionFindings(TEXT, 2016);
    expect(found.map((f) => `${f.line}:${f.column}`)).toEqual(['10:193', '13:50']);
    expect(found[0]?.reason.message).toBe(
      "'FAILOVER_MODE = EXTERNAL', which SQL Server 2016 does not have: FAILOVER_MODE = EXTERNAL (replicas of a CLUSTER_TYPE = EXTERNAL group) first appeared in SQL Server 2017.",
    );
    expect(found[0]?.reason.rule.document).toBe('CREATE AVAILABILITY GROUP (Transact-SQL)');
  });

  it('a MODIFY REPLICA alone that sets it on 2014 is refused too; MANUAL there is not', () => {
    const modify = (mode: string) =>
      `ALTER AVAILABILITY GROUP ProductionAG MODIFY REPLICA ON N'sql-prod-3' WITH (FAILOVER_MODE = ${mode});\n`;
    expect(versionFindings(modify('EXTERNAL'), 2014).map((f) => f.line)).toEqual([1]);
    expect(versionFindings(modify('MANUAL'), 2014)).toEqual([]);
  });
});
