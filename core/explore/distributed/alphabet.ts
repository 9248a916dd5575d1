import type { DistributedEvent } from '../../distributed/events.js';
import { distributedFailoverReadiness } from '../../distributed/readiness.js';
import { isLinkSynchronousCommit, linkFlows, memberPrimary } from '../../distributed/select.js';
import type { DistributedCluster } from '../../distributed/types.js';
import { actions as memberActions } from '../alphabet.js';

/**
 * What can happen next in a distributed availability group, for the explorer: commits addressed
 * to each member's primary (the step refuses them on the forwarder), everything the single-group
 * explorer offers inside each member (faults, recoveries, log delivery, failovers), log across the
 * link and the link's network, and the statements of the failover between the groups (S58).
 */

export type DistributedActionKind =
  | 'commit'
  | 'log'
  | 'fault'
  | 'recovery'
  | 'time'
  | 'operator'
  | 'failover';

export interface DistributedAction {
  readonly kind: DistributedActionKind;
  readonly label: string;
  readonly events: readonly DistributedEvent[];
}

/**
 * `any`: an operator may run the failover statements whenever the model accepts them, in any order.
 * `documented`: only as S58 orders them: SET (ROLE = SECONDARY) once both sides are SYNCHRONOUS_COMMIT
 * and every database is SYNCHRONIZED, the failover on the forwarder once every step is met.
 */
export type FailoverProcedure = 'any' | 'documented';

export interface DistributedAlphabetOptions {
  readonly canFault: boolean;
  readonly canCommit: boolean;
  readonly procedure: FailoverProcedure;
  /** When an operator may force a failover inside a member group (as the single-group explorer). */
  readonly forcedFailover: 'withoutPrimary' | 'always' | 'never';
  /** Whether an operator may fail over inside a member group (automatic failover happens regardless). */
  readonly memberFailovers: boolean;
}

const isMemberFailover = (events: readonly { readonly type: string }[]): boolean =>
  events.some((e) => e.type === 'ag.failover' || e.type === 'ag.forceFailover');

const demotionReady = (d: DistributedCluster): boolean =>
  distributedFailoverReadiness(d).steps.every(
    (s) => s.met || s.step === 'GLOBAL_PRIMARY_DEMOTED' || s.step === 'FORWARDER_RUNNING',
  );

/** The member whose primary, the forwarder, may run the failover now: every step of S58 met. */
const documentedTarget = (d: DistributedCluster): string | null => {
  const r = distributedFailoverReadiness(d);
  return r.allowed ? r.target : null;
};

export const distributedActions = (
  d: DistributedCluster,
  o: DistributedAlphabetOptions,
): DistributedAction[] => {
  const out: DistributedAction[] = [];
  const databases = Object.keys(d.logs).sort();
  for (const m of d.members) {
    const primary = memberPrimary(m);
    if (o.canCommit && primary !== null)
      for (const database of databases)
        out.push({
          kind: 'commit',
          label: `commit ${database} on ${primary} (${m.name})`,
          events: [
            { type: 'distributed.member', member: m.name, event: { type: 'db.commit', database } },
          ],
        });
    for (const a of memberActions(m.cluster, {
      forcedFailover: o.forcedFailover,
      canFault: o.canFault,
      canCommit: false,
    }))
      if (o.memberFailovers || !isMemberFailover(a.events))
        out.push({
          kind: a.kind,
          label: `${m.name}: ${a.label}`,
          events: a.events.map((event) => ({ type: 'distributed.member', member: m.name, event })),
        });
  }
  if (linkFlows(d))
    out.push({
      kind: 'log',
      label: 'deliver log across the link',
      events: [{ type: 'distributed.ship' }, { type: 'distributed.harden' }],
    });
  if (o.canFault && d.link.connected)
    out.push({
      kind: 'fault',
      label: 'disconnect the link',
      events: [{ type: 'distributed.disconnect' }],
    });
  if (!d.link.connected)
    out.push({
      kind: 'recovery',
      label: 'reconnect the link',
      events: [{ type: 'distributed.reconnect' }],
    });
  for (const m of d.members) {
    const primary = memberPrimary(m);
    if (primary === null) continue;
    if (m.availabilityMode !== 'SYNCHRONOUS_COMMIT')
      out.push({
        kind: 'operator',
        label: `SYNCHRONOUS_COMMIT on ${primary} (${m.name})`,
        events: [
          { type: 'distributed.setAvailabilityMode', member: m.name, mode: 'SYNCHRONOUS_COMMIT' },
        ],
      });
    if (
      m.role === 'PRIMARY' &&
      (o.procedure === 'any' || (isLinkSynchronousCommit(d) && demotionReady(d)))
    )
      out.push({
        kind: 'failover',
        label: `SET (ROLE = SECONDARY) on ${primary} (${m.name})`,
        events: [{ type: 'distributed.setRoleSecondary', member: m.name }],
      });
    if (m.role === 'SECONDARY' && (o.procedure === 'any' || documentedTarget(d) === m.name))
      out.push({
        kind: 'failover',
        label: `FORCE_FAILOVER_ALLOW_DATA_LOSS on ${primary} (${m.name})`,
        events: [
          { type: 'distributed.failover', member: m.name, form: 'FORCE_FAILOVER_ALLOW_DATA_LOSS' },
        ],
      });
  }
  return out;
};
