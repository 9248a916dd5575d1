import { type Reason, source, unknownReason } from '../model/source.js';
import { type ConfigRule, dataReplicas, duplicatesBy, quote, unless, violation } from './codes.js';

/** A group of replicas (every kind but DISTRIBUTED) has at least one: the primary (S4 REPLICA ON). */
export const hasReplicas: ConfigRule = (config) =>
  config.kind === 'DISTRIBUTED' || config.replicas.length > 0
    ? []
    : [
        violation(
          'NO_REPLICAS',
          'The availability group has no replicas; REPLICA ON needs at least the instance that becomes the primary.',
          source('S4', 'REPLICA ON'),
        ),
      ];

/** Member availability groups (AVAILABILITY GROUP ON) belong only to a distributed group (S4). */
export const membersOnlyWhenDistributed: ConfigRule = (config) =>
  config.kind === 'DISTRIBUTED' || config.members.length === 0
    ? []
    : [
        violation(
          'MEMBERS_WITHOUT_DISTRIBUTED',
          `The availability group lists member availability groups (${config.members.map((m) => quote(m.name)).join(', ')}) but is ${config.kind}; AVAILABILITY GROUP ON is only for a DISTRIBUTED availability group.`,
          source('S4', 'AVAILABILITY GROUP ON'),
        ),
      ];

const basic = source('S41', 'Limitations');

/** R-CFG-9: a basic group has exactly one database, two data replicas, no readable secondary (S41). */
export const basicGroup: ConfigRule = (config) => {
  if (config.kind !== 'BASIC') return [];
  const holdingData = dataReplicas(config).length;
  return [
    ...unless(config.databases.length === 1, () =>
      violation(
        'BASIC_GROUP_DATABASE_COUNT',
        `The basic availability group lists ${config.databases.length} databases; a basic availability group has exactly one.`,
        basic,
      ),
    ),
    ...unless(holdingData === 2, () =>
      violation(
        'BASIC_GROUP_REPLICA_COUNT',
        `The basic availability group has ${holdingData} replicas that hold data; a basic availability group has exactly two (a primary and a secondary), plus at most one configuration-only replica outside WSFC.`,
        basic,
      ),
    ),
    ...config.replicas
      .filter((r) => r.secondaryRole.allowConnections !== 'NO')
      .map((r) =>
        violation(
          'BASIC_GROUP_READABLE_SECONDARY',
          `Replica ${quote(r.name)} has SECONDARY_ROLE (ALLOW_CONNECTIONS = ${r.secondaryRole.allowConnections}); a basic availability group has no readable secondary, so it must be NO.`,
          basic,
        ),
      ),
  ];
};

/**
 * ALTER … ADD / MODIFY REPLICA … SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY | ALL) on a group
 * whose kind the input does not say (a script that does not create it): a basic group refuses it
 * (S41, no read access on the secondary; Msg 41199 on exactly that ALTER, S82), an advanced group
 * takes it. So the answer is unknown, settled by the group's row in sys.availability_groups.
 */
export const basicKindUnknown = (
  group: string,
  replica: string,
  allowConnections: 'READ_ONLY' | 'ALL',
): Reason =>
  unknownReason(
    'BASIC_GROUP_UNKNOWN',
    `${quote(replica)} gets SECONDARY_ROLE (ALLOW_CONNECTIONS = ${allowConnections}) in ${quote(group)}, which the script does not create before this statement: a basic availability group refuses a readable secondary (Msg 41199, "the AlwaysOn Availability Groups allow_connections feature is not supported by this edition"), an advanced one takes it, so whether SQL Server runs the statement is unknown; sys.availability_groups.basic_features (1: basic) says, as would the group's CREATE in the script`,
    source(
      'S82',
      'Msg 41199 on ALTER AVAILABILITY GROUP … MODIFY REPLICA … SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY)',
    ),
    [
      `sys.availability_groups.basic_features for ${group}`,
      `the CREATE AVAILABILITY GROUP of ${group}`,
    ],
  );

/**
 * A second ALTER … ADD DATABASE on a group whose kind the input does not say, with the first still
 * in it: a basic group holds one database ("Support for one availability database", S41
 * Limitations, which "apply in the same manner" as to CREATE … WITH BASIC), so SQL Server refuses
 * it there; an advanced group takes it. Unknown, settled as basicKindUnknown is.
 */
export const basicDatabasesUnknown = (
  group: string,
  database: string,
  earlier: readonly string[],
): Reason =>
  unknownReason(
    'BASIC_GROUP_DATABASES_UNKNOWN',
    `ADD DATABASE ${quote(database)} adds a database to ${quote(group)}, which the script does not create and has already given ${earlier.map(quote).join(', ')}: a basic availability group supports one availability database, so SQL Server refuses this one there, an advanced one takes it; whether SQL Server runs the statement is unknown; sys.availability_groups.basic_features (1: basic) says, as would the group's CREATE in the script`,
    source('S41', 'Limitations: "Support for one availability database"'),
    [
      `sys.availability_groups.basic_features for ${group}`,
      `the CREATE AVAILABILITY GROUP of ${group}`,
    ],
  );

