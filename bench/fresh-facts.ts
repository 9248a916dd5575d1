import type { ClusterFacts } from '../core/model/facts.js';

/**
 * Facts with every list copied, as a new snapshot's would be: decisions remember their work per
 * facts value and their indexes per list of rows, so a run on fresh facts builds them again.
 */
export const freshFacts = (f: ClusterFacts): ClusterFacts => ({
  ...f,
  config: { ...f.config, replicas: [...f.config.replicas], databases: [...f.config.databases] },
  replicas: [...f.replicas],
  databaseReplicas: [...f.databaseReplicas],
  ...(f.logs === undefined ? {} : { logs: [...f.logs] }),
});
