import { type Reason, reason, source } from '../model/source.js';

/** A DROP AVAILABILITY GROUP statement of a script, where it ran. */
export interface GroupDrop {
  readonly line: number;
  /** The instance it ran on, or null where the script does not say. */
  readonly server: string | null;
}

const where = (drops: readonly GroupDrop[]): string =>
  drops.map((d) => `line ${d.line}${d.server === null ? '' : ` on ${d.server}`}`).join(', ');

/**
 * A script that ends by dropping the group it created leaves no group: DROP AVAILABILITY GROUP
 * "Removes the specified availability group and all of its replicas" (S110). What the script
 * built before the DROP can still be judged, and is, saying so; nothing is searched from it.
 */
export const groupDropped = (group: string, drops: readonly GroupDrop[]): Reason =>
  reason(
    'GROUP_DROPPED',
    `the script drops ${group} after creating it (DROP AVAILABILITY GROUP at ${where(drops)}): it "removes the specified availability group and all of its replicas", so the script leaves no group ${group}; ${group} is judged as it stood before the DROP, and check searches it only from the script without the DROP statements`,
    source('S110', 'Removes the specified availability group and all of its replicas'),
  );

/**
 * DROP AVAILABILITY GROUP run on a replica the script has made secondary: "Deleting an
 * availability group from a secondary replica leaves the primary replica in the RESTORING state,
 * and changes are not allowed on the databases"; "If possible, remove the availability group only
 * while connected to the server instance that hosts the primary replica" (S110).
 */
export const groupDroppedOnSecondary = (
  group: string,
  drop: GroupDrop & { readonly server: string },
  primary: string,
): Reason =>
  reason(
    'GROUP_DROPPED_ON_SECONDARY',
    `DROP AVAILABILITY GROUP [${group}] at line ${drop.line} runs on ${drop.server}, a secondary replica (the script has made ${primary} primary): dropping the group from a secondary "leaves the primary replica in the RESTORING state, and changes are not allowed on the databases"; drop it on ${primary}, which leaves its databases writable`,
    source(
      'S110',
      'remove the availability group only while connected to the server instance that hosts the primary replica',
    ),
  );

/**
 * Under CLUSTER_TYPE NONE or EXTERNAL each instance holds the group for itself: "For an
 * availability group that's created with cluster type NONE or EXTERNAL, execute the command on
 * all replicas that are part of the availability group" (S108, the note on DROP AVAILABILITY
 * GROUP). `holding` are the replicas the script runs no DROP on.
 */
export const groupDropNotOnEveryReplica = (group: string, holding: readonly string[]): Reason =>
  reason(
    'GROUP_DROP_NOT_ON_EVERY_REPLICA',
    `${group} has no WSFC to remove it everywhere: the script drops it on some replicas but not on ${holding.join(', ')}, which still hold${holding.length === 1 ? 's' : ''} the group; run DROP AVAILABILITY GROUP [${group}] there too`,
    source(
      'S108',
      'cluster type NONE or EXTERNAL: execute the command on all replicas that are part of the availability group',
    ),
  );

/**
 * A distributed group dropped on one side only. Each side holds the distributed group for itself
 * (created on one, joined on the other; "A distributed availability group doesn't configure
 * anything in the underlying cluster", S43), and the migration guides drop it "on the both the
 * source and target SQL Server instances" (S110's row). `dropped` are the member groups whose
 * servers run a DROP, `holding` the one that runs none.
 */
export const distributedDropOneSide = (
  group: string,
  drops: readonly GroupDrop[],
  dropped: string,
  holding: string,
): Reason =>
  reason(
    'DISTRIBUTED_DROP_ONE_SIDE',
    `the script drops ${group} on ${dropped}'s side only (DROP AVAILABILITY GROUP at ${where(drops)}): ${holding}'s side still holds ${group}, whose DROP runs on each side ("use DROP AVAILABILITY GROUP [DAG] on the both the source and target SQL Server instances to drop it"); run DROP AVAILABILITY GROUP [${group}] on ${holding}'s primary too. ${group} is judged as it stood before the DROP, and check searches it only from the script without the DROP statements`,
    source(
      'S110',
      'Complete migration using a distributed AG (SQL Server on Azure VMs): use DROP AVAILABILITY GROUP [DAG] on the both the source and target SQL Server instances to drop it',
    ),
  );
