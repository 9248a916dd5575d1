/**
 * Who picks among several replicas that qualify for an automatic failover, which no view shows:
 * on a WSFC the group's role's preferred owners (Get-ClusterOwnerNode); under Pacemaker
 * (CLUSTER_TYPE = EXTERNAL) Pacemaker itself, the resource agent giving every synchronous-commit
 * secondary the same promotion score (S53, mssql-server-ha: "promotionScoreCanBePromoted" 10 for
 * each SYNCHRONOUS_COMMIT secondary; its only veto is the sequence number).
 */
export const automaticChooser = (clusterType: string | undefined): string =>
  clusterType === 'EXTERNAL'
    ? 'Pacemaker chooses among them (the resource agent gives every synchronous-commit secondary the same promotion score)'
    : "the cluster chooses by the role's preferred owners (Get-ClusterOwnerNode)";
