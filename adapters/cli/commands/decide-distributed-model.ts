import * as E from 'fp-ts/lib/Either.js';
import { createDistributedEither } from '../../../core/distributed/build.js';
import type { DistributedEvent } from '../../../core/distributed/events.js';
import { listenerPortFindings } from '../../../core/distributed/listener-port.js';
import { distributedFailoverReadiness } from '../../../core/distributed/readiness.js';
import { simulateDistributed } from '../../../core/distributed/scenario.js';
import { memberPrimary } from '../../../core/distributed/select.js';
import { distributedFailoverSequence } from '../../../core/distributed/sequence.js';
import { runDistributed } from '../../../core/distributed/step.js';
import type { DistributedCluster } from '../../../core/distributed/types.js';
import type { Config } from '../../../core/model/config.js';
import type { Reason } from '../../../core/model/source.js';
import { configsAfterScript } from '../../tsql/configs-after.js';
import {
  distributedConfigOfScript,
  distributedEventsOfScript,
} from '../../tsql/distributed-read.js';
import { forwarderCopiesNotJoined } from '../../tsql/forwarder-restores.js';
import { distributedDropOnOneSide } from '../../tsql/group-drops.js';
import type { Script } from '../../tsql/result.js';
import { readScriptReport } from '../../tsql/script.js';
import { type BadInput, badInput } from '../bad-input.js';
import {
  type DistributedScenario,
  distributedScenarioFrom,
} from '../input/distributed-scenario.js';
import { tsqlRelease } from '../options.js';
import type { DistributedDecideOptions, DistributedInput } from './decide-distributed.js';
import type { DistributedJudgement } from './decide-distributed-report.js';

/**
 * The part of `agstate decide` on a distributed group that runs the model: a T-SQL script or a
 * scenario file is played on a model group, which is then judged. It needs the T-SQL reader and
 * the cluster step (with the compiled machines), so decide loads it only for those inputs; a DMV
 * snapshot is judged from its facts without it.
 */

