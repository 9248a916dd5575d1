import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * A Kubernetes SQL Server operator's "AG Deployment Guide" (code index file 57913303398): Step 2.6
 * creates ProductionAG WITH (CLUSTER_TYPE = EXTERNAL, DB_FAILOVER = ON,
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1) on three synchronous replicas, Step 2.7 joins
 * them; Step 3 deploys the operator's "AG Helper" sidecar, which monitors the group and, with
 * automaticFailover: true, "automatically promotes best synchronized secondary". No Pacemaker runs.
 * "An availability group that is managed by a cluster manager besides Windows Server Failover
 * Cluster (WSFC) is EXTERNAL. Pacemaker with Corosync is an example of an external cluster
 * manager" (S30). explain said of this group that "the Pacemaker resource agent sets
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT to 1 on each monitor action", as a fact.
 */
const name = 'guide-kubernetes-operator-external.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const report = readScriptReport(text, { version: 2025, fileName: name });

describe('an EXTERNAL group a Kubernetes operator manages (a published guide)', () => {
  it("says the agent's value and write majority are Pacemaker's, not every EXTERNAL group's", () => {
    const [c] = report.script.configs;
    const e = explainConfig(c!);
    const agent = e.commits.find((r) => r.code === 'RSSTC_SET_BY_AGENT');
    expect(agent?.message).toContain("where Pacemaker's resource agent (ocf:mssql:ag) manages");
    expect(agent?.message).toContain('does not say which cluster manager runs the group');
    const majority = e.commits.find((r) => r.code === 'EXTERNAL_COMMITS_NEED_MAJORITY');
    expect(majority?.message).toContain("where Pacemaker's resource agent manages the group");
  });

  it("refuses the guide's bare T-SQL FAILOVER on sql-ag-1 (Msg 47104)", () => {
    // "Failover must be triggered manually: ... # Via T-SQL (on target secondary)
    // ALTER AVAILABILITY GROUP ProductionAG FAILOVER;" without sp_set_session_context (S111).
    const [ag] = configsAfterScript(report.script);
    expect(ag?.notApplied.map((n) => n.reason.code)).toEqual([
      'EXTERNAL_FAILOVER_WITHOUT_SESSION_CONTEXT',
    ]);
  });
});
