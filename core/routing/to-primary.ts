import type { Replica } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason } from '../model/source.js';
import { replicaConfig, replicaFacts } from '../rules/facts-access.js';
import {
  describeShortfall,
  lookUpPrimary,
  operationalStateSettledBy,
  replicaStanding,
  unknownPrimaryReason,
  unknownReason,
} from '../rules/replica-availability.js';
import { routingReason as because } from './codes.js';
import { primaryDatabaseRefusals } from './primary-database.js';
import type { ReplicaConnection, ReplicaConnectionRequest } from './routing.js';
import { onMirroringEndpoint, redirectUrlHostUnknown } from './routing-url.js';

/**
 * A connection made straight to the primary, and from SQL Server 2019 where a secondary redirects
 * a read-write connection to it (READ_WRITE_ROUTING_URL; ag-rules §7.1, core/routing/routing.ts).
 */

/** Refused when a known fact refuses it; unknown when only facts the snapshot lacks would. */
export const refused = (reasons: readonly Reason[]): ReplicaConnection => ({
  outcome: reasons.length > 0 && reasons.every(isUnknownReason) ? 'unknown' : 'refused',
  reasons,
});

export const toPrimary = (
  facts: ClusterFacts,
  member: Replica,
  { intent, database }: ReplicaConnectionRequest,
  down: readonly Reason[],
): ReplicaConnection => {
  const name = member.name;
  const allow = member.primaryRole.allowConnections;
  const state = replicaFacts(facts, name)?.operationalState ?? null;
  const refusals = [
    ...down,
    ...(state === null
      ? [
          unknownReason(
            'UNKNOWN_OPERATIONAL_STATE',
            `the operational state of the primary ${name}`,
            operationalStateSettledBy(facts, name),
          ),
        ]
      : []),
    ...(state !== null && state !== 'ONLINE'
      ? [
          because(
            'CONNECT_PRIMARY_NOT_ONLINE',
            `the primary ${name} is ${state}, not ONLINE: its availability databases are not accessible`,
          ),
        ]
      : []),
    ...(intent === 'READ_ONLY' && allow === 'READ_WRITE'
      ? [
          because(
            'CONNECT_PRIMARY_READ_WRITE_ONLY',
            `${name} is the primary with PRIMARY_ROLE (ALLOW_CONNECTIONS = READ_WRITE): it refuses read-intent connections`,
          ),
        ]
      : []),
    ...primaryDatabaseRefusals(facts, name, database),
  ];
  if (refusals.length > 0) return refused(refusals);
  return {
    outcome: 'connected',
    replica: name,
    readOnly: false,
    reasons: [
      because(
        'CONNECT_PRIMARY_ACCEPTS',
        `${name} is the primary with PRIMARY_ROLE (ALLOW_CONNECTIONS = ${allow}): it accepts the ${intent} connection with read-write access`,
      ),
    ],
  };
};

type Redirection =
  | { readonly kind: 'answer'; readonly connection: ReplicaConnection }
  | { readonly kind: 'stay'; readonly notes: readonly Reason[] };

/** 2019+: a secondary at ALLOW_CONNECTIONS = ALL sends a read-write login to the primary (S17). */
export const redirection = (
  facts: ClusterFacts,
  name: string,
  down: readonly Reason[],
): Redirection => {
  const primary = lookUpPrimary(facts);
  if (primary.kind === 'unknown')
    return {
      kind: 'answer',
      connection: refused([
        ...down,
        unknownPrimaryReason(
          primary,
          `which replica is primary, where ${name} would redirect`,
          (claimants) =>
            `which primary ${name} would redirect to: ${claimants} each hold the PRIMARY role in the snapshots (a split brain, or a failover between them)`,
        ),
      ]),
    };
  if (primary.kind === 'none')
    return {
      kind: 'stay',
      notes: [
        because(
          'CONNECT_NO_PRIMARY_TO_REDIRECT',
          `no replica is primary, so ${name} has nowhere to redirect the read-write connection`,
        ),
      ],
    };
  const member = replicaConfig(facts, primary.name);
  const url = member?.primaryRole.readWriteRoutingUrl ?? null;
  if (url === null) return { kind: 'stay', notes: [] };
  const target = replicaStanding(facts, primary.name);
  // Client connections do not use the mirroring endpoint (S125): a URL on it is a dead end.
  const deadEnd =
    member !== undefined && onMirroringEndpoint(url, member)
      ? [
          because(
            'CONNECT_REDIRECT_URL_IS_MIRRORING_ENDPOINT',
            `${name} redirects read-write connections to the primary ${primary.name}'s READ_WRITE_ROUTING_URL ${url}, which names the host and port of its database mirroring endpoint (ENDPOINT_URL ${member.endpointUrl}): client connections do not use the mirroring endpoint, so the redirected login fails; the URL needs the port the Database Engine listens on for clients (1433 by default)`,
          ),
        ]
      : [];
  const unavailable = [
    ...target.shortfalls.map((s) =>
      because(
        'CONNECT_REDIRECT_TARGET_UNAVAILABLE',
        `${name} redirects read-write connections to the primary ${primary.name} (${url}), but ${describeShortfall(s)}`,
      ),
    ),
    ...deadEnd,
    ...(member === undefined || deadEnd.length > 0
      ? []
      : redirectUrlHostUnknown(member, name, facts.config.listener)),
    ...target.unknowns,
  ];
  if (down.length > 0 || unavailable.length > 0)
    return { kind: 'answer', connection: refused([...down, ...unavailable]) };
  return {
    kind: 'answer',
    connection: {
      outcome: 'redirected',
      replica: primary.name,
      readOnly: false,
      reasons: [
        because(
          'CONNECT_REDIRECTED_TO_PRIMARY',
          `${name} is a secondary with ALLOW_CONNECTIONS = ALL and the primary ${primary.name} has READ_WRITE_ROUTING_URL ${url}: the read-write connection is redirected to the primary`,
        ),
      ],
    },
  };
};
