import type { Observation } from '../cluster/observation.js';
import { withCopy } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import type { Cluster } from '../cluster/types.js';
import { DATABASE_REPLICA } from '../kernel/machines.js';
import { transition } from '../kernel/run.js';
import { copyLabel, databaseEnd } from '../lifecycle/access.js';
import { lifecycleReason } from '../lifecycle/codes.js';
import { blankCopy } from '../lifecycle/copy.js';
import type { Replica } from '../model/config.js';
import type { EventOf } from '../model/events.js';
import { sameName } from '../rules/facts-access.js';
import { judgeRestore } from './restore-refusals.js';

/**
 * RESTORE … WITH NORECOVERY on the instance of a replica the group names that has not joined yet
 * (ADD REPLICA ran on the primary, JOIN not yet on that instance). RESTORE is the instance's own
 * statement and needs no group: 'Add a replica to your Always On Availability group using the
 * Availability Group Wizard' (S148) says to prepare the secondary databases manually "before or
 * after running the wizard", and its Join only option joins "manually prepared secondary
 * databases on the server instances that will host the new secondary replicas". The copy stays
 * RESTORING on the instance (`Cluster.instances`, as a removed replica's copies do), its restores
 * are recorded as on any replica, and JOIN starts from it.
 */
export const restoreOnInstance = (
  c: Cluster,
  cfg: Replica,
  e: EventOf<'db.restore'>,
): StepResult => {
  const name = cfg.name;
  const kept = c.instances?.[name] ?? {};
  const copy = kept[e.database];
  const { backup, backupEnd, refusals } = judgeRestore(c, name, copy, e, {
    isPrimary: false,
    replicaUp: !(c.stoppedInstances ?? []).some((n) => sameName(n, name)),
  });
  if (refusals.length > 0 || backup === null || backupEnd === null) return refused(c, refusals);
  const before = copy ?? blankCopy(databaseEnd(c, e.database) ?? backupEnd);
  const restored = withCopy(before, {
    machine: transition(DATABASE_REPLICA, before.machine, { type: 'db.restore' }),
    received: backupEnd,
    hardened: backupEnd,
    redone: backupEnd,
    failoverReady: false,
    suspendedOnPrimary: false,
  });
  const next: Cluster = {
    ...c,
    instances: { ...c.instances, [name]: { ...kept, [e.database]: restored } },
    restores: [...(c.restores ?? []), { replica: name, database: e.database, backup }],
  };
  const from = copyLabel(copy);
  const to = copyLabel(restored);
  const observations: Observation[] = [
    ...(from === to
      ? []
      : [{ type: 'state.changed', entity: `${e.database} on ${name}`, from, to } as const]),
    {
      type: 'note',
      reason: lifecycleReason(
        'RESTORED_BEFORE_REPLICA_JOIN',
        `${name} has not joined ${c.config.name} yet: ${e.database} stays RESTORING to LSN ${backupEnd.lsn} on its instance; ALTER AVAILABILITY GROUP [${c.config.name}] JOIN there, then ALTER DATABASE [${e.database}] SET HADR AVAILABILITY GROUP = [${c.config.name}]`,
      ),
    },
  ];
  return accepted(next, observations);
};
