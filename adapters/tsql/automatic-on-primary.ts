import { instanceKey } from '../../core/validation/codes.js';
import { copyKeyOf, preparedCopies } from './prepared-copies.js';
import type { StatementResult } from './result.js';

/** A MODIFY REPLICA that sets AUTOMATIC on the primary, before an ADD DATABASE it does not seed. */
export interface AutomaticOnPrimary {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface Member {
  readonly name: string;
  mode: 'AUTOMATIC' | 'MANUAL';
  readonly configurationOnly: boolean;
}

interface Created {
  /** The instance CREATE ran on; null once the script fails the group over. */
  primary: string | null;
  readonly members: Map<string, Member>;
}

interface Tracked {
  readonly line: number;
  readonly column: number;
  readonly group: string;
  readonly primaryName: string;
  readonly primary: string;
  /** Databases added since, with the line of their ADD DATABASE. */
  readonly added: Map<string, { readonly name: string; readonly line: number }>;
}

const NO_EFFECT = (primary: string, group: string) =>
  `MODIFY REPLICA ON N'${primary}' WITH (SEEDING_MODE = AUTOMATIC) runs on ${primary}, the primary of ${group}, where it has no effect ("Use automatic seeding to initialize a secondary replica": "Setting SEEDING_MODE on a primary replica ... has no effect since the primary replica already contains the main read/write copy of the database"; "Seeding is enabled on a secondary replica by setting the SEEDING_MODE option to AUTOMATIC"). 'Automatically initialize Always On availability group' wrote the statement so in 2016 (MODIFY REPLICA ON '<primary_node>'); its later text names '<secondary_node>' and runs it "on the primary replica"`;

/**
 * 'Automatically initialize Always On availability group' (S19), Enable automatic seeding on an
 * existing availability group, in its 2016 text: "ALTER AVAILABILITY GROUP
 * [<availability_group_name>] MODIFY REPLICA ON '<primary_node>' WITH (SEEDING_MODE = AUTOMATIC)";
 * the later text: "Run the following command on the primary replica ... MODIFY REPLICA ON
 * '<secondary_node>'". SEED001: SEEDING_MODE on the primary "has no effect", and "Seeding is
 * enabled on a secondary replica by setting the SEEDING_MODE option to AUTOMATIC". A script that
 * follows the 2016 text (MODIFY REPLICA ON the instance it runs on, then ADD DATABASE) leaves each
 * secondary seeding as it was: on a group the script creates, a secondary still MANUAL at the end
 * of the script where the script neither restores nor joins the database gets no copy of it; on a
 * group it does not create, the secondaries' modes are not in the script, and a database the script
 * prepares nowhere may not be seeded. A failover in between moves the primary: not judged then.
 */
export const automaticOnPrimary = (
  statements: readonly StatementResult[],
): AutomaticOnPrimary[] => {
  const created = new Map<string, Created>();
  const tracked = new Map<string, Tracked>();
  // Copies the script prepares by hand (a restore or a join there), as replica|database.
  const prepared = preparedCopies(statements);
  for (const s of statements) {
    if (s.outcome.kind === 'config') {
      const config = s.outcome.config;
      if (config.kind === 'DISTRIBUTED' || s.server === null) continue;
      created.set(instanceKey(config.name), {
        primary: instanceKey(s.server),
        members: new Map(
          config.replicas.map((r) => [
            instanceKey(r.name),
            {
              name: r.name,
              mode: r.seedingMode === 'AUTOMATIC' ? 'AUTOMATIC' : 'MANUAL',
              configurationOnly: r.availabilityMode === 'CONFIGURATION_ONLY',
            },
          ]),
        ),
      });
      continue;
    }
    if (s.outcome.kind !== 'events') continue;
    const group = s.group === null ? null : instanceKey(s.group);
    const mine = group === null ? undefined : created.get(group);
    for (const e of s.outcome.events) {
      if (group === null) continue;
      if (e.type === 'ag.failover' || e.type === 'ag.forceFailover') {
        tracked.delete(group);
        if (mine !== undefined) mine.primary = null;
      }
      if (e.type === 'db.add')
        tracked.get(group)?.added.set(instanceKey(e.database), { name: e.database, line: s.line });
      if (e.type === 'db.remove') tracked.get(group)?.added.delete(instanceKey(e.database));
      if (e.type !== 'replica.modify' || e.options.seedingMode === undefined) continue;
      // Before SQL Server 2016 there is no SEEDING_MODE, and no automatic seeding.
      if (s.findings?.some((f) => f.reason.code === 'FEATURE_NOT_IN_VERSION') === true) continue;
      const member = mine?.members.get(instanceKey(e.replica));
      if (member !== undefined) member.mode = e.options.seedingMode;
      const here = s.connected === true && s.server !== null ? instanceKey(s.server) : null;
      const onPrimary =
        here === instanceKey(e.replica) && (mine === undefined || mine.primary === here);
      if (e.options.seedingMode === 'AUTOMATIC' && onPrimary && !tracked.has(group))
        tracked.set(group, {
          line: s.line,
          column: s.column,
          group: s.group ?? group,
          primaryName: s.server ?? here,
          primary: here,
          added: new Map(),
        });
    }
  }
  return [...tracked].flatMap(([group, t]) => {
    const mine = created.get(group);
    return [...t.added].flatMap(([db, add]): AutomaticOnPrimary[] => {
      const at = { line: t.line, column: t.column };
      if (mine === undefined) {
        const anywhere = [...prepared].some((p) => p.endsWith(`|${db}`));
        return anywhere
          ? []
          : [
              {
                ...at,
                text: `${NO_EFFECT(t.primaryName, t.group)}. Whether ${add.name}, added at line ${add.line}, is seeded to the other replicas of ${t.group} depends on their own SEEDING_MODE, which the script does not set, and the script prepares ${add.name} on none of them; sys.availability_replicas.seeding_mode_desc of each secondary settles it before the ADD DATABASE, sys.dm_hadr_automatic_seeding and sys.databases there after it; to seed it, run MODIFY REPLICA ON N'<secondary>' WITH (SEEDING_MODE = AUTOMATIC) on ${t.primaryName} for each secondary, and GRANT CREATE ANY DATABASE on it`,
              },
            ];
      }
      const left = [...mine.members]
        .filter(
          ([key, m]) =>
            key !== t.primary &&
            m.mode === 'MANUAL' &&
            !m.configurationOnly &&
            !prepared.has(copyKeyOf(key, db)),
        )
        .map(([, m]) => m.name);
      return left.length === 0
        ? []
        : [
            {
              ...at,
              text: `${NO_EFFECT(t.primaryName, t.group)}. ${add.name}, added at line ${add.line}, is not seeded to ${left.join(', ')} (SEEDING_MODE MANUAL), where the script neither restores nor joins it: ${left.join(', ')} ${left.length === 1 ? 'holds' : 'hold'} no copy of ${add.name} until it is prepared and joined, while validate, explain and check judge ${t.group} with every copy joined. Run MODIFY REPLICA ON N'${left[0]}' WITH (SEEDING_MODE = AUTOMATIC) on ${t.primaryName} for each of them, with GRANT CREATE ANY DATABASE there, or restore ${add.name} WITH NORECOVERY there and join it`,
            },
          ];
    });
  });
};
