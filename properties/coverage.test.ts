import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { toDirectedGraph } from 'xstate/graph';
import { readDeployed } from '../adapters/tsql/script.js';
import { createCluster } from '../core/cluster/build.js';
import { journalEntries } from '../core/cluster/journal.js';
import { step } from '../core/cluster/step.js';
import type { Cluster, MachineTransition } from '../core/cluster/types.js';
import { MACHINES, type MachineName } from '../core/machines/registry.js';
import { type ConfigInput, resolveConfig } from '../core/model/config.js';
import { ScenarioInput } from '../core/model/scenario.js';
import {
  lifecycleScenarioArb,
  lifecycleStart,
  resolveLifecycleAction,
  scenarioArb,
} from './cluster-arbitraries.js';

/**
 * Transition coverage: every state and every transition of every machine must be taken by the
 * bundled scenarios or by the property tests' event sequences (replayed here from fixed seeds).
 * A state or transition nothing reaches is dead model, or a gap in the tests: either way, fail.
 */

interface Edge {
  readonly source: string;
  readonly target: string;
  readonly event: string;
}

type DirectedNode = ReturnType<typeof toDirectedGraph>;

const walk = (node: DirectedNode, states: string[], edges: Edge[]) => {
  states.push(node.id);
  for (const e of node.edges) {
    edges.push({ source: e.source.id, target: e.target.id, event: e.transition.eventType });
  }
  for (const child of node.children) walk(child, states, edges);
};

const machineGraph = (name: MachineName) => {
  const states: string[] = [];
  const edges: Edge[] = [];
  walk(toDirectedGraph(MACHINES[name]), states, edges);
  return { states, edges };
};

const within = (id: string, ancestor: string) => id === ancestor || id.startsWith(`${ancestor}.`);

/**
 * The seeding thread handles five databases (SEED001), and the random scenarios hold at most four:
 * seven databases added for one secondary reach QUEUED, from a new, a failed and a completed
 * seeding, and each way out of it (the deny, the freed place, SEEDING_MODE = MANUAL).
 */
const queuedWalk = (): MachineTransition[] => {
  const names = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7'];
  const replica = (name: string) => ({
    name,
    endpointUrl: `TCP://${name}:5022`,
    availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
    failoverMode: 'MANUAL' as const,
    seedingMode: 'AUTOMATIC' as const,
  });
  let cluster = createCluster(
    resolveConfig({
      name: 'AG',
      version: 2019,
      databases: ['D0'],
      replicas: [replica('P'), replica('S')],
    }),
    { catalog: Object.fromEntries(names.map((n) => [n, { hasFullBackup: true }])) },
  );
  const seen: MachineTransition[] = [];
  const events = [
    { type: 'replica.grantCreateDatabase' as const, replica: 'S' },
    ...names.map((database) => ({ type: 'db.add' as const, database })),
    { type: 'replica.denyCreateDatabase' as const, replica: 'S' },
    { type: 'replica.grantCreateDatabase' as const, replica: 'S' },
    { type: 'seeding.progress' as const, replica: 'S', database: 'Q1' },
    { type: 'seeding.fail' as const, replica: 'S', database: 'Q2' },
    // Five others run: the restart of the failed Q2 and a new request for the completed Q1 wait.
    { type: 'replica.setSeedingMode' as const, replica: 'S', mode: 'AUTOMATIC' as const },
    { type: 'db.remove' as const, database: 'Q1' },
    { type: 'db.add' as const, database: 'Q1' },
    { type: 'replica.setSeedingMode' as const, replica: 'S', mode: 'MANUAL' as const },
  ];
  for (const e of events) {
    const r = step(cluster, e);
    seen.push(...r.transitions);
    cluster = r.cluster;
  }
  return seen;
};

/**
 * Directed: a group left failed past the WSFC failure threshold (S22) leaves that state only by a
 * manual failover or OFFLINE: the fixture's third crash in six hours and the restart, then each.
 */
const failedRoleWalks = (): MachineTransition[] => {
  const fixture = ScenarioInput.decode(
    JSON.parse(
      readFileSync(
        new URL(
          '../core/failover/fixtures/docs-failure-threshold-restart-stays-failed.json',
          import.meta.url,
        ),
        'utf8',
      ),
    ),
  );
  if (E.isLeft(fixture) || 'tsql' in fixture.right.config) return [];
  const config = resolveConfig(fixture.right.config as ConfigInput);
  const upToRestart = fixture.right.steps.slice(0, 6).map((s) => s.event);
  const seen: MachineTransition[] = [];
  for (const last of [
    { type: 'ag.failover' as const, target: 'SQLNODE1' },
    { type: 'ag.forceFailover' as const, target: 'SQLNODE3' },
    { type: 'ag.offline' as const },
  ]) {
    let cluster = createCluster(config);
    for (const e of [...upToRestart, last]) {
      const r = step(cluster, e);
      seen.push(...r.transitions);
      cluster = r.cluster;
    }
  }
  return seen;
};

/**
 * Directed: an EXTERNAL group that lost its primary while a secondary was down has no primary
 * until that secondary's instance starts, and then Pacemaker promotes a synchronized one (S29,
 * S342): the Linux documentation's three synchronous replicas, as the fixture runs them.
 */
