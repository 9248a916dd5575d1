import type { Replica } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, unknownReason } from '../model/source.js';
import { replicaConfig, sameName } from '../rules/facts-access.js';
import { ROUTING_REASONS } from './codes.js';
import type { ListenerConnection } from './listener.js';
import { readsWaitingFor } from './reads-wait.js';
import {
  routingUrlHostUnknown,
  routingUrlOnListener,
  routingUrlOnMirroringEndpoint,
} from './routing-url.js';

/*
 * One login sent to one member of the primary's READ_ONLY_ROUTING_LIST. A load-balanced set sends
 * successive logins to its members in turn (S13), so a login asked about without a counter is
 * answered for every member.
 */

/** Where a login sent to `target` lands: the primary serves it, its URL leads nowhere, or routed. */
export interface Landing {
  readonly member: string;
  readonly outcome: ListenerConnection['outcome'];
  readonly replica?: string;
  readonly reasons: readonly Reason[];
}

export const landAt = (
  facts: ClusterFacts,
  primary: Replica,
  target: string,
  databases: readonly string[],
): Landing => {
  if (sameName(target, primary.name))
    return { member: target, outcome: 'connected', replica: primary.name, reasons: [] };
  const member = replicaConfig(facts, target);
  const deadEnd =
    member === undefined
      ? []
      : [
          ...routingUrlOnMirroringEndpoint(member),
          ...routingUrlOnListener(member, facts.config.listener, primary.name),
        ];
  if (deadEnd.length > 0) return { member: target, outcome: 'refused', reasons: deadEnd };
  // A URL naming another host than the replica's: where the client lands is not in the snapshot.
  const elsewhere = member === undefined ? [] : routingUrlHostUnknown(member);
  return elsewhere.length > 0
    ? { member: target, outcome: 'unknown', reasons: elsewhere }
    : {
        member: target,
        outcome: 'routed',
        replica: target,
        reasons: readsWaitingFor(facts, target, databases),
      };
};

/**
 * Members of the rotation that do not all serve the login: each login goes to the next one in
 * turn, so some are served and others are not, and no view shows whose turn this one is.
 */
export const membersDiffer = (landings: readonly Landing[]): Reason => {
  const each = landings.map(
    (l) =>
      `${l.member} ${l.outcome === 'routed' ? 'routes it' : l.outcome === 'connected' ? 'serves it (the primary)' : l.outcome === 'refused' ? 'fails it' : 'may or may not take it'}`,
  );
  const failing = landings.filter((l) => l.outcome === 'refused' || l.outcome === 'unknown');
  return unknownReason(
    'ROUTING_LOAD_BALANCED_MEMBERS_DIFFER',
    `unknown: the members of the load-balanced set do not all take the login (${each.join('; ')}), and the primary sends read-intent logins to them in turn, so some of these logins are served and others are sent to ${failing.map((l) => l.member).join(' or ')}; which member this one gets is not in any view`,
    ROUTING_REASONS.ROUTING_LOAD_BALANCED_MEMBERS_DIFFER,
    [
      'SELECT @@SERVERNAME on successive read-intent connections through the listener (each goes to the next member)',
      `sys.availability_replicas.read_only_routing_url of ${failing.map((l) => l.member).join(', ')}`,
    ],
  );
};
