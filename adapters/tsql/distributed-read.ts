import * as E from 'fp-ts/lib/Either.js';
import type { DistributedEvent } from '../../core/distributed/events.js';
import type { Config } from '../../core/model/config.js';
import type { ClusterEvent } from '../../core/model/events.js';
import { memberThroughListener } from './listener-side.js';
import { same } from './names.js';
import type { Script, StatementResult } from './result.js';

/**
 * A script read as a distributed availability group: the CREATE … WITH (DISTRIBUTED) statement
 * and the CREATE statements of its two member groups give the configuration the distributed model
 * starts from; the statements run on the distributed group (MODIFY AVAILABILITY GROUP ON,
 * SET (ROLE = SECONDARY), FORCE_FAILOVER_ALLOW_DATA_LOSS, FAILOVER, SET HADR AVAILABILITY GROUP)
 * become its events, each addressed to the member group whose replica it runs on ("Configure a
 * distributed availability group", S58: each statement runs on the global primary or the forwarder).
 */

/** Where a script says something about its distributed group that cannot be read as one. */
export interface DistributedScriptProblem {
  readonly line: number;
  readonly column: number;
  /** `script.sql:12:1: …`, one line. */
  readonly message: string;
}

export interface DistributedScriptConfig {
  readonly distributed: Config;
  /** The member groups, in the order the distributed group names them (the first holds the global primary). */
  readonly members: readonly [Config, Config];
}

const placed = (fileName: string, s: { line: number; column: number }, text: string) => ({
  line: s.line,
  column: s.column,
  message: `${fileName}:${s.line}:${s.column}: ${text}`,
});

const createOf = (script: Script, name: string): StatementResult | undefined =>
  script.statements.find((s) => s.outcome.kind === 'config' && same(s.outcome.config.name, name));

/**
 * The distributed group a script creates (the one named `name`, or the only one) with its two
 * member groups, each from its own CREATE AVAILABILITY GROUP in the same script.
 */
export const distributedConfigOfScript = (
  script: Script,
  options: { readonly name?: string; readonly fileName?: string } = {},
): E.Either<readonly DistributedScriptProblem[], DistributedScriptConfig> => {
  const fileName = options.fileName ?? 'script.sql';
  const distributed = script.configs.filter(
    (c) => c.kind === 'DISTRIBUTED' && (options.name === undefined || same(c.name, options.name)),
  );
  const [dag] = distributed;
  if (dag === undefined || distributed.length > 1) {
    const what =
      options.name === undefined
        ? 'one CREATE AVAILABILITY GROUP … WITH (DISTRIBUTED)'
        : `CREATE AVAILABILITY GROUP [${options.name}] … WITH (DISTRIBUTED)`;
    const found =
      distributed.length > 1
        ? `${distributed.length} (${distributed.map((c) => c.name).join(', ')}): name one`
        : 'none';
    return E.left([placed(fileName, { line: 1, column: 1 }, `expected ${what}, found ${found}`)]);
  }
  const at = createOf(script, dag.name) ?? { line: 1, column: 1 };
  const problems: DistributedScriptProblem[] = [];
  const members = dag.members.map((m) => {
    const c = script.configs.find((x) => x.kind !== 'DISTRIBUTED' && same(x.name, m.name));
    if (c === undefined)
      problems.push(
        placed(
          fileName,
          at,
          `${dag.name} names the availability group ${m.name}, but the script holds no CREATE AVAILABILITY GROUP [${m.name}]: expected the CREATE statement of each member group`,
        ),
      );
    return c;
  });
  const [first, second] = members;
  if (problems.length > 0 || first === undefined || second === undefined)
    return E.left(
      problems.length > 0
        ? problems
        : [placed(fileName, at, `expected two member groups in ${dag.name}`)],
    );
  return E.right({ distributed: dag, members: [first, second] });
};

export interface DistributedScriptEvents {
  readonly events: readonly DistributedEvent[];
  /** Statements on the distributed group that cannot become events, each placed with its reason. */
  readonly unread: readonly DistributedScriptProblem[];
}

/** The member group a server is a replica of (or, below, whose listener it connects through). */
const memberOfServer = (members: readonly Config[], server: string | null) =>
  members.find((c) => c.replicas.some((r) => same(r.name, server)));

const asDistributed = (member: string, e: ClusterEvent): DistributedEvent | null => {
  switch (e.type) {
    case 'ag.setRoleSecondary':
      return { type: 'distributed.setRoleSecondary', member };
    case 'ag.forceFailover':
      return { type: 'distributed.failover', member, form: 'FORCE_FAILOVER_ALLOW_DATA_LOSS' };
    case 'ag.failover':
      return { type: 'distributed.failover', member, form: 'FAILOVER' };
    case 'ag.set':
      return e.options.requiredSynchronizedSecondariesToCommit === undefined
        ? null
        : {
            type: 'distributed.setRequiredSecondaries',
            value: e.options.requiredSynchronizedSecondariesToCommit,
          };
    default:
      return null;
  }
};

