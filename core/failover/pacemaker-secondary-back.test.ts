import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { automaticFailover } from './failover.js';

/**
 * A Pacemaker group (CLUSTER_TYPE = EXTERNAL) whose primary failed while a secondary was down has
 * no primary; when that secondary's instance starts again, Pacemaker promotes a replica.
 *
 * 'Configure SQL Server Always On Availability Group for high availability on Linux' (S342,
 * learn.microsoft.com/sql/linux/sql-server-linux-availability-group-configure-ha, ms.date
 * 08/24/2022): "With three synchronous replicas, the AG can automatically recover even if one
 * server is not available"; the fixture is its "Create AG with three synchronous replicas" script.
 * 'High availability and data protection for availability group configurations' (S29), three
 * synchronous replicas at the default REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1: "One
 * secondary replica outage: Primary is R/W. No automatic failover if primary fails as well";
 * "When Pacemaker decides to promote a replica to primary, it first sends a pre-promote
 * notification to all replicas … The replica with the highest sequence_number is promoted".
 * microsoft/mssql-server-ha, go/src/ag-helper/main.go (S341), `start` of a RESOLVING replica:
 * "There is no master right now. Don't run ALTER AG SET ROLE = SECONDARY because we don't want to
 * wait for recovery. Just pretend the replica is healthy so the replica is available for
 * pre-promote." The step left the group without a primary after the restart.
 *
 * Invented: the names (for the page's <node1>, <node2>, <node3>, port 5022), SQL Server 2019, db1,
 * the commit counts and the times.
 */
const scenario = () =>
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-linux-three-sync-secondary-back.json', import.meta.url),
      'utf8',
    ),
  );

const failovers = (sim: ReturnType<typeof simulateScenario>) =>
  sim.trace.flatMap((e) =>
    e.observations.flatMap((o) => (o.type === 'failover.completed' ? [{ at: e.index, o }] : [])),
  );

const primaryAfter = (sim: ReturnType<typeof simulateScenario>, i: number) =>
  sim.trace[i]!.facts.replicas.find((r) => r.role === 'PRIMARY')?.name;

describe('S29, S341: Pacemaker promotes once a secondary of a group with no primary is back', () => {
  const sim = simulateScenario(scenario());

  it('does not fail over when the primary fails while node3 is down', () => {
    expect(
      sim.trace[9]!.observations.some(
        (o) =>
          o.type === 'failover.notPossible' &&
          o.reasons.some((r) => r.code === 'EXTERNAL_TOO_FEW_SEQUENCE_NUMBERS'),
      ),
    ).toBe(true);
    expect(primaryAfter(sim, 9)).toBeUndefined();
  });

  it('promotes node2, which holds every acknowledged commit, when node3 starts', () => {
    const restart = sim.trace[10]!;
    expect(restart.refused).toEqual([]);
    const why = restart.observations.find(
      (o) => o.type === 'note' && o.reason.code === 'EXTERNAL_PROMOTED_ON_START',
    );
    expect(why?.type === 'note' && why.reason.message).toContain(
      '2 of the 3 synchronous-commit and configuration-only replicas (node2, node3) now answer the pre-promote notification, and Pacemaker promotes node2',
    );
    expect(failovers(sim).map(({ at, o }) => [at, o.form, o.from, o.to])).toEqual([
      [10, 'automatic', 'node1', 'node2'],
    ]);
    expect(failovers(sim).flatMap(({ o }) => o.lost)).toEqual([]);
    expect(primaryAfter(sim, 10)).toBe('node2');
  });

  it('resynchronizes node3 under the new primary, which commits again', () => {
    const last = sim.trace.at(-1)!;
    expect(last.refused).toEqual([]);
    expect(
      last.facts.databaseReplicas.find((d) => d.replica === 'node3')?.synchronizationState,
    ).toBe('SYNCHRONIZED');
    expect(last.observations.some((o) => o.type === 'commit.acknowledged')).toBe(true);
  });

  it('promotes nobody when the replica back leaves too few to answer (node2 down too)', () => {
    const s = scenario();
    const steps = [
      ...s.steps.slice(0, 9),
      { at: 2800, event: { type: 'replica.crash', replica: 'node2' } },
      ...s.steps.slice(9, 11),
    ];
    const run = simulateScenario({ ...s, steps });
    expect(run.trace[11]!.event.type).toBe('replica.restart');
    expect(run.trace[11]!.observations.map((o) => o.type)).not.toContain('failover.completed');
    expect(primaryAfter(run, 11)).toBeUndefined();
  });

  it('promotes the synchronous secondary when a configuration-only replica is back (S29)', () => {
    // 'Two synchronous replicas and a configuration only replica': "Configuration only replica
    // outage: Primary is R/W. No automatic failover if primary fails as well."
    const s = scenario();
    const replicas = s.config.replicas.map((r: { name: string }) =>
      r.name === 'node3'
        ? {
            name: 'node3',
            endpointUrl: 'tcp://node3:5022',
            availabilityMode: 'CONFIGURATION_ONLY',
            failoverMode: 'MANUAL',
          }
        : r,
    );
    const steps = [
      s.steps[0],
      s.steps[1],
      s.steps[2],
      s.steps[5],
      s.steps[9],
      { at: 63000, event: { type: 'replica.restart', replica: 'node3' } },
    ];
    const run = simulateScenario({ ...s, config: { ...s.config, replicas }, steps });
    expect(primaryAfter(run, 4)).toBeUndefined();
    expect(failovers(run).map(({ at, o }) => [at, o.from, o.to])).toEqual([[5, 'node1', 'node2']]);
    expect(failovers(run).flatMap(({ o }) => o.lost)).toEqual([]);
  });
});