/** A distributed group as a script deploys it: its configurations, and the model after its statements. */
interface ScriptRun {
  readonly config: Config;
  readonly members: readonly Config[];
  /** The group where the script leaves it, or every documented rule its configurations break. */
  readonly start: E.Either<readonly Reason[], DistributedCluster>;
  /** A line per statement the model refused. */
  readonly refused: readonly string[];
}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * The distributed group with each member's LISTENER_URL as the script's last MODIFY AVAILABILITY
 * GROUP ON … LISTENER_URL leaves it: after a failover inside a member whose URL names one replica
 * (an FCI's VNN), S58 updates it "on both the global primary … and the forwarder".
 */
const withLatestListenerUrls = (script: Script, dag: Config): Config => {
  const urls = new Map<string, string>();
  for (const s of script.statements)
    if (
      same(s.group ?? undefined, dag.name) &&
      s.outcome.kind === 'members' &&
      s.outcome.action === 'modify'
    )
      for (const m of s.outcome.members)
        if (m.listenerUrl !== undefined) urls.set(m.name.toLowerCase(), m.listenerUrl);
  return urls.size === 0
    ? dag
    : {
        ...dag,
        members: dag.members.map((m) => ({
          ...m,
          listenerUrl: urls.get(m.name.toLowerCase()) ?? m.listenerUrl,
        })),
      };
};

/**
 * Run a T-SQL script that creates a distributed group on a model group; null when the script
 * creates none (the caller says what it reads instead).
 */
const runScript = (
  file: string,
  text: string,
  options: DistributedDecideOptions,
): E.Either<BadInput, ScriptRun | null> => {
  const report = readScriptReport(text, {
    ...tsqlRelease(options.version ?? 2022),
    fileName: file,
    ...(options.server === undefined ? {} : { server: options.server }),
  });
  if (report.errors.length > 0)
    return E.left(badInput(file, ...report.errors.map((e) => e.message)));
  const config = distributedConfigOfScript(report.script, {
    fileName: file,
    ...(options.group === undefined ? {} : { name: options.group }),
  });
  if (E.isLeft(config))
    return report.script.configs.some((c) => c.kind === 'DISTRIBUTED')
      ? E.left(badInput(file, ...config.left.map((p) => p.message)))
      : E.right(null);
  const distributed = withLatestListenerUrls(report.script, config.right.distributed);
  // The members as the whole script leaves them: a database added by ALTER … ADD DATABASE after
  // the group's CREATE is the distributed group's too (S58: the forwarder's copies are seeded
  // from the global primary's databases).
  const after = configsAfterScript(report.script).map((a) => a.config);
  const latest = (m: Config): Config =>
    after.find((c) => c.kind !== 'DISTRIBUTED' && same(c.name, m.name)) ?? m;
  const members: readonly [Config, Config] = [
    latest(config.right.members[0]),
    latest(config.right.members[1]),
  ];
  const chained = upstreamOf(report.script.configs, distributed);
  if (chained !== null) return E.left(badInput(file, chained));
  const unjoined = notJoined(report.script, distributed);
  if (unjoined !== null) return E.left(badInput(file, unjoined));
  const gone = dropped(report.script, distributed);
  if (gone !== null) return E.left(badInput(file, gone));
  // The members' listeners come from ALTER … ADD LISTENER: the LISTENER_URLs are checked against
  // the groups as the whole script leaves them.
  const links = listenerPortFindings(distributed, after);
  // Copies restored on the forwarder for manual seeding and never joined to the distributed group.
  const restoredOnForwarder = forwarderCopiesNotJoined(report.script, { distributed, members });
  const start =
    links.length > 0
      ? E.left(links)
      : createDistributedEither(distributed, members, { restoredOnForwarder });
  if (E.isLeft(start)) return E.right({ config: distributed, members, start, refused: [] });
  const { events, unread } = distributedEventsOfScript(
    report.script,
    { distributed, members },
    {
      fileName: file,
    },
  );
  if (unread.length > 0) return E.left(badInput(file, ...unread.map((p) => p.message)));
  const played = [...unjoinedCopies(report.script, start.right, restoredOnForwarder), ...events];
  const run = runDistributed(start.right, played);
  // A MODIFY AVAILABILITY GROUP ON that leaves its side's mode as it was (it changes only the other
  // member's row there) runs in SQL Server; the model's MODE_UNCHANGED is a no-op, not a refusal.
  const refused = run.flatMap((r, i) =>
    r.refused.length === 0 || r.refused.every((x) => x.code === 'MODE_UNCHANGED')
      ? []
      : [
          `${file}: ${played[i]?.type} refused: ${r.refused.map((x) => `${x.message} [${x.code}]`).join('; ')}`,
        ],
  );
  return E.right({
    config: distributed,
    members,
    start: E.right(run.at(-1)?.distributed ?? start.right),
    refused,
  });
};

/**
 * A chain (S43, Scale out readable replicas): the group that sends in `dag` is the second group of
 * another distributed group of the script, so its primary is that group's forwarder and takes no
 * writes. The model holds one distributed group; what a failover of `dag` does to the other is not
 * documented, so the script is not decided rather than decided as if `dag` stood alone.
 */
const upstreamOf = (configs: readonly Config[], dag: Config): string | null => {
  const sender = dag.members[0]?.name;
  const other = configs.find(
    (c) => c.kind === 'DISTRIBUTED' && !same(c.name, dag.name) && same(c.members[1]?.name, sender),
  );
  return other === undefined
    ? null
    : `${sender} sends in ${dag.name} and is the second group of ${other.name} too: its primary is ${other.name}'s forwarder and takes no writes ("The primary replica (or forwarder) of AG 2 is both a secondary replica for Distributed AG 1 and a primary replica of Distributed AG 2", Distributed availability groups, Scale out readable replicas). agstate models one distributed group at a time and cannot say what a failover of ${dag.name} does to ${other.name}; decide ${other.name} (--group ${other.name}), whose chain starts at its global primary`;
};

/**
 * The second group joins the distributed group on its own side ("Then join the distributed
 * availability group on the second WSFC", S58: ALTER AVAILABILITY GROUP … JOIN AVAILABILITY GROUP
 * ON on its primary). A script without that statement leaves the second group outside it: no
 * forwarder, nothing crosses; the model starts from a joined group, so it is not decided.
 */
const notJoined = (script: Script, dag: Config): string | null => {
  const joined = script.statements.some(
    (s) =>
      same(s.group ?? undefined, dag.name) &&
      s.outcome.kind === 'members' &&
      s.outcome.action === 'join',
  );
  const second = dag.members[1]?.name;
  return joined || second === undefined
    ? null
    : `the script never joins ${dag.name} on ${second}'s side (ALTER AVAILABILITY GROUP [${dag.name}] JOIN AVAILABILITY GROUP ON … on ${second}'s primary, "Join distributed availability group on second cluster", Configure a distributed availability group): until then ${second} is not in it and no log crosses, while agstate starts from a joined group; add the JOIN to decide the group as it runs`;
};

/**
 * DROP AVAILABILITY GROUP "Removes the specified availability group and all of its replicas"
 * (DROP AVAILABILITY GROUP); the migration guides end a migration with it on both sides ("use DROP
 * AVAILABILITY GROUP [DAG] on the both the source and target SQL Server instances to drop it",
 * Complete migration using a distributed AG). A script that drops the distributed group after
 * creating it leaves none to fail over; the model has no event for the drop, so the script is not
 * decided as if the group still ran. Each DROP after the CREATE is named.
 */
const dropped = (script: Script, dag: Config): string | null => {
  const created = script.statements.findIndex(
    (s) => s.outcome.kind === 'config' && same(s.outcome.config.name, dag.name),
  );
  const drops = script.statements
    .slice(created + 1)
    .filter(
      (s) =>
        s.outcome.kind === 'skipped' &&
        /^DROP\s+AVAILABILITY\s+GROUP\b/i.test(s.text) &&
        same(s.group ?? undefined, dag.name),
    );
  if (created === -1 || drops.length === 0) return null;
  const where = drops
    .map((s) => `line ${s.line}${s.server === null ? '' : ` on ${s.server}`}`)
    .join(', ');
  // Dropped on one side only, the other side still holds the group (S110's row, the migration guide).
  const oneSide = distributedDropOnOneSide(script, dag, drops);
  if (oneSide !== null)
    return `${oneSide.message.slice(0, oneSide.message.lastIndexOf(`. ${dag.name} is judged`))}. No failover between its groups is left to decide, and agstate has no event for the drop; decide the script without the DROP statements to judge the group before it is dropped`;
  return `the script drops ${dag.name} after creating it (DROP AVAILABILITY GROUP at ${where}): "Removes the specified availability group and all of its replicas" (DROP AVAILABILITY GROUP), so no failover between its groups is left to decide, and agstate has no event for the drop; decide the script without the DROP statements to judge the group before it is dropped`;
};

/**
 * The model starts with every copy of the second group joined. A secondary of that group seeded
 * automatically from the forwarder is left RESTORING until joined by hand ("After the database on
 * the secondary replica of the second availability group is in a restoring state, you have to
 * manually join it", S58, S79): where the script never runs ALTER DATABASE … SET HADR
 * AVAILABILITY GROUP = [second group] there, its copy leaves the group (db.leave: RESTORING).
 */
const unjoinedCopies = (
  script: Script,
  d: DistributedCluster,
  notOnForwarder: readonly string[],
): readonly DistributedEvent[] => {
  const second = d.members[1];
  const forwarder = memberPrimary(second);
  const joined = (replica: string, database: string) =>
    script.statements.some(
      (s) =>
        // A join whose replica the script does not name may be this one.
        (s.server === null || same(s.server, replica)) &&
        same(s.group ?? undefined, second.name) &&
        s.outcome.kind === 'events' &&
        s.outcome.events.some((e) => e.type === 'db.join' && same(e.database, database)),
    );
  // A copy the forwarder does not hold in the distributed group cannot be in its group on a
  // secondary either: the secondary's join needs the database in the group on its primary (S50).
  const forwarderLacks = (db: string) => notOnForwarder.some((x) => same(x, db));
  return second.cluster.config.replicas
    .filter((r) => !same(r.name, forwarder ?? undefined))
    .flatMap((r) =>
      Object.keys(d.link.databases)
        .filter((db) =>
          forwarderLacks(db) ? true : r.seedingMode === 'AUTOMATIC' && !joined(r.name, db),
        )
        .map(
          (database): DistributedEvent => ({
            type: 'distributed.member',
            member: second.name,
            event: { type: 'db.leave', replica: r.name, database },
          }),
        ),
    );
};

/** A T-SQL script that creates a distributed group, run on a model group. */
export const scriptInput = (
  file: string,
  text: string,
  options: DistributedDecideOptions,
): E.Either<BadInput, DistributedInput> => {
  const run = runScript(file, text, options);
  if (E.isLeft(run)) return run;
  if (run.right === null)
    return E.left(
      badInput(
        file,
        'decide reads DMV snapshots; a T-SQL script only when it creates a distributed availability group (CREATE AVAILABILITY GROUP … WITH (DISTRIBUTED)). To ask about an ordinary group described in T-SQL, use explain, or write a scenario and run simulate',
      ),
    );
  const { start, refused } = run.right;
  if (E.isLeft(start)) return E.left(badInput(file, ...start.left.map((r) => r.message)));
  return E.right({ kind: 'model', distributed: start.right, refused });
};

/**
 * A T-SQL script that creates a distributed group, as `check` searches it: from where the
 * script's statements leave the group. Null when the script creates no distributed group; a
 * statement the model refuses is bad input, since the search would not start where the script
 * deploys.
 */
export const scriptScenario = (
  file: string,
  text: string,
  options: DistributedDecideOptions,
): E.Either<BadInput, DistributedScenario | null> => {
  const run = runScript(file, text, options);
  if (E.isLeft(run) || run.right === null) return run as E.Either<BadInput, null>;
  const { config, start, refused } = run.right;
  if (refused.length > 0) return E.left(badInput(file, ...refused));
  return E.right({ name: config.name, description: null, config, steps: [], start });
};

/** A distributed scenario document, its steps run on a model group. */
export const scenarioInput = (file: string, doc: unknown): E.Either<BadInput, DistributedInput> => {
  const scenario = distributedScenarioFrom(file, doc);
  if (E.isLeft(scenario)) return scenario;
  const start = scenario.right.start;
  if (E.isLeft(start)) return E.left(badInput(file, ...start.left.map((r) => r.message)));
  const final = simulateDistributed(start.right, scenario.right.steps).final;
  return E.right({ kind: 'model', distributed: final, refused: [] });
};

/** A model group's failover readiness and the documented sequence from where it stands. */
export const judgedModel = (distributed: DistributedCluster): DistributedJudgement => ({
  group: distributed.config.name,
  readiness: distributedFailoverReadiness(distributed),
  sequence: distributedFailoverSequence(distributed),
  takenOn: null,
});
