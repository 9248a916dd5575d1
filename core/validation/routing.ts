import type { Config, Replica } from '../model/config.js';
import { type Reason, source, unknownReason } from '../model/source.js';
import { type ConfigRule, instanceKey, quote, violation } from './codes.js';

const listOption = 'PRIMARY_ROLE (READ_ONLY_ROUTING_LIST)';

/** The replica names a routing list mentions, each once, in list order. */
export const routedNames = (replica: Replica): readonly string[] => {
  const seen = new Map<string, string>();
  for (const name of replica.primaryRole.readOnlyRoutingList.flat()) {
    if (!seen.has(instanceKey(name))) seen.set(instanceKey(name), name);
  }
  return [...seen.values()];
};

const byName = (config: Config): ReadonlyMap<string, Replica> =>
  new Map(config.replicas.map((r) => [instanceKey(r.name), r]));

/**
 * What one listed replica lacks to be a routing target that SQL Server accepts in a list (R-CFG-8,
 * S3, S13): a replica of the group with a READ_ONLY_ROUTING_URL (Msg 19403, 19404). Its
 * SECONDARY_ROLE (ALLOW_CONNECTIONS) is not one: SQL Server takes a list naming a replica that
 * allows no connections as a secondary, and routing passes over it at connect time (docs/rules.md,
 * D22; a T-SQL script gets a warning, adapters/tsql/unreadable-routing-targets.ts).
 */
const checkTarget = (
  owner: Replica,
  name: string,
  target: Replica | undefined,
): readonly Reason[] => {
  const where = `Replica ${quote(owner.name)} lists ${quote(name)} in its ${listOption}`;
  if (target === undefined) {
    return [
      violation(
        'ROUTING_LIST_UNKNOWN_REPLICA',
        `${where}, but the availability group has no replica of that name.`,
        source('S3', 'READ_ONLY_ROUTING_LIST'),
      ),
    ];
  }
  return target.secondaryRole.readOnlyRoutingUrl === null
    ? [
        violation(
          'ROUTING_LIST_REPLICA_WITHOUT_ROUTING_URL',
          `${where}, but ${quote(target.name)} has no SECONDARY_ROLE (READ_ONLY_ROUTING_URL); set the routing URL before listing the replica.`,
          source('S13', 'Configure read-only routing (set READ_ONLY_ROUTING_URL first)'),
        ),
      ]
    : [];
};

/** Every replica a routing list names exists and has a routing URL (R-CFG-8). */
export const routingTargets: ConfigRule = (config) => {
  const replicas = byName(config);
  return config.replicas.flatMap((owner) =>
    routedNames(owner).flatMap((name) => checkTarget(owner, name, replicas.get(instanceKey(name)))),
  );
};

/**
 * An ALTER … ADD or MODIFY REPLICA that sets `owner`'s READ_ONLY_ROUTING_LIST, judged against the
 * group as that statement leaves it: SQL Server refuses the statement when a listed replica is not
 * in the group (Msg 19403) or has no READ_ONLY_ROUTING_URL yet (Msg 19404, S66), so the list is not
 * set, whatever a later statement gives that replica. Null when the statement runs.
 */
export const routingListRefusal = (config: Config, owner: string): Reason | null => {
  const replicas = byName(config);
  const replica = replicas.get(instanceKey(owner));
  if (replica === undefined) return null;
  const names = routedNames(replica);
  const absent = names.filter((n) => !replicas.has(instanceKey(n)));
  const noUrl = names
    .map((n) => replicas.get(instanceKey(n)))
    .filter((r): r is Replica => r !== undefined && r.secondaryRole.readOnlyRoutingUrl === null)
    .map((r) => r.name);
  const list = (xs: readonly string[]) => xs.map(quote).join(', ');
  if (absent.length > 0)
    return violation(
      'ROUTING_LIST_UNKNOWN_REPLICA',
      `the ${listOption} of ${quote(replica.name)} names ${list(absent)}, not ${absent.length === 1 ? 'a replica' : 'replicas'} of ${quote(config.name)}: SQL Server refuses the statement (Msg 19403, "Only availability replicas that belong to the specified availability group … can be added to this list")`,
      source('S66', 'Msg 19403'),
    );
  return noUrl.length === 0
    ? null
    : violation(
        'ROUTING_LIST_REPLICA_WITHOUT_ROUTING_URL',
        `the ${listOption} of ${quote(replica.name)} names ${list(noUrl)}, which ${noUrl.length === 1 ? 'has' : 'have'} no READ_ONLY_ROUTING_URL at this point of the script: SQL Server refuses the statement (Msg 19404, "… does not have a value set for READ_ONLY_ROUTING_URL"), so the list is not set; set the routing URL before the list`,
        source('S66', 'Msg 19404'),
      );
};

