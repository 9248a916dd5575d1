import * as E from 'fp-ts/lib/Either.js';
import { type CreateClusterOptions, createCluster, DEFAULT_BASE_LSN } from '../cluster/build.js';
import type { Config } from '../model/config.js';
import { type Reason, reason } from '../model/source.js';
import { validateConfig } from '../validation/validate.js';
import { endpointPortFindings } from './endpoint-ports.js';
import { instanceNameFindings } from './instance-names.js';
import { listenerPortFindings } from './listener-port.js';
import { settleLogSources } from './log-source.js';
import { memberKindFindings, memberVersionFindings } from './member-kinds.js';
import { DISTRIBUTED_RULES } from './rules.js';
import type { DistributedCluster, DistributedLog, LinkCopy, Member } from './types.js';

export interface CreateDistributedOptions {
  /** The LSN every database starts from, in both groups (default: the cluster's). */
  readonly baseLsn?: bigint;
  /**
   * 'seeded' (default): the secondary group already holds every database, caught up. 'unprepared':
   * the forwarder has none yet (automatic seeding or a restore prepares it) and the secondaries of
   * its group wait to be seeded from it.
   */
  readonly secondaryGroup?: 'seeded' | 'unprepared';
  /**
   * Databases whose forwarder copy is restored WITH NORECOVERY and not joined to the distributed
   * group (S58, manual seeding, before "ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP =
   * [distributedag]" on the forwarder): RESTORING at the start, no log crosses to it.
   */
  readonly restoredOnForwarder?: readonly string[];
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A running distributed availability group (fp-ts face; `createDistributed` in ./index.ts is the plain one): the first member of `config.members` holds the global
 * primary (CREATE … WITH (DISTRIBUTED) runs there), the second is its secondary group, already
 * seeded and caught up. A member whose configuration lists no databases takes the distributed
 * group's (the forwarder's copies are seeded from the global primary, S58). Every configuration
 * must be valid, and the members must be the two groups the distributed group names.
 */
export const createDistributedEither = (
  config: Config,
  memberConfigs: readonly Config[],
  options: CreateDistributedOptions = {},
): E.Either<readonly Reason[], DistributedCluster> => {
  const problems: Reason[] = [];
  if (config.kind !== 'DISTRIBUTED')
    problems.push(
      reason(
        'NOT_DISTRIBUTED',
        `${config.name} is ${config.kind}, not a distributed availability group`,
        DISTRIBUTED_RULES.twoGroups,
      ),
    );
  problems.push(...validateConfig(config));
  const [first, second] = config.members;
  const findConfig = (name: string | undefined) =>
    name === undefined ? undefined : memberConfigs.find((c) => sameName(c.name, name));
  const primaryConfig = findConfig(first?.name);
  const secondaryConfig = findConfig(second?.name);
  for (const [spec, found] of [
    [first, primaryConfig],
    [second, secondaryConfig],
  ] as const)
    if (spec !== undefined && found === undefined)
      problems.push(
        reason(
          'MEMBER_CONFIGURATION_MISSING',
          `no configuration is given for member availability group ${spec.name}`,
          DISTRIBUTED_RULES.twoGroups,
        ),
      );
  for (const c of [primaryConfig, secondaryConfig])
    if (c !== undefined)
      problems.push(
        ...validateConfig(c).map((r) => ({ ...r, message: `${c.name}: ${r.message}` })),
      );
  problems.push(...listenerPortFindings(config, memberConfigs));
  problems.push(...endpointPortFindings(config, memberConfigs));
  problems.push(...instanceNameFindings(config, memberConfigs));
  problems.push(...memberKindFindings(config, memberConfigs));
  problems.push(...memberVersionFindings(config, memberConfigs));
  if (
    primaryConfig !== undefined &&
    secondaryConfig !== undefined &&
    secondaryConfig.databases.length > 0 &&
    [...secondaryConfig.databases].sort().join('\u0000') !==
      [...primaryConfig.databases].sort().join('\u0000')
  )
    problems.push(
      reason(
        'MEMBER_DATABASES_DIFFER',
        `${secondaryConfig.name} lists ${secondaryConfig.databases.join(', ')} but the global primary's group ${primaryConfig.name} holds ${primaryConfig.databases.join(', ')}: the forwarder's databases are copies of the global primary's`,
        DISTRIBUTED_RULES.forwarder,
      ),
    );
  if (
    problems.length > 0 ||
    first === undefined ||
    second === undefined ||
    primaryConfig === undefined ||
    secondaryConfig === undefined
  )
    return E.left(problems);

  const clusterOptions: CreateClusterOptions = { baseLsn: options.baseLsn ?? DEFAULT_BASE_LSN };
  const base = clusterOptions.baseLsn ?? DEFAULT_BASE_LSN;
  const databases = primaryConfig.databases;
  const members: readonly [Member, Member] = [
    {
      name: primaryConfig.name,
      cluster: createCluster(primaryConfig, clusterOptions),
      role: 'PRIMARY',
      availabilityMode: modeOf(first.availabilityMode),
    },
    {
      name: secondaryConfig.name,
      cluster: createCluster(
        { ...secondaryConfig, databases },
        (options.secondaryGroup ?? 'seeded') === 'seeded'
          ? clusterOptions
          : { ...clusterOptions, start: 'unprepared' },
      ),
      role: 'SECONDARY',
      availabilityMode: modeOf(second.availabilityMode),
    },
  ];
  const synchronous = members.every((m) => m.availabilityMode === 'SYNCHRONOUS_COMMIT');
  const seeded = (options.secondaryGroup ?? 'seeded') === 'seeded';
  const caughtUp: LinkCopy = {
    received: base,
    hardened: base,
    synchronized: synchronous && seeded,
    phase: seeded ? 'JOINED' : 'ABSENT',
  };
  const restored = new Set((options.restoredOnForwarder ?? []).map((db) => db.toLowerCase()));
  const log: DistributedLog = {
    acknowledged: [],
    lost: [],
    settledLsn: { [primaryConfig.name]: base, [secondaryConfig.name]: base },
    divergedAt: null,
  };
  return E.right(
    settleLogSources({
      config,
      members,
      link: {
        from: primaryConfig.name,
        to: secondaryConfig.name,
        connected: true,
        databases: Object.fromEntries(
          databases.map((db) => [
            db,
            seeded && restored.has(db.toLowerCase())
              ? { ...caughtUp, synchronized: false, phase: 'RESTORING' as const }
              : caughtUp,
          ]),
        ),
      },
      requiredSynchronizedSecondariesToCommit: config.requiredSynchronizedSecondariesToCommit,
      logs: Object.fromEntries(databases.map((db) => [db, log])),
    }),
  );
};

/** A member's AVAILABILITY_MODE; CONFIGURATION_ONLY is refused by validation before this. */
const modeOf = (mode: Config['replicas'][number]['availabilityMode']) =>
  mode === 'SYNCHRONOUS_COMMIT'
    ? ('SYNCHRONOUS_COMMIT' as const)
    : ('ASYNCHRONOUS_COMMIT' as const);
