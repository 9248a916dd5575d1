import { source } from '../model/source.js';

/** The documents and sections the failover verdicts cite. */
export const FAILOVER_RULES = {
  forms: source('S2', 'Failover forms and the failover sets'),
  automatic: source('S2', 'Conditions required for an automatic failover'),
  planned: source('S45', 'Perform a planned manual failover: prerequisites'),
  plannedReadiness: source(
    'S45',
    'Prerequisites: to determine the failover readiness of a secondary replica, query is_failover_ready',
  ),
  plannedPrimaryDown: source(
    'S2',
    'Terms and definitions: planned manual failover is possible even if the primary replica has crashed',
  ),
  forced: source('S44', 'Perform a forced manual failover'),
  quorum: source('S2', 'WSFC quorum (R-FO-1, R-FO-2)'),
  clusterNone: source('S46', 'CLUSTER_TYPE = NONE: no automatic failover'),
  clusterNonePlanned: source(
    'S45',
    'Fail over a read-scale (CLUSTER_TYPE = NONE) availability group',
  ),
  fci: source('S56', 'Failover cluster instances support only manual failover'),
  configOnly: source('S29', 'Configuration-only replica'),
  syncStates: source('S6', 'synchronization_state (R-SYNC-3)'),
  matrix: source('SEED003', 'Types of Failover'),
  nodeDown: source('S65', 'a node marked down is removed from the active cluster membership'),
  inProgress: source(
    'S127',
    'Possible Solutions: if there is a failover in progress, wait for the failover to complete',
  ),
  failedState: source(
    'S135',
    'Msg 41143: the local replica is in a failed state and cannot process the operation',
  ),
} as const;
