import * as E from 'fp-ts/lib/Either.js';
import { createDistributedEither } from '../../core/distributed/build.js';
import type { DistributedEvent } from '../../core/distributed/events.js';
import { distributedFailoverReadiness } from '../../core/distributed/readiness.js';
import type { DistributedObservation } from '../../core/distributed/result.js';
import {
  DistributedScenarioInput,
  type DistributedState,
  distributedState,
} from '../../core/distributed/scenario.js';
import { memberPrimary } from '../../core/distributed/select.js';
import { stepDistributed } from '../../core/distributed/step.js';
import type { DistributedCluster } from '../../core/distributed/types.js';
import { resolveConfig } from '../../core/model/config.js';
import { decodeWith } from '../../core/model/decode.js';
import { formatProblem } from '../../core/model/report.js';
import type { Reason } from '../../core/model/source.js';
import { eventLabel, observationText } from './describe.js';

/**
 * The page's session of a distributed availability group: both member groups, the link and the
 * roles (global primary, forwarder), with the statements of "Fail over to a secondary availability
 * group" (S58) offered as events. It starts where the scenario starts; the DBA steps it.
 */

export interface DistributedTraceStep {
  readonly event: DistributedEvent | null;
  readonly distributed: DistributedCluster;
  readonly observations: readonly DistributedObservation[];
}

export interface DistributedSession {
  readonly source: string;
  readonly trace: readonly DistributedTraceStep[];
  readonly cursor: number;
}

/** A scenario document naming `distributed` and its `members`; its steps are not run. */
export const distributedSession = (
  source: string,
  doc: unknown,
): E.Either<{ message: string; problems: readonly string[] }, DistributedSession> => {
  const decoded = decodeWith(DistributedScenarioInput)(doc);
  if (E.isLeft(decoded))
    return E.left({
      message: `${source}: not a distributed group's scenario`,
      problems: decoded.left.map(formatProblem),
    });
  const input = decoded.right;
  const start = createDistributedEither(
    resolveConfig(input.distributed),
    input.members.map(resolveConfig),
    {
      ...(input.baseLsn === undefined ? {} : { baseLsn: input.baseLsn }),
      ...(input.secondaryGroup === undefined ? {} : { secondaryGroup: input.secondaryGroup }),
    },
  );
  if (E.isLeft(start))
    return E.left({
      message: `${source}: the configuration breaks documented rules`,
      problems: start.left.map((r) => `${r.code}: ${r.message}`),
    });
  return E.right({
    source,
    trace: [{ event: null, distributed: start.right, observations: [] }],
    cursor: 0,
  });
};

export const applyDistributed = (
  s: DistributedSession,
  event: DistributedEvent,
):
  | { readonly accepted: true; readonly session: DistributedSession }
  | { readonly accepted: false; readonly refused: readonly Reason[] } => {
  const r = stepDistributed(s.trace[s.cursor]!.distributed, event);
  if (r.refused.length > 0) return { accepted: false, refused: r.refused };
  const trace = [
    ...s.trace.slice(0, s.cursor + 1),
    { event, distributed: r.distributed, observations: r.observations },
  ];
  return { accepted: true, session: { ...s, trace, cursor: trace.length - 1 } };
};

export const moveDistributedCursor = (s: DistributedSession, to: number): DistributedSession => ({
  ...s,
  cursor: Math.min(Math.max(0, Math.trunc(to)), s.trace.length - 1),
});

/** The statement or happening an event stands for, as the page's buttons and trace name it. */
export const distributedEventLabel = (e: DistributedEvent): string => {
  switch (e.type) {
    case 'distributed.setAvailabilityMode':
      return `${e.mode} on ${e.member}'s primary`;
    case 'distributed.setRoleSecondary':
      return `SET (ROLE = SECONDARY) on ${e.member}'s primary`;
    case 'distributed.failover':
      return `${e.form ?? 'FORCE_FAILOVER_ALLOW_DATA_LOSS'} on ${e.member}'s primary`;
    case 'distributed.setRequiredSecondaries':
      return `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${e.value}`;
    case 'distributed.ship':
      return 'ship log to the forwarder';
    case 'distributed.harden':
      return 'harden log on the forwarder';
    case 'distributed.seed':
      return 'seed the forwarder';
    case 'distributed.restore':
      return `restore ${e.database} WITH NORECOVERY on the forwarder`;
    case 'distributed.join':
      return `join ${e.database} on the forwarder`;
    case 'distributed.disconnect':
      return 'disconnect the link';
    case 'distributed.reconnect':
      return 'reconnect the link';
    case 'distributed.member':
      return `${e.member}: ${eventLabel(e.event)}`;
  }
};

const range = (r: { member: string; fromLsn: bigint; toLsn: bigint }) =>
  `LSNs after ${r.fromLsn} through ${r.toLsn} (acknowledged on ${r.member})`;

