import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';

const basicRule = source(
  'S41',
  'Limitations: basic availability groups can not be part of a distributed availability group',
);

const containedRule = source(
  'S42',
  'Interactions with other features, Not supported (SQL Server 2022 revision): distributed availability groups; SQL Server 2025 changes: distributed availability group support for contained availability groups',
);

const forwarderRule = source(
  'S42',
  'Distributed availability groups (SQL Server 2025): a contained AG used as the forwarder must be created by using the AUTOSEEDING_SYSTEM_DATABASES clause',
);

const versionRule = source(
  'S43',
  'Version and edition requirements: the AG containing the read/write primary can be the same version or lower than the other AGs; groups created with SQL Server 2012 or 2014 cannot participate',
);

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The member groups' own versions, as "Version and edition requirements" (S43) sets them: each
 * SQL Server 2016 or later ("the distributed availability groups feature didn't exist in SQL
 * Server 2012 or 2014"), and the first member, which holds the global primary, "the same version
 * or lower than the other AGs". Only where both configurations are given.
 */
export const memberVersionFindings = (
  config: Config,
  memberConfigs: readonly Config[],
): readonly Reason[] => {
  const groups = config.members.map((m) =>
    memberConfigs.find((c) => c.kind !== 'DISTRIBUTED' && sameName(c.name, m.name)),
  );
  const old = groups.flatMap((g) =>
    g !== undefined && g.version < 2016
      ? [
          reason(
            'MEMBER_VERSION_BEFORE_DISTRIBUTED',
            `${config.name} names ${g.name}, a group on SQL Server ${g.version}, as a member: the distributed availability groups feature didn't exist in SQL Server 2012 or 2014, so their groups can't participate`,
            versionRule,
          ),
        ]
      : [],
  );
  const [first, second] = groups;
  const newer =
    first !== undefined && second !== undefined && first.version > second.version
      ? [
          reason(
            'GLOBAL_PRIMARY_VERSION_NEWER',
            `${config.name} names ${first.name} (SQL Server ${first.version}) first, as the group holding the read/write primary, and ${second.name} (SQL Server ${second.version}) second: the group holding the read/write primary must run the same major version as the other or a lower one; create it from ${second.name}'s side, or upgrade ${second.name} first`,
            versionRule,
          ),
        ]
      : [];
  return [...old, ...newer];
};

/**
 * Each member of a distributed group whose own configuration is of a kind that cannot be one: a
 * basic group (S41 lists "can not be part of a distributed availability group" among its
 * limitations), or a contained group before SQL Server 2025 (the 2022 page lists distributed
 * availability groups as not supported with a contained group; 2025 introduces it). Only where the
 * member's configuration is given; a member known by name alone is left alone.
 */
export const memberKindFindings = (
  config: Config,
  memberConfigs: readonly Config[],
): readonly Reason[] =>
  config.members.flatMap((m, i) => {
    const group = memberConfigs.find((c) => c.kind !== 'DISTRIBUTED' && sameName(c.name, m.name));
    if (group?.kind === 'CONTAINED' && group.version < 2025)
      return [
        reason(
          'CONTAINED_GROUP_IN_DISTRIBUTED',
          `${config.name} names ${m.name}, a contained availability group (WITH (CONTAINED)), as a member: SQL Server ${group.version} does not support distributed availability groups with a contained group; SQL Server 2025 introduces it`,
          containedRule,
        ),
      ];
    // The second member joins as the forwarder: its contained system databases are seeded from
    // the global primary's, which AUTOSEEDING_SYSTEM_DATABASES asks for.
    if (
      group?.kind === 'CONTAINED' &&
      i === 1 &&
      group.contained.autoseedingSystemDatabases !== true
    )
      return [
        reason(
          'CONTAINED_FORWARDER_WITHOUT_AUTOSEEDING',
          `${config.name} names ${m.name}, a contained availability group created without AUTOSEEDING_SYSTEM_DATABASES, as its second member (the forwarder): a contained group used as the forwarder must be created WITH (CONTAINED AUTOSEEDING_SYSTEM_DATABASES), so that its contained system databases are seeded from the global primary instead of created empty`,
          forwarderRule,
        ),
      ];
    if (group?.kind !== 'BASIC') return [];
    return [
      reason(
        'BASIC_GROUP_IN_DISTRIBUTED',
        `${config.name} names ${m.name}, a basic availability group (WITH (BASIC)), as a member: a basic availability group can not be part of a distributed availability group; the member must be an advanced group (Enterprise edition)`,
        basicRule,
      ),
    ];
  });
