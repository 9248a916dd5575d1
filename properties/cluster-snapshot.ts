import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { UNKNOWN_WHEN_MISSING } from '../adapters/dmv/columns.js';
import { formatDmvProblem } from '../adapters/dmv/problem.js';
import { snapshotTextToFacts } from '../adapters/dmv/read.js';
import { type RenderedSnapshot, renderSnapshot } from '../adapters/dmv/render.js';
import { ALL_VIEWS, REQUIRED_VIEWS, VIEWS, type ViewName } from '../adapters/dmv/snapshot.js';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { localFacts } from '../core/cluster/local-facts.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../core/model/facts.js';
import { scenarioArb } from './cluster-arbitraries.js';
import { readableScenarioArb } from './readable-config.js';

/**
 * What a DMV snapshot taken on the primary would tell of a simulated cluster: its facts without
 * the exact log (no view shows acknowledged commits), and a row for every database on every data
 * replica, as sys.dm_hadr_database_replica_cluster_states has one, with is_database_joined = 0 and
 * no LSNs where the replica holds no copy.
 */
export const clusterSnapshot = (cluster: Cluster): ClusterFacts => {
  const { logs: _exactLog, ...facts } = clusterFacts(cluster);
  const has = (replica: string, database: string) =>
    facts.databaseReplicas.some((d) => d.replica === replica && d.database === database);
  const absent: DatabaseReplicaFacts[] = facts.config.replicas
    .filter((r) => r.availabilityMode !== 'CONFIGURATION_ONLY')
    .flatMap((r) =>
      facts.config.databases
        .filter((database) => !has(r.name, database))
        .map((database) => ({
          replica: r.name,
          database,
          isJoined: false,
          databaseState: null,
          synchronizationState: null,
          isSuspended: null,
          suspendReason: null,
          isFailoverReady: null,
          lastReceivedLsn: null,
          lastHardenedLsn: null,
          lastRedoneLsn: null,
          endOfLogLsn: null,
          lastCommitLsn: null,
        })),
    );
  return { ...facts, databaseReplicas: [...facts.databaseReplicas, ...absent] };
};

/** Decode a rendered snapshot, or fail the property with every problem and where it was taken. */
export const decodeOrFail = (s: RenderedSnapshot, what: string): ClusterFacts => {
  const r = snapshotTextToFacts(JSON.stringify(s));
  if (E.isLeft(r)) throw new Error(`${what}: ${r.left.map(formatDmvProblem).join('; ')}`);
  return r.right;
};

/** The optional views a snapshot may lack (SERVERPROPERTY gives the version, which decoding needs). */
export const DROPPABLE_VIEWS: readonly ViewName[] = ALL_VIEWS.filter(
  (v) => !REQUIRED_VIEWS.includes(v) && v !== VIEWS.serverProperty,
);

/**
 * The snapshot with the given (view, column) cells left out of every row, and the given views left
 * out whole.
 */
export const without = (
  s: RenderedSnapshot,
  dropped: readonly (readonly [string, string])[],
  droppedViews: readonly string[] = [],
) =>
  Object.fromEntries(
    Object.entries(s)
      .filter(([view]) => !droppedViews.includes(view))
      .map(([view, rows]) => [
        view,
        rows.map((row) =>
          Object.fromEntries(
            Object.entries(row).filter(([c]) => !dropped.some(([v, d]) => v === view && d === c)),
          ),
        ),
      ]),
  ) as RenderedSnapshot;

/** The snapshot as the primary would show the cluster, and as each running replica would. */
export const snapshotsOf = (cluster: Cluster): { name: string; snapshot: RenderedSnapshot }[] => {
  const all = clusterSnapshot(cluster);
  const out = [{ name: 'the whole cluster', snapshot: renderSnapshot(all) }];
  // sys.dm_hadr_cluster_members lists every node wherever the query runs.
  const clusterNodes = all.replicas.map((r) => ({ name: r.name, up: r.isUp !== false }));
  for (const r of all.config.replicas) {
    const seen = localFacts(cluster, r.name);
    if (seen !== null)
      out.push({
        name: `taken on ${r.name}`,
        snapshot: renderSnapshot(seen, { local: r.name, clusterNodes }),
      });
  }
  return out;
};

/**
 * A cluster after a random prefix of a random scenario, one to four state columns a snapshot of it
 * may lack (the columns whose absence makes a decision unknown), and up to three optional views.
 */
export const clusterAndDroppedColumns = (maxEvents: number) =>
  fc
    .tuple(
      fc.oneof(scenarioArb(maxEvents), readableScenarioArb(maxEvents)),
      fc.subarray([...UNKNOWN_WHEN_MISSING], { minLength: 1, maxLength: 4 }),
      fc.nat(),
      fc.subarray([...DROPPABLE_VIEWS], { maxLength: 3 }),
    )
    .map(([{ config, events }, dropped, cut, droppedViews]) => {
      let cluster = createCluster(config);
      for (const e of events.slice(0, cut % (events.length + 1))) {
        const r = step(cluster, e);
        if (r.refused.length === 0) cluster = r.cluster;
      }
      return { cluster, dropped, droppedViews };
    });