/**
 * A failover inside a member group, run after the distributed group exists: the member's primary
 * moves, and with it the forwarder or the global primary ("the primary replica of the secondary
 * availability group is known as the forwarder", S58); the other group follows it through the
 * member's LISTENER_URL. Failovers before the distributed group's CREATE are part of the setup the
 * model starts from.
 */
const memberFailovers = (members: readonly Config[], s: StatementResult): DistributedEvent[] => {
  const member = members.find((c) => same(c.name, s.group));
  if (member === undefined || s.outcome.kind !== 'events') return [];
  return s.outcome.events.flatMap((e) =>
    e.type === 'ag.failover' || e.type === 'ag.forceFailover'
      ? [{ type: 'distributed.member' as const, member: member.name, event: e }]
      : [],
  );
};

/**
 * The events of the statements a script runs on the distributed group, in order. A statement
 * acts on the member group whose replica runs it (the server of its `:Connect`): MODIFY
 * AVAILABILITY GROUP ON … AVAILABILITY_MODE sets that side's mode ("must be run on both the
 * global primary and the forwarder", S3), SET (ROLE = SECONDARY) demotes it, a failover promotes it.
 */
export const distributedEventsOfScript = (
  script: Script,
  config: DistributedScriptConfig,
  options: { readonly fileName?: string } = {},
): DistributedScriptEvents => {
  const fileName = options.fileName ?? 'script.sql';
  const events: DistributedEvent[] = [];
  const unread: DistributedScriptProblem[] = [];
  const dag = config.distributed.name;
  // Copies restored WITH NORECOVERY, by server: the manual seeding of the forwarder (S58).
  const restored = new Set<string>();
  const key = (server: string | null, database: string) =>
    `${(server ?? '').toLowerCase()}\u0000${database.toLowerCase()}`;
  const created = script.statements.findIndex(
    (s) => s.outcome.kind === 'config' && same(s.outcome.config.name, dag),
  );
  for (const [i, s] of script.statements.entries()) {
    if (s.outcome.kind === 'events')
      for (const e of s.outcome.events)
        if (e.type === 'db.restore' && !e.recovery) restored.add(key(s.server, e.database));
    const local = i > created ? memberFailovers(config.members, s) : [];
    events.push(...local);
    // SET HADR AVAILABILITY GROUP = [dag] names the distributed group too.
    if (!same(s.group, dag)) continue;
    if (s.outcome.kind === 'config' || s.outcome.kind === 'skipped') continue;
    if (s.outcome.kind === 'members' && s.outcome.action === 'join') continue;
    const through = memberThroughListener(script, config.distributed, s.server);
    const member =
      memberOfServer(config.members, s.server) ?? config.members.find((c) => same(c.name, through));
    if (member === undefined) {
      unread.push(
        placed(
          fileName,
          s,
          s.server === null
            ? `${s.text} runs on an unnamed replica: add :Connect to the global primary or the forwarder (or --server NAME)`
            : `${s.text} runs on ${s.server}, which is a replica of neither ${config.members[0].name} nor ${config.members[1].name}`,
        ),
      );
      continue;
    }
    if (s.outcome.kind === 'members') {
      const modes = s.outcome.members.flatMap((m) =>
        m.availabilityMode === 'SYNCHRONOUS_COMMIT' || m.availabilityMode === 'ASYNCHRONOUS_COMMIT'
          ? [m.availabilityMode]
          : [],
      );
      // The statement names both groups; only the side it runs on takes the change (S3).
      const own = s.outcome.members.find((m) => same(m.name, member.name))?.availabilityMode;
      const mode = own === 'SYNCHRONOUS_COMMIT' || own === 'ASYNCHRONOUS_COMMIT' ? own : modes[0];
      if (mode !== undefined)
        events.push({ type: 'distributed.setAvailabilityMode', member: member.name, mode });
      continue;
    }
    if (s.outcome.kind !== 'events') continue;
    for (const e of s.outcome.events) {
      if (e.type === 'db.join') {
        // Restored there WITH NORECOVERY and joined: the manual seeding the model's start (the
        // second group seeded and caught up) already holds; replayed, it would be refused.
        if (restored.has(key(s.server, e.database))) continue;
        events.push({ type: 'distributed.join', database: e.database });
        continue;
      }
      const d = asDistributed(member.name, e);
      if (d === null)
        unread.push(
          placed(fileName, s, `${s.text}: agstate has no distributed event for ${e.type}`),
        );
      else events.push(d);
    }
  }
  return { events, unread };
};
