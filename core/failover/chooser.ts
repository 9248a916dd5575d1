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

/**
 * The words before where an automatic failover would go, in the text report and on the page:
 * under CLUSTER_TYPE = EXTERNAL with no primary, Pacemaker promotes without waiting for a failure
 * (EXTERNAL_PROMOTES_WITHOUT_PRIMARY), so the line says so.
 */
export const automaticHeading = (group: {
  readonly clusterType: string;
  readonly primary: string | null;
  readonly primaryUnseen: boolean;
}): string =>
  group.clusterType === 'EXTERNAL' && group.primary === null && !group.primaryUnseen
    ? 'no primary: Pacemaker would promote'
    : 'if the primary failed now, automatic failover would go to';
