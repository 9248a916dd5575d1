import { keepsRestoredCopyAfterFailedSeeding } from '../../lifecycle/lifecycle.js';
import { canBeSynchronized, isSynchronousCommitPair } from '../../log/synchronization.js';
import type { DatabaseReplicaEvent } from './events.js';

/** Guards of the database-replica machine: each names a rule of core/rules. */

type Args = { readonly event: DatabaseReplicaEvent };

/** S1 R-SYNC-1/2: synchronous pair, connected, not suspended, caught up. */
export const canBecomeSynchronized = ({ event }: Args): boolean =>
  (event.type === 'log.hardened' || event.type === 'mode.changed') &&
  canBeSynchronized(event.facts);

/** S1 R-SYNC-2: an asynchronous pair is never SYNCHRONIZED. */
export const isAsynchronousCommitPair = ({ event }: Args): boolean =>
  event.type === 'mode.changed' &&
  !isSynchronousCommitPair(event.facts.primaryMode, event.facts.replicaMode);

/** S6 / SEED004: a copy whose log ran past the primary's fork point must revert first. */
export const hasDivergedFromPrimary = ({ event }: Args): boolean =>
  (event.type === 'link.connected' || (event.type === 'db.resume' && event.connected)) &&
  event.diverged;

/** S50: a resumed copy starts data movement at once only while connected to the primary. */
export const isConnectedToPrimary = ({ event }: Args): boolean =>
  event.type === 'db.resume' && event.connected;

/** S6: on the primary, a ready database reports SYNCHRONIZED. */
export const isPrimaryDatabase = ({ event }: Args): boolean =>
  event.type === 'db.resume' && event.isPrimary;

/** MODEL (docs/seeding.md): a failed catch-up seeding leaves the copy restored WITH NORECOVERY as it was. */
export const hadRestoredCopy = ({ event }: Args): boolean =>
  event.type === 'seeding.fail' && keepsRestoredCopyAfterFailedSeeding(event.keepRestoredCopy);
