import type { Config } from '../../core/model/config.js';
import type { ClusterEvent } from '../../core/model/events.js';
import { isDrop } from './group-drops.js';
import { copyKey } from './names.js';
import type { StatementResult } from './result.js';

/**
 * Where each copy of the group's databases has joined, replica by replica, as the script goes: a
 * second SET HADR AVAILABILITY GROUP on a joined copy is answered with message 41145 (S135) and
 * changes nothing. The primary's copies join by CREATE … FOR DATABASE and ADD DATABASE, so a join
 * run there after a failover made it a secondary is a second join too.
 */
export class JoinedCopies {
  private readonly at = new Map<string, string>();

  constructor(config: Config, created: StatementResult) {
    const primary = config.createdOn ?? null;
    if (primary === null) return;
    for (const database of config.databases)
      this.at.set(
        copyKey(primary, database),
        `CREATE AVAILABILITY GROUP … FOR DATABASE put it in the group there at line ${created.line}`,
      );
  }

  /** Where the copy joined, if the script has joined it and not taken it out since. */
  joinedAt(replica: string, database: string): string | undefined {
    return this.at.get(copyKey(replica, database));
  }

  /** A DROP AVAILABILITY GROUP: the instance's copies leave the group with it. */
  dropped(s: StatementResult): void {
    if (isDrop(s) && s.server !== null) this.forgetReplica(s.server);
  }

  /** An event the group took, on `primary`, the primary the script had when it ran. */
  took(s: StatementResult, e: ClusterEvent, primary: string | null): void {
    switch (e.type) {
      // Only a join a :Connect places is judged, as JOIN is: a script run server by server does
      // not say where its joins ran.
      case 'db.join':
        if (s.connected === true)
          this.at.set(copyKey(e.replica, e.database), `it joined at line ${s.line}`);
        return;
      case 'db.add':
        if (primary !== null)
          this.at.set(
            copyKey(primary, e.database),
            `ADD DATABASE put it in the group there at line ${s.line}`,
          );
        return;
      // A RESTORE over the copy runs only on a database not joined (it is RESTORING): an earlier
      // join there did not take (Msg 1478, a log chain the copy lacks), so it is not judged joined.
      case 'db.leave':
      case 'db.restore':
        this.at.delete(copyKey(e.replica, e.database));
        return;
      // REMOVE DATABASE takes every copy out of the group; the secondaries' stay RESTORING.
      case 'db.remove':
        for (const k of [...this.at.keys()])
          if (k.endsWith(copyKey('', e.database))) this.at.delete(k);
        return;
      case 'replica.remove':
        this.forgetReplica(e.replica);
        return;
      default:
        return;
    }
  }

  private forgetReplica(replica: string): void {
    const prefix = copyKey(replica, '');
    for (const k of [...this.at.keys()]) if (k.startsWith(prefix)) this.at.delete(k);
  }
}
