import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';

/**
 * 'Take an availability group offline' (S73), Recommendations: "Before you take the availability
 * group offline, delete the availability group listener or listeners"; Follow Up: "If you did not
 * delete the availability group listener before taking the group offline: If you are migrating the
 * availability group to another WSFC cluster, delete the VNN and VIP of the listener", with the
 * Failover Cluster Management console or Remove-ClusterResource. OFFLINE still runs; the listener's
 * network name and address stay behind as cluster resources, so the step says so.
 */
export const listenerLeftAtOffline = (config: Config): readonly Reason[] =>
  config.clusterType !== 'WSFC' || config.listener === null
    ? []
    : [
        reason(
          'OFFLINE_LISTENER_LEFT',
          `${config.name} went offline with its listener ${config.listener.name} still defined, which the documentation recommends deleting first (ALTER AVAILABILITY GROUP [${config.name}] REMOVE LISTENER '${config.listener.name}'): to migrate the group to another WSFC cluster, now delete the listener's virtual network name and IP address (${config.listener.dhcp ? 'DHCP' : config.listener.addresses.map((a) => a.address).join(', ')}) from this cluster, in the Failover Cluster Management console or with Remove-ClusterResource`,
          source(
            'S73',
            'Recommendations: delete the availability group listener before taking the group offline; Follow Up: delete the VNN and VIP of the listener',
          ),
        ),
      ];