const distributed = (section: string) => source('S4', section);

/** A distributed group joins exactly two member groups and holds no replicas or databases (S3, S4, S43). */
export const distributedShape: ConfigRule = (config) => {
  if (config.kind !== 'DISTRIBUTED') return [];
  return [
    ...unless(config.members.length === 2, () =>
      violation(
        'DISTRIBUTED_GROUP_MEMBER_COUNT',
        `The distributed availability group has ${config.members.length} member availability groups; it joins exactly two.`,
        source('S43', 'Distributed availability groups overview (two availability groups)'),
      ),
    ),
    ...unless(config.replicas.length === 0, () =>
      violation(
        'DISTRIBUTED_GROUP_HAS_REPLICAS',
        `The distributed availability group lists ${config.replicas.length} replicas; its replicas belong to its member availability groups, so it lists none.`,
        distributed('AVAILABILITY GROUP ON'),
      ),
    ),
    ...unless(config.databases.length === 0, () =>
      violation(
        'DISTRIBUTED_GROUP_HAS_DATABASES',
        `The distributed availability group lists ${config.databases.length} databases; its databases are those of its member availability groups, so it lists none.`,
        distributed('AVAILABILITY GROUP ON'),
      ),
    ),
  ];
};

/** A member group fails over manually only, and commits synchronously or asynchronously (S3, S4). */
export const distributedMembers: ConfigRule = (config) =>
  config.members.flatMap((m) => [
    ...unless(m.failoverMode === 'MANUAL', () =>
      violation(
        'DISTRIBUTED_MEMBER_FAILOVER_MODE',
        `Member availability group ${quote(m.name)} has FAILOVER_MODE = ${m.failoverMode}; a distributed availability group supports only FAILOVER_MODE = MANUAL.`,
        distributed('AVAILABILITY GROUP ON (FAILOVER_MODE = MANUAL)'),
      ),
    ),
    ...unless(m.availabilityMode !== 'CONFIGURATION_ONLY', () =>
      violation(
        'DISTRIBUTED_MEMBER_AVAILABILITY_MODE',
        `Member availability group ${quote(m.name)} has AVAILABILITY_MODE = CONFIGURATION_ONLY; a member takes SYNCHRONOUS_COMMIT or ASYNCHRONOUS_COMMIT.`,
        distributed('AVAILABILITY GROUP ON (AVAILABILITY_MODE)'),
      ),
    ),
  ]);

/** Two members of one name would be one availability group joined to itself. */
export const uniqueMemberNames: ConfigRule = (config) =>
  duplicatesBy(config.members, (m) => m.name.toLowerCase()).map((group) =>
    violation(
      'DUPLICATE_MEMBER_NAME',
      `Member availability groups ${group.map((m) => quote(m.name)).join(' and ')} have the same name; a distributed availability group joins two different availability groups.`,
      source('S43', 'Distributed availability groups overview (two availability groups)'),
    ),
  );

const containedRule = source(
  'S4',
  'CONTAINED [ REUSE_SYSTEM_DATABASES | AUTOSEEDING_SYSTEM_DATABASES ]',
);

/** REUSE_SYSTEM_DATABASES and AUTOSEEDING_SYSTEM_DATABASES qualify CONTAINED, one or the other (S4, S42). */
export const containedOptions: ConfigRule = (config) => {
  const set = [
    config.contained.reuseSystemDatabases === true ? 'REUSE_SYSTEM_DATABASES' : undefined,
    config.contained.autoseedingSystemDatabases === true
      ? 'AUTOSEEDING_SYSTEM_DATABASES'
      : undefined,
  ].filter((o): o is string => o !== undefined);
  return [
    ...unless(config.kind === 'CONTAINED' || set.length === 0, () =>
      violation(
        'CONTAINED_OPTIONS_WITHOUT_CONTAINED',
        `The availability group sets ${set.join(' and ')} but is ${config.kind}; these options apply only to a CONTAINED availability group.`,
        containedRule,
      ),
    ),
    ...unless(set.length < 2, () =>
      violation(
        'CONTAINED_OPTIONS_EXCLUSIVE',
        'The availability group sets both REUSE_SYSTEM_DATABASES and AUTOSEEDING_SYSTEM_DATABASES; CONTAINED takes one or the other.',
        containedRule,
      ),
    ),
  ];
};

export const KIND_RULES: readonly ConfigRule[] = [
  hasReplicas,
  membersOnlyWhenDistributed,
  basicGroup,
  distributedShape,
  distributedMembers,
  uniqueMemberNames,
  containedOptions,
];
