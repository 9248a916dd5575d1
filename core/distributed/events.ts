import * as t from 'io-ts';
import { ClusterEvent } from '../model/events.js';
import { NonNegativeInteger } from '../model/integer.js';
import { strictObject } from '../model/strict.js';

/**
 * The events of a distributed availability group: the statements a DBA runs on it, the movement
 * of log across the link, the link's network, and every member-group event addressed to a member.
 */

const ev = <T extends string, R extends t.Props, O extends t.Props = Record<never, never>>(
  type: T,
  required: R,
  optional?: O,
) => strictObject(type, { type: t.literal(type), ...required }, (optional ?? {}) as O);

const member = { member: t.string };

/** The availability modes a member of a distributed group takes (S4 AVAILABILITY GROUP ON). */
export const LinkMode = t.keyof(
  { SYNCHRONOUS_COMMIT: null, ASYNCHRONOUS_COMMIT: null },
  'LinkMode',
);
export type LinkMode = t.TypeOf<typeof LinkMode>;

/** ALTER AVAILABILITY GROUP [dag] MODIFY AVAILABILITY GROUP ON (both members) WITH (AVAILABILITY_MODE = …), run on `member`'s primary. */
export const DistributedSetAvailabilityMode = ev('distributed.setAvailabilityMode', {
  ...member,
  mode: LinkMode,
});
/** ALTER AVAILABILITY GROUP [dag] SET (ROLE = SECONDARY), run on the global primary (of `member`). */
export const DistributedSetRoleSecondary = ev('distributed.setRoleSecondary', member);
/** ALTER AVAILABILITY GROUP [dag] FORCE_FAILOVER_ALLOW_DATA_LOSS (or FAILOVER), run on `member`'s primary. */
export const DistributedFailover = ev('distributed.failover', member, {
  form: t.keyof({ FORCE_FAILOVER_ALLOW_DATA_LOSS: null, FAILOVER: null }),
});
/** ALTER AVAILABILITY GROUP [dag] SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = n). */
export const DistributedSetRequiredSecondaries = ev('distributed.setRequiredSecondaries', {
  value: NonNegativeInteger,
});
/** Log reaches the forwarder (one database, or all). */
export const DistributedShip = ev('distributed.ship', {}, { database: t.string });
/** The forwarder hardens the log it received. */
export const DistributedHarden = ev('distributed.harden', {}, { database: t.string });
/** Automatic seeding of the forwarder completes (SEEDING_MODE = AUTOMATIC for its group). */
export const DistributedSeed = ev('distributed.seed', {}, { database: t.string });
/** RESTORE DATABASE and RESTORE LOG … WITH NORECOVERY on the forwarder, from backups of the global primary. */
export const DistributedRestore = ev('distributed.restore', { database: t.string });
/** ALTER DATABASE [db] SET HADR AVAILABILITY GROUP = [dag] on the forwarder. */
export const DistributedJoin = ev('distributed.join', { database: t.string });
export const DistributedDisconnect = ev('distributed.disconnect', {});
export const DistributedReconnect = ev('distributed.reconnect', {});
/** Any event of a member availability group, addressed to that member. */
export const DistributedMemberEvent = ev('distributed.member', { ...member, event: ClusterEvent });

export const DISTRIBUTED_EVENT_CODECS = [
  DistributedSetAvailabilityMode,
  DistributedSetRoleSecondary,
  DistributedFailover,
  DistributedSetRequiredSecondaries,
  DistributedShip,
  DistributedHarden,
  DistributedSeed,
  DistributedRestore,
  DistributedJoin,
  DistributedDisconnect,
  DistributedReconnect,
  DistributedMemberEvent,
] as const;

const AnyDistributedEvent = t.union(
  DISTRIBUTED_EVENT_CODECS as unknown as [t.Mixed, t.Mixed, ...t.Mixed[]],
);
type AnyDistributedEventType = t.TypeOf<(typeof DISTRIBUTED_EVENT_CODECS)[number]>;

const CODEC_BY_TYPE = new Map<string, t.Mixed>(
  DISTRIBUTED_EVENT_CODECS.map((c) => [c.name, c as unknown as t.Mixed]),
);

/** Every distributed event type name, in the order of the union. */
export const DISTRIBUTED_EVENT_TYPES: readonly string[] = DISTRIBUTED_EVENT_CODECS.map(
  (c) => c.name,
);

/** The events of a distributed group; decoding dispatches on `type`, so a bad event yields one clear error. */
export const DistributedEvent = new t.Type<AnyDistributedEventType, unknown, unknown>(
  'DistributedEvent',
  (u): u is AnyDistributedEventType => AnyDistributedEvent.is(u),
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u))
      return t.failure(u, c, 'expected an event object with a "type"');
    const type = (u as Record<string, unknown>).type;
    const codec = typeof type === 'string' ? CODEC_BY_TYPE.get(type) : undefined;
    if (codec === undefined)
      return t.failure(
        type,
        [...c, { key: 'type', type: t.string, actual: type }],
        `unknown event type ${JSON.stringify(type)}; expected one of: ${DISTRIBUTED_EVENT_TYPES.join(', ')}`,
      );
    return codec.validate(u, c) as t.Validation<AnyDistributedEventType>;
  },
  (a) => (CODEC_BY_TYPE.get(a.type) as t.Mixed).encode(a),
);
export type DistributedEvent = t.TypeOf<(typeof DISTRIBUTED_EVENT_CODECS)[number]>;
export type DistributedEventOf<K extends DistributedEvent['type']> = Extract<
  DistributedEvent,
  { type: K }
>;
