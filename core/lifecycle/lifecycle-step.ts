import { restoreBackup, takeBackup } from '../backup/backup-step.js';
import type { StepResult } from '../cluster/result.js';
import type { Cluster } from '../cluster/types.js';
import { pageError } from '../health/page-repair-step.js';
import type { EventOf } from '../model/events.js';
import { seedingFailure, seedingProgress } from '../seeding/seeding-step.js';
import { addDatabase, removeDatabase } from './catalog.js';
import { joinDatabase, leaveDatabase } from './join.js';
import { addReplica, joinReplica, removeReplica, setCreateDatabase } from './replica.js';

/**
 * The database lifecycle and seeding events of the cluster step: adding and removing databases
 * and replicas, backups and restores, joining, the CREATE ANY DATABASE permission, and seeding
 * reports (docs/seeding.md).
 */

export type LifecycleEvent =
  | EventOf<'db.add'>
  | EventOf<'db.remove'>
  | EventOf<'db.backup'>
  | EventOf<'db.restore'>
  | EventOf<'db.join'>
  | EventOf<'db.leave'>
  | EventOf<'db.pageError'>
  | EventOf<'replica.join'>
  | EventOf<'replica.add'>
  | EventOf<'replica.remove'>
  | EventOf<'replica.grantCreateDatabase'>
  | EventOf<'replica.denyCreateDatabase'>
  | EventOf<'seeding.progress'>
  | EventOf<'seeding.fail'>;

export const lifecycleStep = (c: Cluster, e: LifecycleEvent): StepResult => {
  switch (e.type) {
    case 'db.add':
      return addDatabase(c, e);
    case 'db.remove':
      return removeDatabase(c, e);
    case 'db.backup':
      return takeBackup(c, e);
    case 'db.restore':
      return restoreBackup(c, e);
    case 'db.join':
      return joinDatabase(c, e);
    case 'db.leave':
      return leaveDatabase(c, e);
    case 'replica.add':
      return addReplica(c, e);
    case 'replica.join':
      return joinReplica(c, e);
    case 'replica.remove':
      return removeReplica(c, e);
    case 'replica.grantCreateDatabase':
    case 'replica.denyCreateDatabase':
      return setCreateDatabase(c, e);
    case 'seeding.progress':
      return seedingProgress(c, e);
    case 'seeding.fail':
      return seedingFailure(c, e);
    case 'db.pageError':
      return pageError(c, e);
  }
};
