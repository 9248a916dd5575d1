import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';

const basicRule = source(
  'S41',
  'Limitations: basic availability groups can not be part of a distributed availability group',
);

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Each member of a distributed group whose own configuration is a basic group: S41 lists "can
 * not be part of a distributed availability group" among a basic group's limitations. Only where
 * the member's configuration is given; a member known by name alone is left alone.
 */
export const memberKindFindings = (
  config: Config,
  memberConfigs: readonly Config[],
): readonly Reason[] =>
  config.members.flatMap((m) => {
    const group = memberConfigs.find((c) => c.kind !== 'DISTRIBUTED' && sameName(c.name, m.name));
    if (group?.kind !== 'BASIC') return [];
    return [
      reason(
        'BASIC_GROUP_IN_DISTRIBUTED',
        `${config.name} names ${m.name}, a basic availability group (WITH (BASIC)), as a member: a basic availability group can not be part of a distributed availability group; the member must be an advanced group (Enterprise edition)`,
        basicRule,
      ),
    ];
  });