const externalPromotedWalk = (): MachineTransition[] => {
  const fixture = ScenarioInput.decode(
    JSON.parse(
      readFileSync(
        new URL(
          '../core/failover/fixtures/docs-linux-three-sync-secondary-back.json',
          import.meta.url,
        ),
        'utf8',
      ),
    ),
  );
  if (E.isLeft(fixture) || 'tsql' in fixture.right.config) return [];
  let cluster = createCluster(resolveConfig(fixture.right.config as ConfigInput));
  const seen: MachineTransition[] = [];
  for (const s of fixture.right.steps) {
    const r = step(cluster, s.event);
    seen.push(...r.transitions);
    cluster = r.cluster;
  }
  return seen;
};

/** Every machine transition the examples and a fixed sample of the property scenarios take. */
const observedTransitions = (): MachineTransition[] => {
  const seen: MachineTransition[] = [];
  const scenarios = new URL('../examples/scenarios/', import.meta.url);
  for (const file of readdirSync(scenarios).filter((f) => f.endsWith('.json'))) {
    const decoded = ScenarioInput.decode(
      JSON.parse(readFileSync(new URL(file, scenarios), 'utf8')),
    );
    if (E.isLeft(decoded) || 'tsql' in decoded.right.config) continue;
    let cluster = createCluster(resolveConfig(decoded.right.config as ConfigInput));
    seen.push(...journalEntries(cluster.journal));
    for (const s of decoded.right.steps) {
      const r = step(cluster, s.event);
      seen.push(...r.transitions);
      cluster = r.cluster;
    }
  }
  // Directed: a role change while a copy is between its revert's two phases. The SEED004
  // walk-through up to the old primary's INITIALIZING (pages fetched, log not yet hardened), then
  // another forced failover: data movement restarts, the copy is NOT SYNCHRONIZING (S6).
  const walkthrough = ScenarioInput.decode(
    JSON.parse(readFileSync(new URL('resync-walkthrough.json', scenarios), 'utf8')),
  );
  if (E.isRight(walkthrough) && !('tsql' in walkthrough.right.config)) {
    let cluster = createCluster(resolveConfig(walkthrough.right.config as ConfigInput));
    const events = [
      ...walkthrough.right.steps.slice(0, 29).map((s) => s.event),
      { type: 'replica.restart' as const, replica: 'SQLNODE2' },
      { type: 'ag.forceFailover' as const, target: 'SQLNODE2' },
    ];
    for (const e of events) {
      const r = step(cluster, e);
      seen.push(...r.transitions);
      cluster = r.cluster;
    }
  }
  // Directed: a group that is a distributed group's second group, whose secondaries seeded from
  // the forwarder stay RESTORING until joined (S58, S79): the automatic-seeding example run there.
  const seeding = ScenarioInput.decode(
    JSON.parse(readFileSync(new URL('automatic-seeding.json', scenarios), 'utf8')),
  );
  const seedingConfig = readDeployed(
    readFileSync(new URL('../tsql/automatic-seeding.sql', scenarios), 'utf8'),
    { version: 2019 },
  );
  if (E.isRight(seeding) && E.isRight(seedingConfig)) {
    let cluster: Cluster = {
      ...createCluster(seedingConfig.right, { start: 'unprepared' }),
      seededCopiesWaitForJoin: true,
    };
    for (const s of seeding.right.steps) {
      const r = step(cluster, s.event);
      seen.push(...r.transitions);
      cluster = r.cluster;
    }
  }
  seen.push(...queuedWalk());
  seen.push(...failedRoleWalks());
  seen.push(...externalPromotedWalk());
  for (const { config, events } of fc.sample(scenarioArb(60), { numRuns: 400, seed: 7 })) {
    let cluster = createCluster(config);
    seen.push(...journalEntries(cluster.journal));
    for (const e of events) {
      const r = step(cluster, e);
      seen.push(...r.transitions);
      cluster = r.cluster;
    }
  }
  for (const { config, outsideHaveFullBackups, actions } of fc.sample(lifecycleScenarioArb(80), {
    numRuns: 1500,
    seed: 7,
  })) {
    let cluster = lifecycleStart(config, outsideHaveFullBackups);
    seen.push(...journalEntries(cluster.journal));
    for (const a of actions) {
      for (const e of resolveLifecycleAction(cluster, a)) {
        const r = step(cluster, e);
        seen.push(...r.transitions);
        cluster = r.cluster;
      }
    }
  }
  return seen;
};

describe('machine coverage by the examples and the property tests', () => {
  const seen = observedTransitions();

  it.each(Object.keys(MACHINES) as MachineName[])(
    'every state and transition of %s is reached',
    (name) => {
      const { states, edges } = machineGraph(name);
      const taken = seen.filter((t) => t.machine === name);
      const reached = new Set(taken.flatMap((t) => [...t.from, ...t.to]));
      const unreachedStates = states.filter((s) => ![...reached].some((r) => within(r, s)));
      const untaken = edges.filter(
        (e) =>
          !taken.some(
            (t) =>
              t.event === e.event &&
              t.from.some((f) => within(f, e.source)) &&
              t.to.some((to) => within(to, e.target)),
          ),
      );
      expect(unreachedStates).toEqual([]);
      expect(untaken.map((e) => `${e.source} --${e.event}--> ${e.target}`)).toEqual([]);
    },
  );
});
