import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agService } from '../cluster/select.js';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Take an Availability Group Offline (SQL Server)' (S73, MicrosoftDocs/sql-docs @09a0bb13, ms.date
 * 05/17/2016), Recommendations: "Before you take the availability group offline, delete the
 * availability group listener or listeners"; Follow Up: "If you did not delete the availability
 * group listener before taking the group offline: If you are migrating the availability group to
 * another WSFC cluster, delete the VNN and VIP of the listener. You can delete them by using either
 * the Failover Cluster Management console, the Remove-ClusterResource PowerShell cmdlet, or
 * cluster.exe." docs-offline-then-offline-again.json takes AccountsAG offline with its listener
 * accounts-lsnr (10.0.0.51, invented) still there; the step took it offline without a word.
 */
const scenario = () =>
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-offline-then-offline-again.json', import.meta.url),
      'utf8',
    ),
  );
const noteCodes = (sim: ReturnType<typeof simulateScenario>, i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []));

describe('OFFLINE with the listener still defined (S73, Recommendations and Follow Up)', () => {
  it("takes the group offline and says to delete the listener's VNN and VIP for a migration", () => {
    const s = scenario();
    const sim = simulateScenario({ ...s, steps: s.steps.slice(0, 4) });
    expect(sim.trace[3]!.refused).toEqual([]);
    expect(agService(sim.final)).toBe('OFFLINE');
    const notes = sim.trace[3]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));
    expect(notes).toEqual([
      expect.objectContaining({
        code: 'OFFLINE_LISTENER_LEFT',
        message: expect.stringContaining(
          "AccountsAG went offline with its listener accounts-lsnr still defined, which the documentation recommends deleting first (ALTER AVAILABILITY GROUP [AccountsAG] REMOVE LISTENER 'accounts-lsnr'): to migrate the group to another WSFC cluster, now delete the listener's virtual network name and IP address (10.0.0.51)",
        ),
        rule: {
          document: 'Take an availability group offline (SQL Server)',
          section: expect.stringMatching(/Recommendations.*Follow Up/),
        },
      }),
    ]);
  });

  it('says nothing where REMOVE LISTENER ran first, as the page recommends', () => {
    const s = scenario();
    const steps = [
      ...s.steps.slice(0, 3),
      { event: { type: 'ag.removeListener', name: 'accounts-lsnr' } },
      s.steps[3],
    ];
    const sim = simulateScenario({ ...s, steps });
    expect(sim.trace[3]!.refused).toEqual([]);
    expect(sim.trace[4]!.refused).toEqual([]);
    expect(noteCodes(sim, 4)).toEqual([]);
    expect(agService(sim.final)).toBe('OFFLINE');
  });

  it('says nothing of a refused OFFLINE, nor without a cluster manager', () => {
    const s = scenario();
    // SQL2, a synchronous-commit replica, is down: OFFLINE raises an error and the group stays ONLINE.
    const refused = simulateScenario({
      ...s,
      steps: [{ event: { type: 'replica.crash', replica: 'SQL2' } }, s.steps[3]],
    });
    expect(refused.trace[1]!.refused.map((r) => r.code)).toEqual([
      'SYNCHRONOUS_SECONDARY_NOT_SYNCHRONIZED',
    ]);
    expect(noteCodes(refused, 1)).toEqual([]);
    const none = simulateScenario({
      ...s,
      config: {
        ...s.config,
        clusterType: 'NONE',
        replicas: s.config.replicas.map((r: { failoverMode: string }) => ({
          ...r,
          failoverMode: 'MANUAL',
        })),
      },
      steps: s.steps.slice(0, 4),
    });
    expect(noteCodes(none, 3)).not.toContain('OFFLINE_LISTENER_LEFT');
  });
});
