import { source, unknownReason } from '../model/source.js';
import { type ConfigRule, quote } from './codes.js';

export const CLUSTER_CONNECTION_OPTIONS_NOT_WSFC_UNKNOWN =
  'CLUSTER_CONNECTION_OPTIONS_NOT_WSFC_UNKNOWN';

/**
 * CLUSTER_CONNECTION_OPTIONS sets how the Windows Server Failover Cluster connects to the replicas
 * (S3), and "Your availability group can only enforce encryption if it's based on a Windows Server
 * Failover Cluster. Other types of availability groups don't support strict encryption" (S296).
 * On a CLUSTER_TYPE NONE or EXTERNAL group the options enforce nothing; whether SQL Server refuses
 * them or keeps them is not documented, so this is unknown, not a violation. The empty string
 * ("revert back to default encryption", S3) asks for nothing.
 */
export const clusterConnectionOptionsOutsideWsfc: ConfigRule = (config) =>
  config.clusterType === 'WSFC' ||
  config.kind === 'DISTRIBUTED' ||
  config.clusterConnectionOptions === null ||
  config.clusterConnectionOptions.trim() === ''
    ? []
    : [
        unknownReason(
          CLUSTER_CONNECTION_OPTIONS_NOT_WSFC_UNKNOWN,
          `${quote(config.name)} sets CLUSTER_CONNECTION_OPTIONS = ${quote(config.clusterConnectionOptions)} with CLUSTER_TYPE = ${config.clusterType}: the options say how the Windows Server Failover Cluster connects to the replicas, and "your availability group can only enforce encryption if it's based on a Windows Server Failover Cluster. Other types of availability groups don't support strict encryption", so no cluster connection here is encrypted by them. Whether SQL Server refuses the option on this group or keeps it without effect is not documented.`,
          source(
            'S296',
            'Connect to an Always On availability group: only groups based on a Windows Server Failover Cluster enforce encryption',
          ),
          [
            `the error, if any, that the statement setting CLUSTER_CONNECTION_OPTIONS on ${config.name} returns`,
            `sys.availability_groups.cluster_connection_options of ${config.name} after it`,
          ],
        ),
      ];
