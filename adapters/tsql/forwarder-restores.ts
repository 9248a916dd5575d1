import type { DistributedScriptConfig } from './distributed-read.js';
import { same } from './names.js';
import type { Script } from './result.js';

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
export const forwarderCopiesNotJoined = (
  script: Script,
  config: DistributedScriptConfig,
): readonly string[] => {
  const dag = config.distributed.name;
  const spec = config.distributed.members.find((m) => same(m.name, config.members[1].name));
  const forwarder = config.members[1].createdOn ?? null;
  if (spec?.seedingMode !== 'MANUAL' || forwarder === null) return [];
  // The database's last restore on the forwarder, and whether a join to the distributed group came after it.
  const copies = new Map<string, { readonly database: string; readonly joined: boolean }>();
  for (const s of script.statements) {
    const o = s.outcome;
    if (o.kind === 'skipped' && o.recovers !== undefined && same(s.server, forwarder))
      copies.delete(o.recovers.toLowerCase());
    if (o.kind !== 'events') continue;
    for (const e of o.events) {
      if (e.type !== 'db.restore' && e.type !== 'db.join') continue;
      const key = e.database.toLowerCase();
      if (e.type === 'db.restore' && same(s.server, forwarder)) {
        if (e.recovery) copies.delete(key);
        else copies.set(key, { database: e.database, joined: false });
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
  return [...copies.values()].filter((c) => !c.joined).map((c) => c.database);
};
