import {
  distributedDropOneSide,
  groupDropNotOnEveryReplica,
  groupDropped,
  groupDroppedOnSecondary,
} from '../../core/lifecycle/drop-group.js';
import type { Config } from '../../core/model/config.js';
import type { Reason } from '../../core/model/source.js';
import { parseLinkUrl } from '../../core/validation/urls.js';
import { isConnectionAddress } from './events.js';
import { memberThroughListener } from './listener-side.js';
import { same, sameGroup } from './names.js';
import type { Script, StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

/** DROP AVAILABILITY GROUP in a script: which DROPs end the group, and what to say of them (S110). */

export const isDrop = (s: StatementResult): boolean =>
  s.outcome.kind === 'skipped' && /^DROP\s+AVAILABILITY\s+GROUP\b/i.test(s.text);

/** A statement placed on a named instance that is not a replica of the group. */
export const leftInstance = (config: Config, s: StatementResult): boolean =>
  config.kind !== 'DISTRIBUTED' &&
  s.server !== null &&
  !isConnectionAddress(s.server) &&
  !config.replicas.some((r) => same(r.name, s.server));

/** The DROPs of the group that follow `drop` with no other statement of the group between. */
export const dropsAfter = (
  statements: readonly StatementResult[],
  drop: StatementResult,
  group: string,
): StatementResult[] => {
  const later = statements.slice(statements.indexOf(drop) + 1).filter((s) => sameGroup(s, group));
  const end = later.findIndex((s) => !isDrop(s));
  return end === -1 ? later : later.slice(0, end);
};

/**
 * A DROP that removes the group, not only one instance's part of it: on WSFC, run on any node
 * (S110: "from any Windows Server Failover Clustering (WSFC) node"); without WSFC, each instance
 * holds the group for itself, so only the primary's DROP (or one the script does not place, read
 * as run where the group was created) ends it.
 */
export const dropsGroup = (config: Config, s: StatementResult, primary: string | null): boolean =>
  config.kind === 'DISTRIBUTED' ||
  config.clusterType === 'WSFC' ||
  s.server === null ||
  isConnectionAddress(s.server) ||
  primary === null ||
  same(s.server, primary);

/**
 * Without WSFC a DROP removes the group from its own instance only: "For an availability group
 * that's created with cluster type NONE or EXTERNAL, execute the command on all replicas" (S108).
 * Judged where every DROP is placed; the replicas that run none still hold the group.
 */
const dropNotOnEveryReplica = (
  config: Config,
  drops: readonly StatementResult[],
  droppedOn: ReadonlySet<string>,
): Reason | null => {
  if (config.kind === 'DISTRIBUTED' || config.clusterType === 'WSFC') return null;
  if (drops.some((d) => d.server === null || isConnectionAddress(d.server))) return null;
  const holding = config.replicas.map((r) => r.name).filter((n) => !droppedOn.has(n.toLowerCase()));
  return holding.length === 0 ? null : groupDropNotOnEveryReplica(config.name, holding);
};

/** A DROP placed on a replica of the group that the script has not made primary (S110). */
export const droppedOnSecondary = (
  config: Config,
  s: StatementResult,
  primary: string | null,
): Reason | null => {
  const server = s.server;
  if (config.kind === 'DISTRIBUTED' || config.clusterType !== 'WSFC') return null;
  if (server === null || primary === null) return null;
  if (same(server, primary) || !config.replicas.some((r) => same(r.name, server))) return null;
  return groupDroppedOnSecondary(config.name, { line: s.line, server }, primary);
};

/**
 * The warnings a group's DROPs leave, placed: each DROP on a secondary, then, where DROPs end the
 * group, that it is gone and, without WSFC, the replicas still holding it.
 */
export const dropFindings = (
  config: Config,
  drops: readonly StatementResult[],
  droppedOn: ReadonlySet<string>,
  onSecondary: readonly PlacedReason[],
): PlacedReason[] => {
  const first = drops[0];
  if (first === undefined) return [...onSecondary];
  const at = { line: first.line, column: first.column };
  const holding = dropNotOnEveryReplica(config, drops, droppedOn);
  return [
    ...onSecondary,
    { ...at, reason: groupDropped(config.name, drops) },
    ...(holding === null ? [] : [{ ...at, reason: holding }]),
  ];
};

/**
 * A distributed group's DROPs that all run on one member group's side (each placed on a replica of
 * it or through its listener): the other side still holds the group. Not judged where a DROP is
 * not placed, or on a Managed Instance link, whose managed instance is not in the script.
 */
export const distributedDropOnOneSide = (
  script: Script,
  config: Config,
  drops: readonly StatementResult[],
): Reason | null => {
  if (config.kind !== 'DISTRIBUTED' || drops.length === 0) return null;
  if (config.members.some((m) => parseLinkUrl(m.listenerUrl) !== undefined)) return null;
  const sideOf = (server: string | null) =>
    script.configs.find(
      (c) =>
        c.kind !== 'DISTRIBUTED' &&
        config.members.some((m) => same(m.name, c.name)) &&
        c.replicas.some((r) => same(r.name, server)),
    )?.name ?? memberThroughListener(script, config, server);
  const sides = drops.map((d) => sideOf(d.server));
  const [first] = sides;
  if (first === undefined || sides.some((x) => x === undefined)) return null;
  if (sides.some((x) => !same(x ?? null, first))) return null;
  const holding = config.members.find((m) => !same(m.name, first));
  return holding === undefined
    ? null
    : distributedDropOneSide(config.name, drops, first, holding.name);
};
