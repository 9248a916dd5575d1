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

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

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
  config.members.flatMap((m) => {
    const group = memberConfigs.find((c) => c.kind !== 'DISTRIBUTED' && sameName(c.name, m.name));
    if (group?.kind === 'CONTAINED' && group.version < 2025)
      return [
        reason(
          'CONTAINED_GROUP_IN_DISTRIBUTED',
          `${config.name} names ${m.name}, a contained availability group (WITH (CONTAINED)), as a member: SQL Server ${group.version} does not support distributed availability groups with a contained group; SQL Server 2025 introduces it`,
          containedRule,
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