describe('S341: Pacemaker promotes once the cluster has quorum again and the primary is down', () => {
  // The group offline for want of quorum, its primary's instance stops, then quorum returns: the
  // quorate cluster starts the ag resource's instances, each RESOLVING replica "available for
  // pre-promote" while there is no master (S341), and two of three answer.
  const steps = (s: ReturnType<typeof scenario>) => [
    ...s.steps.slice(0, 5),
    { at: 2000, event: { type: 'quorum.lost' } },
    { at: 2500, event: { type: 'replica.crash', replica: 'node1' } },
    { at: 3000, event: { type: 'quorum.regained' } },
  ];

  it('promotes node2 without loss', () => {
    const s = scenario();
    const run = simulateScenario({ ...s, steps: steps(s) });
    expect(primaryAfter(run, 6)).toBeUndefined();
    // No primary serves the group offline for want of quorum: none notices node1 stop.
    const stopped = run.trace[6]!.observations.find((o) => o.type === 'replica.disconnected');
    expect(stopped?.type === 'replica.disconnected' && stopped.reason.message).toBe(
      'node1 stopped; ag1 has no primary now, so no commit waits for it',
    );
    const why = run.trace[7]!.observations.find(
      (o) => o.type === 'note' && o.reason.code === 'EXTERNAL_PROMOTED_ON_QUORUM',
    );
    expect(why?.type === 'note' && why.reason.message).toContain(
      'the cluster has quorum again while ag1 has no primary (node1 down)',
    );
    expect(failovers(run).map(({ at, o }) => [at, o.form, o.from, o.to])).toEqual([
      [7, 'automatic', 'node1', 'node2'],
    ]);
    expect(failovers(run).flatMap(({ o }) => o.lost)).toEqual([]);
  });

  it('leaves a WSFC group without a primary, as before (S44: a planned failover is the way)', () => {
    const s = scenario();
    const replicas = s.config.replicas.map((r: { name: string }) => ({
      ...r,
      failoverMode: 'AUTOMATIC',
    }));
    const run = simulateScenario({
      ...s,
      config: { ...s.config, clusterType: 'WSFC', replicas },
      steps: steps(s),
    });
    expect(failovers(run)).toEqual([]);
    expect(primaryAfter(run, 7)).toBeUndefined();
  });
});

describe("S341: with no primary under EXTERNAL, the automatic verdict is Pacemaker's promotion", () => {
  // ag-helper `start` of a RESOLVING replica: "There is no master right now … Just pretend the
  // replica is healthy so the replica is available for pre-promote" (S341): Pacemaker goes on
  // trying to promote; "no primary" is not why it cannot, its checks are.
  const codes = (v: { reasons: readonly { code: string }[] }) => v.reasons.map((r) => r.code);

  it('refuses node2 only for the sequence numbers it lacks, not for the missing primary', () => {
    const facts = simulateScenario(scenario()).trace[9]!.facts;
    expect(facts.primary).toBeNull();
    const v = automaticFailover(facts, 'node2');
    expect(v.status).toBe('refused');
    expect(codes(v)).toEqual(['EXTERNAL_TOO_FEW_SEQUENCE_NUMBERS']);
  });

  it('allows node2 once quorum is seen again, saying the verdict is a promotion', () => {
    const s = scenario();
    const steps = [
      ...s.steps.slice(0, 5),
      { at: 2000, event: { type: 'quorum.lost' } },
      { at: 2500, event: { type: 'replica.crash', replica: 'node1' } },
    ];
    const facts = simulateScenario({ ...s, steps }).trace[6]!.facts;
    expect(facts.primary).toBeNull();
    expect(automaticFailover(facts, 'node2').status).toBe('refused');
    // The state a snapshot can show between quorum coming back and Pacemaker's promote.
    const quorate = { ...facts, quorum: 'HEALTHY' as const };
    const v = automaticFailover(quorate, 'node2');
    expect(v.status).toBe('allowed');
    expect(codes(v)).toEqual(['EXTERNAL_PROMOTES_WITHOUT_PRIMARY']);
    expect(v.reasons[0]!.message).toContain(
      'ag1 has no primary: Pacemaker keeps no promoted instance',
    );
  });

  it('keeps NO_PRIMARY on a WSFC group, which waits for an operator (S44)', () => {
    const s = scenario();
    const replicas = s.config.replicas.map((r: { name: string }) => ({
      ...r,
      failoverMode: 'AUTOMATIC',
    }));
    const steps = [
      ...s.steps.slice(0, 5),
      { at: 2000, event: { type: 'quorum.lost' } },
      { at: 2500, event: { type: 'replica.crash', replica: 'node1' } },
      { at: 3000, event: { type: 'quorum.regained' } },
    ];
    const facts = simulateScenario({
      ...s,
      config: { ...s.config, clusterType: 'WSFC', replicas },
      steps,
    }).trace[7]!.facts;
    expect(facts.primary).toBeNull();
    expect(codes(automaticFailover(facts, 'node2'))).toContain('NO_PRIMARY');
  });
});