/** A load-balanced set names at least one replica; `(( ))` is not a routing list. */
export const noEmptyLoadBalancedSet: ConfigRule = (config) =>
  config.replicas.flatMap((owner) =>
    owner.primaryRole.readOnlyRoutingList
      .filter((entry) => Array.isArray(entry) && entry.length === 0)
      .map(() =>
        violation(
          'ROUTING_LIST_EMPTY_SET',
          `Replica ${quote(owner.name)} has an empty load-balanced set in its ${listOption}; each parenthesised set names one or more replicas.`,
          source('S13', 'Configure load-balancing across read-only replicas'),
        ),
      ),
  );

/**
 * A routing list names each replica once, whether plain or inside a load-balanced set: SQL Server
 * refuses the list with Msg 19402 (S66). One violation per name listed more than once.
 */
export const noDuplicateInRoutingList: ConfigRule = (config) =>
  config.replicas.flatMap((owner) => {
    const names = owner.primaryRole.readOnlyRoutingList.flat();
    return routedNames(owner)
      .filter((name) => names.filter((n) => instanceKey(n) === instanceKey(name)).length > 1)
      .map((name) =>
        violation(
          'ROUTING_LIST_DUPLICATE_REPLICA',
          `Replica ${quote(owner.name)} names ${quote(name)} more than once in its ${listOption}; SQL Server refuses the list (Msg 19402, a duplicate availability replica was specified in the READ_ONLY_ROUTING_LIST).`,
          source(
            'S66',
            'Msg 19402: a duplicate availability replica in the READ_ONLY_ROUTING_LIST',
          ),
        ),
      );
  });

export const ROUTING_RULES: readonly ConfigRule[] = [
  routingTargets,
  noEmptyLoadBalancedSet,
  noDuplicateInRoutingList,
];

/**
 * A READ_ONLY_ROUTING_LIST set by an ALTER on a group the script does not create, naming a replica
 * the script has not given a READ_ONLY_ROUTING_URL before that statement: SQL Server refuses the
 * statement if the replica is not in the group (Msg 19403) or has no routing URL (Msg 19404, "An
 * availability replica '%.*ls' that is specified in the READ_ONLY_ROUTING_LIST for availability
 * replica '%.*ls' does not have a value set for READ_ONLY_ROUTING_URL", S66), and runs it
 * otherwise. The script does not say which, so the answer is unknown (adapters/tsql/routing-targets.ts).
 */
export const routingTargetUnknown = (group: string, owner: string, name: string): Reason =>
  unknownReason(
    'ROUTING_LIST_TARGET_UNKNOWN',
    `${quote(owner)} lists ${quote(name)} in its ${listOption} in ${quote(group)}, which the script does not create, and the script sets no READ_ONLY_ROUTING_URL for ${quote(name)} before this statement: SQL Server refuses the statement if ${quote(name)} is not a replica of the group (Msg 19403) or has no routing URL (Msg 19404), and runs it otherwise, so whether it runs is unknown`,
    source(
      'S66',
      'Msg 19403 and Msg 19404: a replica in the READ_ONLY_ROUTING_LIST that does not exist or has no READ_ONLY_ROUTING_URL',
    ),
    [
      `sys.availability_replicas.read_only_routing_url of ${name} in ${group}`,
      `a MODIFY REPLICA ON ${quote(name)} WITH (SECONDARY_ROLE (READ_ONLY_ROUTING_URL = ...)) earlier in the script`,
    ],
  );
