import { synchronizeCaughtUp } from '../log/catch-up.js';
import type { SqlServerVersion } from '../model/enums.js';
import { markFailoverReadiness } from './build.js';
import { primaryName } from './select.js';
import type { Cluster } from './types.js';

/**
 * The group's primary starts or stops receiving its log from a lower major version of SQL Server
 * (`Cluster.logFromVersion`; null: its own). The secondary copies are settled as after a step: a
 * SYNCHRONIZED copy falls back to SYNCHRONIZING while the source is lower ("databases on secondary
 * replicas of the Secondary AG (AG2) will show as Synchronizing/In Recovery (even if the AG is in
 * sync commit)"), and a caught-up synchronous copy is SYNCHRONIZED again once it is not ("Once the
 * distributed AG is failed over to the higher version (AG2), AG2 should become Healthy", S43).
 */
export const withLogFromVersion = (c: Cluster, version: SqlServerVersion | null): Cluster => {
  if ((c.logFromVersion ?? null) === version) return c;
  const { logFromVersion: _dropped, ...rest } = c;
  const marked: Cluster = version === null ? rest : { ...rest, logFromVersion: version };
  const caughtUp = synchronizeCaughtUp(marked);
  return primaryName(caughtUp) === null ? caughtUp : markFailoverReadiness(caughtUp);
};
