import type { ClusterFacts } from '../model/facts.js';
import { type Reason, source, unknownReason } from '../model/source.js';

/**
 * 'Troubleshooting automatic failover problems' (KB2833707, S317), Case 2: "The SQL Server
 * Database Engine resource DLL connects to the instance of SQL Server that is hosting the primary
 * replica by using ODBC to monitor health. The logon credentials that are used for this connection
 * are the local SQL Server NT AUTHORITY\SYSTEM login account. By default, this local login account
 * is granted the following permissions: Alter Any Availability Group, Connect SQL, View server
 * state. If the NT AUTHORITY\SYSTEM login account lacks any of these permissions on the automatic
 * failover partner (the secondary replica), then SQL Server can't start health detection when an
 * automatic failover occurs. Therefore, the secondary replica can't transition to the primary
 * role." No view shows a login's permissions, so on a WSFC snapshot the automatic failover the
 * decision names holds only while they are there (unknown, not "no": they are granted by default).
 * A simulated cluster keeps the defaults, and Pacemaker logs in with a login of its own.
 */
export const HEALTH_LOGIN_RULE = source(
  'S317',
  'Case 2: Insufficient NT Authority\\SYSTEM account permissions',
);

const PERMISSIONS = 'ALTER ANY AVAILABILITY GROUP, CONNECT SQL and VIEW SERVER STATE';

export const automaticHealthLogin = (
  facts: ClusterFacts,
  targets: readonly string[],
): Reason | null => {
  if (facts.config.clusterType !== 'WSFC' || facts.logs !== undefined || targets.length === 0)
    return null;
  const where = targets.join(' or ');
  return unknownReason(
    'AUTOMATIC_HEALTH_LOGIN_UNKNOWN',
    `that holds while the cluster's resource DLL can start health detection on ${where}: it logs in there as NT AUTHORITY\\SYSTEM, which needs ${PERMISSIONS} (granted by default), and "If the NT AUTHORITY\\SYSTEM login account lacks any of these permissions on the automatic failover partner (the secondary replica), then SQL Server can't start health detection when an automatic failover occurs. Therefore, the secondary replica can't transition to the primary role"; a FAILOVER run there then fails too, with Msg 41131 ("Failed to bring availability group '…' online. The operation timed out"). No view shows the login's permissions`,
    HEALTH_LOGIN_RULE,
    [
      ...targets.map(
        (t) => `sys.server_permissions of the login NT AUTHORITY\\SYSTEM on ${t} (${PERMISSIONS})`,
      ),
      `the cluster log (Get-ClusterLog) on the node of ${where}: "Failed to run diagnostics command. The user does not have permission to perform this action."`,
    ],
  );
};