export const distributedObservationText = (o: DistributedObservation): string => {
  switch (o.type) {
    case 'member':
      return `${o.member}: ${observationText(o.observation)}`;
    case 'distributed.acknowledged':
      return `acknowledged: ${o.database} ${range(o)}`;
    case 'distributed.pending':
      return `pending: the commit at LSN ${o.lsn} on ${o.database} waits for ${o.waitingFor.join(', ')}`;
    case 'distributed.abandoned':
      return `abandoned: ${o.database} LSNs after ${o.fromLsn} through ${o.toLsn} were never acknowledged`;
    case 'distributed.lost':
      return `lost: ${o.database} ${o.ranges.map(range).join('; ')}`;
    case 'distributed.roleChanged':
      return `${o.member}: ${o.from} -> ${o.to}`;
    case 'note':
      return `${o.reason.code}: ${o.reason.message}`;
  }
};

export interface DistributedOffered {
  /** The panel the button sits in: the failover between the groups, the link, or a member. */
  readonly group: string;
  readonly label: string;
  readonly event: DistributedEvent;
  readonly possible: boolean;
  readonly reasons: readonly Reason[];
}

/** The events the page offers, each tried with the step (pure): a refused one says why. */
const offered = (d: DistributedCluster): DistributedOffered[] => {
  const events: { group: string; event: DistributedEvent }[] = [];
  const failover = 'Failover between the groups';
  for (const m of d.members) {
    events.push(
      {
        group: failover,
        event: {
          type: 'distributed.setAvailabilityMode',
          member: m.name,
          mode: 'SYNCHRONOUS_COMMIT',
        },
      },
      { group: failover, event: { type: 'distributed.setRoleSecondary', member: m.name } },
      {
        group: failover,
        event: {
          type: 'distributed.failover',
          member: m.name,
          form: 'FORCE_FAILOVER_ALLOW_DATA_LOSS',
        },
      },
      // The FAILOVER form, offered so the page says why the model refuses it between groups.
      {
        group: failover,
        event: { type: 'distributed.failover', member: m.name, form: 'FAILOVER' },
      },
      {
        group: failover,
        event: {
          type: 'distributed.setAvailabilityMode',
          member: m.name,
          mode: 'ASYNCHRONOUS_COMMIT',
        },
      },
    );
  }
  for (const type of [
    'distributed.ship',
    'distributed.harden',
    'distributed.disconnect',
    'distributed.reconnect',
  ] as const)
    events.push({ group: 'Link', event: { type } });
  for (const m of d.members) {
    const primary = memberPrimary(m);
    const databases = Object.keys(d.logs).sort();
    const member = (event: Parameters<typeof eventLabel>[0]) =>
      events.push({ group: m.name, event: { type: 'distributed.member', member: m.name, event } });
    for (const database of databases) member({ type: 'db.commit', database });
    for (const r of m.cluster.replicas) {
      if (r.name !== primary) {
        member({ type: 'log.ship', replica: r.name });
        member({ type: 'log.harden', replica: r.name });
      }
      member({ type: 'replica.crash', replica: r.name });
      member({ type: 'replica.restart', replica: r.name });
    }
  }
  return events.map(({ group, event }) => {
    const r = stepDistributed(d, event);
    return {
      group,
      label: distributedEventLabel(event),
      event,
      possible: r.refused.length === 0,
      reasons: r.refused,
    };
  });
};

export interface DistributedView {
  readonly kind: 'distributed';
  readonly source: string;
  readonly group: string;
  readonly state: DistributedState;
  readonly readiness: {
    readonly status: string;
    readonly steps: readonly {
      readonly step: string;
      readonly met: boolean;
      readonly reasons: readonly Reason[];
    }[];
    readonly predictedLoss: readonly string[];
  };
  readonly events: readonly DistributedOffered[];
  readonly trace: readonly {
    readonly index: number;
    readonly label: string;
    readonly observations: readonly string[];
  }[];
  readonly cursor: number;
}

export const distributedView = (s: DistributedSession): DistributedView => {
  const d = s.trace[s.cursor]!.distributed;
  const readiness = distributedFailoverReadiness(d);
  return {
    kind: 'distributed',
    source: s.source,
    group: d.config.name,
    state: distributedState(d),
    readiness: {
      status: readiness.status,
      steps: readiness.steps.map((c) => ({ step: c.step, met: c.met, reasons: c.reasons })),
      predictedLoss: readiness.predictedLoss.flatMap((p) =>
        p.ranges.map((r) => `${p.database} ${range(r)}`),
      ),
    },
    events: offered(d),
    trace: s.trace.map((t, index) => ({
      index,
      label: t.event === null ? 'start' : distributedEventLabel(t.event),
      observations: t.observations
        .filter((o) => o.type !== 'member' || o.observation.type !== 'replica.stateChanged')
        .map(distributedObservationText),
    })),
    cursor: s.cursor,
  };
};
