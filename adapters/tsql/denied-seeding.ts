import { instanceKey } from '../../core/validation/codes.js';
import { copyKeyOf, preparedCopies } from './prepared-copies.js';
import type { StatementResult } from './result.js';
import { automaticSetBy } from './seeding-mode-set.js';

/** A database added while a secondary with automatic seeding denies the group CREATE ANY DATABASE. */
export interface DeniedSeeding {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface Member {
  readonly name: string;
  automatic: boolean;
  joined: boolean;
  /** The line of the DENY CREATE ANY DATABASE in force there, or null. */
  deniedAt: number | null;
}

interface Held {
  readonly group: string;
  readonly database: string;
  readonly replica: string;
  readonly deniedAt: number;
  readonly line: number;
  readonly column: number;
}

/**
 * 'Automatically initialize Always On availability group' (S19), Prevent automatic seeding after
 * an availability group: "To temporarily prevent the primary from seeding more databases to the
 * secondary replica you can deny the availability group permission to create databases. Run the
 * following query on the instance that hosts the secondary replica ... ALTER AVAILABILITY GROUP
 * [<availability_group_name>] DENY CREATE ANY DATABASE". A database ADD DATABASE adds to a group
 * the script creates while a joined secondary with SEEDING_MODE = AUTOMATIC denies it, and that
 * no GRANT there lets through later, is not seeded there and the script does not prepare it there
 * by hand (a restore or a join), while validate, explain and check judge the group with every copy
 * joined: a warning at the ADD DATABASE, as for a secondary never granted (ungranted-seeding.ts).
 * Databases seeded before the DENY are not judged: a DENY holds back seedings not yet started
 * (docs/seeding.md).
 */
export const deniedSeeding = (statements: readonly StatementResult[]): DeniedSeeding[] => {
  const groups = new Map<string, Map<string, Member>>();
  const held: Held[] = [];
  const prepared = preparedCopies(statements);
  // The lines of each GRANT, as group|replica.
  const grants = new Map<string, number[]>();
  for (const s of statements) {
    if (s.outcome.kind === 'config') {
      const config = s.outcome.config;
      if (config.kind === 'DISTRIBUTED') continue;
      groups.set(
        instanceKey(config.name),
        new Map(
          config.replicas.map((r) => [
            instanceKey(r.name),
            {
              name: r.name,
              automatic: r.seedingMode === 'AUTOMATIC',
              joined: false,
              deniedAt: null,
            },
          ]),
        ),
      );
      continue;
    }
    if (s.outcome.kind !== 'events') continue;
    const group = s.group === null ? null : instanceKey(s.group);
    const members = group === null ? undefined : groups.get(group);
    for (const e of s.outcome.events) {
      if (members === undefined || group === null) continue;
      if (e.type === 'db.add')
        for (const [key, m] of members)
          if (m.automatic && m.joined && m.deniedAt !== null)
            held.push({
              group,
              database: e.database,
              replica: key,
              deniedAt: m.deniedAt,
              line: s.line,
              column: s.column,
            });
      if (!('replica' in e) || typeof e.replica !== 'string') continue;
      const m = members.get(instanceKey(e.replica));
      if (m === undefined) continue;
      if (e.type === 'replica.join') m.joined = true;
      if (e.type === 'replica.denyCreateDatabase') m.deniedAt = s.line;
      if (e.type === 'replica.grantCreateDatabase') {
        m.deniedAt = null;
        const key = `${group}|${instanceKey(e.replica)}`;
        grants.set(key, [...(grants.get(key) ?? []), s.line]);
      }
      m.automatic = automaticSetBy(e) ?? m.automatic;
    }
  }
  // A GRANT after the ADD DATABASE lets the held seeding start; a hand-prepared copy needs none.
  return held.flatMap((h) => {
    const m = groups.get(h.group)?.get(h.replica);
    const grantedLater = (grants.get(`${h.group}|${h.replica}`) ?? []).some((l) => l > h.line);
    if (m === undefined || grantedLater || prepared.has(copyKeyOf(h.replica, h.database)))
      return [];
    return [
      {
        line: h.line,
        column: h.column,
        text: `${h.database} is added while ${m.name}, a secondary with SEEDING_MODE = AUTOMATIC, denies the group CREATE ANY DATABASE (DENY at line ${h.deniedAt}), and no GRANT there follows: "To temporarily prevent the primary from seeding more databases to the secondary replica you can deny the availability group permission to create databases" ('Automatically initialize Always On availability group'), so ${h.database} is not seeded to ${m.name}, and the script does not restore or join it there, while validate, explain and check judge the group with every copy joined; ALTER AVAILABILITY GROUP … GRANT CREATE ANY DATABASE on ${m.name} lets the seeding start`,
      },
    ];
  });
};
