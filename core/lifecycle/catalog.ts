import type * as t from 'io-ts';
import type { Observation } from '../cluster/observation.js';
import { rebuildReplica, updateCopy, updateReplica, withCopy, withEntry } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import { copyPhase, primaryReplica } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import type { EventOf } from '../model/events.js';
import { databaseFilesOn } from '../seeding/files.js';
import { cancelSeeding, requestSeeding } from '../seeding/ops.js';
import { validateConfig } from '../validation/validate.js';
import { catalogOnPrimary, inGroup, sendCopyTraced, type Traced } from './access.js';
import { blankCopy } from './copy.js';
import { addDatabaseRefusals, lifecycleReason } from './lifecycle.js';

/**
 * ALTER AVAILABILITY GROUP … ADD DATABASE and REMOVE DATABASE, on the primary (SEED003
 * "Availability Databases", R-CFG-11, S3, S50): an added database is a primary database at once
 * and stays available; secondary copies come from preparation or automatic seeding.
 */

const holdsData = (c: Cluster, replica: string): boolean =>
  c.config.replicas.find((r) => r.name === replica)?.availabilityMode !== 'CONFIGURATION_ONLY';

const then = (a: Traced, f: (c: Cluster) => Traced): Traced => {
  const b = f(a.cluster);
  return { cluster: b.cluster, observations: [...a.observations, ...b.observations] };
};

export const addDatabase = (c: Cluster, e: EventOf<'db.add'>): StepResult => {
  const primary = primaryReplica(c);
  const entry = catalogOnPrimary(c, e.database);
  const refusals = addDatabaseRefusals({
    group: c.config.name,
    database: e.database,
    primary: primary?.name ?? null,
    inGroup: inGroup(c, e.database),
    catalog: entry ?? null,
  });
  const config = { ...c.config, databases: [...c.config.databases, e.database] };
  const violations = inGroup(c, e.database) ? [] : validateConfig(config);
  if (primary === undefined || entry === undefined || refusals.length + violations.length > 0)
    return refused(c, [...refusals, ...violations]);
  const end = entry.end;
  const log = c.logs[e.database] ?? {
    forks: [{ id: 0 as t.Int, parent: null, startLsn: end.lsn }],
    acknowledged: [],
    lost: [],
    settledLsn: end.lsn,
  };
  let next: Cluster = {
    ...c,
    config,
    logs: { ...c.logs, [e.database]: log },
  };
  for (const r of next.replicas) {
    if (!holdsData(next, r.name) || r.databases[e.database] !== undefined) continue;
    next = updateReplica(next, r.name, (x) =>
      rebuildReplica(x, x.machine, withEntry(x.databases, e.database, blankCopy(end))),
    );
  }
  // The database joins as the primary database and stays available (SEED003).
  next = updateCopy(next, primary.name, e.database, (x) =>
    withCopy(x, { received: end, hardened: end, redone: end }),
  );
  let traced = sendCopyTraced(next, primary.name, e.database, [() => ({ type: 'db.add' })]);
  for (const r of next.replicas) {
    if (r.name === primary.name || !holdsData(next, r.name)) continue;
    traced = then(traced, (x) => requestSeeding(x, r.name, e.database));
  }
  return accepted(traced.cluster, traced.observations);
};

export const removeDatabase = (c: Cluster, e: EventOf<'db.remove'>): StepResult => {
  const primary = primaryReplica(c);
  const reasons = [
    ...(primary === undefined
      ? [lifecycleReason('NO_PRIMARY', `${c.config.name} has no primary replica online`)]
      : []),
    ...(inGroup(c, e.database)
      ? []
      : [lifecycleReason('DATABASE_NOT_IN_GROUP', `${e.database} is not in ${c.config.name}`)]),
  ];
  if (primary === undefined || reasons.length > 0) return refused(c, reasons);
  const primaryCopy = primary.databases[e.database];
  const observations: Observation[] = [];
  let next: Cluster = {
    ...c,
    config: { ...c.config, databases: c.config.databases.filter((d) => d !== e.database) },
  };
  const log = c.logs[e.database];
  if (primaryCopy !== undefined && copyPhase(primaryCopy) === 'JOINED') {
    const end = primaryCopy.hardened;
    const entry = c.catalog[e.database];
    // The catalog now speaks of the primary's instance, files included.
    const files =
      entry?.instance === primary.name ? entry.files : databaseFilesOn(c, e.database, primary.name);
    if (entry !== undefined)
      next = {
        ...next,
        catalog: {
          ...next.catalog,
          [e.database]: { ...entry, instance: primary.name, end, files },
        },
      };
    if (log !== undefined && end.lsn > log.settledLsn) {
      // Outside the group nothing waits for a secondary: the waiting commits complete locally.
      observations.push({
        type: 'note',
        reason: lifecycleReason(
          'PENDING_COMMITS_COMPLETED',
          `commits of ${e.database} up to LSN ${end.lsn} no longer wait for any secondary`,
        ),
      });
      next = { ...next, logs: { ...next.logs, [e.database]: { ...log, settledLsn: end.lsn } } };
    }
  }
  let traced: Traced = { cluster: next, observations };
  traced = then(traced, (x) =>
    sendCopyTraced(x, primary.name, e.database, [() => ({ type: 'db.drop' })]),
  );
  for (const r of c.replicas) {
    const copy = r.databases[e.database];
    if (r.name === primary.name || copy === undefined) continue;
    traced = then(traced, (x) => ({
      cluster: cancelSeeding(x, r.name, e.database),
      observations: [],
    }));
    if (copyPhase(copy) !== 'JOINED') continue;
    // Every secondary database goes back to RESTORING, ready for more log backups (S3, S50).
    traced = then(traced, (x) => {
      const left = sendCopyTraced(x, r.name, e.database, [() => ({ type: 'db.leave' })]);
      return {
        cluster: updateCopy(left.cluster, r.name, e.database, (y) => ({
          ...y,
          received: y.hardened,
          redone: y.hardened,
          suspendedOnPrimary: false,
        })),
        observations: left.observations,
      };
    });
  }
  return accepted(traced.cluster, traced.observations);
};
