import type { Config } from '../../core/model/config.js';
import type { DistributedScriptConfig } from './distributed-read.js';
import { same } from './names.js';
import type { Script, StatementResult } from './result.js';
import type { UnjoinedRestore } from './unjoined-restores.js';

/**
 * The databases a script restores WITH NORECOVERY on the forwarder and never joins to the
 * distributed group there, where the second group is seeded by hand (SEEDING_MODE = MANUAL in the
 * distributed group). "Configure a distributed availability group" (S58), Join distributed
 * availability group on second cluster, Manual seeding: "If manual seeding is used to create the
 * database on the forwarder, perform a full backup and a transaction log backup from the global
 * primary, and restore them to the forwarder with NORECOVERY option … After that, run the
 * following on the forwarder: ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP = [distributedag]".
 * Until that join the copy stays RESTORING and none of the distributed group's log reaches it; a
 * join naming another group (the second group, whose primary the forwarder is) does not put it
 * there. With SEEDING_MODE = AUTOMATIC seeding catches a restored copy up without the join (S43),
 * so such a copy is not listed.
 *
 * The forwarder is the instance the second group's CREATE ran on; a join with no `:Connect`
 * before it may run there, so it counts.
 */
interface ForwarderRestore {
  readonly database: string;
  /** The copy's last restore WITH NORECOVERY there. */
  readonly at: StatementResult;
}

const restoresNotJoined = (
  statements: readonly StatementResult[],
  dag: string,
  forwarder: string,
): readonly ForwarderRestore[] => {
  const copies = new Map<string, ForwarderRestore & { readonly joined: boolean }>();
  for (const s of statements) {
    const o = s.outcome;
    if (o.kind === 'skipped' && o.recovers !== undefined && same(s.server, forwarder))
      copies.delete(o.recovers.toLowerCase());
    if (o.kind !== 'events') continue;
    for (const e of o.events) {
      if (e.type !== 'db.restore' && e.type !== 'db.join') continue;
      const key = e.database.toLowerCase();
      if (e.type === 'db.restore' && same(s.server, forwarder)) {
        if (e.recovery) copies.delete(key);
        else copies.set(key, { database: e.database, at: s, joined: false });
      }
      const copy = copies.get(key);
      if (
        e.type === 'db.join' &&
        copy !== undefined &&
        same(s.group, dag) &&
        (s.server === null || same(s.server, forwarder))
      )
        copies.set(key, { ...copy, joined: true });
    }
  }
  return [...copies.values()].filter((c) => !c.joined);
};

const manualSecond = (dag: Config, second: string): boolean =>
  dag.members.find((m) => same(m.name, second))?.seedingMode === 'MANUAL';

/** The forwarder's copies decide and check start restored and not joined. */
export const forwarderCopiesNotJoined = (
  script: Script,
  config: DistributedScriptConfig,
): readonly string[] => {
  const forwarder = config.members[1].createdOn ?? null;
  if (forwarder === null || !manualSecond(config.distributed, config.members[1].name)) return [];
  return restoresNotJoined(script.statements, config.distributed.name, forwarder).map(
    (c) => c.database,
  );
};

/**
 * The same copies as warnings of validate and explain, at their last restore: each distributed
 * group the script creates, its second group's CREATE placing the forwarder, and a database of
 * its first group (its CREATE, or ADD DATABASE).
 */
export const unjoinedForwarderRestores = (
  statements: readonly StatementResult[],
): UnjoinedRestore[] => {
  const creates = statements.flatMap((s) =>
    s.outcome.kind === 'config' ? [{ config: s.outcome.config, server: s.server }] : [],
  );
  const member = (name: string | undefined) =>
    creates.find((c) => c.config.kind !== 'DISTRIBUTED' && same(c.config.name, name));
  return creates.flatMap(({ config: dag }) => {
    const [first, second] = dag.members;
    const sending = member(first?.name);
    const forwarder = member(second?.name)?.server ?? null;
    if (dag.kind !== 'DISTRIBUTED' || sending === undefined || second === undefined) return [];
    if (forwarder === null || !manualSecond(dag, second.name)) return [];
    const added = statements.flatMap((s) =>
      s.outcome.kind === 'events' && same(s.group, sending.config.name)
        ? s.outcome.events.flatMap((e) => (e.type === 'db.add' ? [e.database] : []))
        : [],
    );
    const held = [...sending.config.databases, ...added];
    return restoresNotJoined(statements, dag.name, forwarder)
      .filter((c) => held.some((d) => same(d, c.database)))
      .map(({ database, at }) => ({
        line: at.line,
        column: at.column,
        text: `${database} is restored WITH NORECOVERY on ${forwarder}, the forwarder of ${dag.name} (the primary of ${second.name}, seeded by hand: SEEDING_MODE = MANUAL), and the script never joins it to ${dag.name} there (ALTER DATABASE [${database}] SET HADR AVAILABILITY GROUP = [${dag.name}] on ${forwarder}; "Configure a distributed availability group", Join distributed availability group on second cluster, Manual seeding: "After that, run the following on the forwarder: ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP = [distributedag]"): the copy stays RESTORING and none of ${dag.name}'s log reaches it, so ${second.name} holds no copy of ${database} to fail over to; decide and check judge it so`,
      }));
  });
};
