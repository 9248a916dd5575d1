import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { step } from '../../core/cluster/step.js';
import { Driver } from '../../core/cluster/test-support.js';
import { resolveConfig } from '../../core/model/config.js';
import { result, run } from './test-support.js';

/*
 * 'Tutorial: Configure availability groups for SQL Server on RHEL virtual machines in Azure'
 * (fixtures/docs-azure-rhel-stonith-tutorial.sql): three synchronous replicas, CLUSTER_TYPE =
 * EXTERNAL, managed by Pacemaker (`pcs resource create ag_cluster ocf:mssql:ag ag_name=ag1 …`).
 * `agstate check --faults 1` answered "no writable primary ... because quorum was forced and no
 * forced failover has brought a primary online yet (R-FO-2): yes, by quorum lost → force quorum on
 * VM1". Forcing quorum is a WSFC procedure: 'WSFC Disaster Recovery through Forced Quorum' (S124),
 * "Start the WSFC cluster by using forced quorum on a single node". Pacemaker has no such mode:
 * "no-quorum-policy ... What to do when the cluster does not have quorum", "stop - stop all
 * resources in the affected cluster partition" (Red Hat, Summary of cluster properties and
 * options, S381); and when its tools cannot fail the group over, 'Operate Always On availability
 * groups on Linux' (S30) goes round them: "sudo pcs resource unmanage <resourceName>", "EXEC
 * sp_set_session_context @key = N'external_cluster', @value = N'yes';", then "ALTER AVAILABILITY
 * GROUP <MyAg> FAILOVER;". The CREATE runs on VM1, as the tutorial's :Connect lines (invented names)
 * place it.
 */
const name = 'docs-azure-rhel-stonith-tutorial.sql';
const text = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');
type Verdicts = Record<string, { verdict: string; trace: { label: string }[] | null }>;

describe('agstate check on a Pacemaker group: no forced quorum', () => {
  it('offers no forced quorum, so the forced-quorum cause is no; quorum loss still is one', async () => {
    const r = await run(['check', name, '--sql-version', '2019', '--faults', '1', '--json'], {
      files: { [name]: text },
    });
    const checked = result(r) as {
      result: { noWritablePrimaryCauses: Verdicts; answers: Verdicts };
    };
    const causes = checked.result.noWritablePrimaryCauses;
    expect(causes.forcedQuorum?.verdict).toBe('no');
    expect(causes.quorumLost?.verdict).toBe('yes');
    expect(causes.quorumLost?.trace?.map((s) => s.label)).toEqual(['quorum lost']);
    // The one-fault loss never needed it: a crash and a forced failover onto a reverting copy.
    expect(checked.result.answers.acknowledgedLoss?.verdict).toBe('yes');
  });

  it("refuses quorum.force under CLUSTER_TYPE = EXTERNAL with every reason, naming S30's way", () => {
    const d = new Driver(
      resolveConfig({
        name: 'ag1',
        version: 2019,
        clusterType: 'EXTERNAL',
        databases: ['db1'],
        replicas: ['VM1', 'VM2', 'VM3'].map((n) => ({
          name: n,
          endpointUrl: `tcp://${n}:5022`,
          availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
          failoverMode: 'EXTERNAL' as const,
        })),
      }),
    );
    const healthy = step(d.cluster, { type: 'quorum.force', replica: 'VM1' });
    expect(healthy.refused.map((x) => x.code)).toEqual([
      'FORCE_QUORUM_WSFC_ONLY',
      'QUORUM_NOT_LOST',
    ]);
    d.do({ type: 'quorum.lost' });
    const lost = step(d.cluster, { type: 'quorum.force', replica: 'VM1' });
    expect(lost.refused.map((x) => x.code)).toEqual(['FORCE_QUORUM_WSFC_ONLY']);
    expect(lost.refused[0]?.message).toContain('pcs resource unmanage');
    expect(lost.refused[0]?.message).toContain("N'external_cluster'");
    expect(lost.refused[0]?.rule.document).toBe(
      'Operate Always On availability groups on Linux (failover)',
    );
  });
});
