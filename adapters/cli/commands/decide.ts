import * as E from 'fp-ts/lib/Either.js';
import { type DecideOptions, decide } from '../../../core/decide/decide.js';
import { connectMember, decideMember } from '../../../core/distributed/facts-member.js';
import type { BackupType } from '../../../core/model/enums.js';
import type { ClusterFacts } from '../../../core/model/facts.js';
import { mergeFacts } from '../../../core/rules/merge-facts.js';
import type { SnapshotFacts } from '../../dmv/facts.js';
import { formatDmvProblem } from '../../dmv/problem.js';
import { type BadInput, badInput, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import { readConnection } from '../input/connection.js';
import { loadSnapshot, parseSnapshotOnce } from '../input/snapshot.js';
import type { Io } from '../io.js';
import type { VersionArg } from '../options.js';
import { connectionJson, connectionStringLines } from '../render/connection.js';
import { actionTsql, decisionsLines, snapshotLines } from '../render/decisions.js';
import { inputOf, jsonResult } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import { type DistributedInput, loadDistributedInput } from './decide-distributed.js';

export interface DecideCommandOptions {
  readonly json: boolean;
  readonly target?: string;
  readonly database?: string;
  readonly backupType?: BackupType;
  readonly version?: VersionArg;
  readonly group?: string;
  /** The instance a T-SQL script without :Connect runs on. */
  readonly server?: string;
  /** With --each: decide the files' fleet verdicts on this many worker threads. */
  readonly workers?: number;
  /** An application's connection string: where its connection goes. */
  readonly connection?: string;
}

/** A --target or --database must name something the group has; an empty answer would mislead. */
const checkNames = (facts: ClusterFacts, options: DecideCommandOptions): BadInput | undefined => {
  const { config } = facts;
  const { target, database } = options;
  const replicas = config.replicas.map((r) => r.name);
  if (target !== undefined && !replicas.some((r) => r.toUpperCase() === target.toUpperCase()))
    return badInput(
      '--target',
      `${config.name} has no replica named ${JSON.stringify(target)}; expected one of ${replicas.join(', ')}`,
    );
  if (database !== undefined && !config.databases.includes(database))
    return badInput(
      '--database',
      `${config.name} has no database named ${JSON.stringify(database)}; expected one of ${config.databases.join(', ') || '(none)'}`,
    );
  return undefined;
};

/**
 * `agstate decide <snapshot>...`: every decision about the group the snapshots show. Several
 * snapshots (taken on several replicas at about the same time) are merged into one set of facts;
 * where they disagree, the findings say so.
 */
/**
 * --connection on a distributed group: a connection string reaches one member group, which a
 * member's DMV snapshot decides (--group); a script or scenario decides the distributed group only.
 */
const connectionNeedsMember = (file: string, d: DistributedInput): BadInput => {
  const dag = d.kind === 'facts' ? d.facts.config.name : d.distributed.config.name;
  const members = (d.kind === 'facts' ? d.facts.members : d.distributed.members)
    .map((m) => m.name)
    .join(' or ');
  const how =
    d.kind === 'facts'
      ? `name the member group it connects to with --group (${members})`
      : `ask it of a DMV snapshot of the member group it connects to (${members}) with --group`;
  return badInput(
    file,
    `--connection asks where a connection to one availability group goes, and ${dag} is a distributed availability group: ${how}`,
  );
};

export const runDecide = async (
  io: Io,
  files: readonly string[],
  options: DecideCommandOptions,
): Promise<ExitCode> => {
  // The envelope names one file as `file`, several as `files`.
  const input =
    files.length === 1 ? inputOf(files[0], options) : { files, ...inputOf(undefined, options) };
  // Each file is read once, so standard input can be tried as a distributed snapshot first.
  const once = new Map<string, Promise<Uint8Array>>();
  const reading: Io = {
    ...io,
    readFile: (path, limits) => {
      const known = once.get(path) ?? io.readFile(path, limits);
      once.set(path, known);
      return known;
    },
  };
  const parse = parseSnapshotOnce();
  const distributed = await loadDistributedInput(reading, files, options, parse);
  // A connection string reaches one availability group: the distributed decision answers none.
  if (distributed !== null && E.isRight(distributed) && options.connection !== undefined)
    return reportBadInput(
      io,
      'decide',
      connectionNeedsMember(files[0] ?? '', distributed.right),
      options.json,
      input,
    );
  if (distributed !== null)
    return E.isLeft(distributed)
      ? reportBadInput(io, 'decide', distributed.left, options.json, input)
      : (await import('./decide-distributed-report.js')).runDistributedDecide(
          io,
          distributed.right,
          options,
          input,
        );
  const loaded: { file: string; read: SnapshotFacts }[] = [];
  for (const file of files) {
    const read = await loadSnapshot(
      reading,
      file,
      { version: options.version, group: options.group },
      parse,
    );
    if (E.isLeft(read)) return reportBadInput(io, 'decide', read.left, options.json, input);
    loaded.push({ file, read: read.right });
  }
  const [first, ...others] = loaded.map((x) => ({ source: x.file, facts: x.read.facts }));
  if (first === undefined)
    return reportBadInput(
      io,
      'decide',
      badInput('', 'expected at least one snapshot file'),
      options.json,
      input,
    );
  const merged =
    others.length === 0 ? { facts: first.facts, findings: [] } : mergeFacts(first, ...others);
  const facts = merged.facts;
  const wrongName = checkNames(facts, options);
  if (wrongName !== undefined) return reportBadInput(io, 'decide', wrongName, options.json, input);
  const connection = options.connection === undefined ? null : readConnection(options.connection);
  if (connection !== null && E.isLeft(connection))
    return reportBadInput(io, 'decide', connection.left, options.json, input);
  const asked: DecideOptions = {
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(options.database === undefined ? {} : { database: options.database }),
    ...(options.backupType === undefined ? {} : { backupType: options.backupType }),
  };
  // A member of a distributed group (named with --group on a forwarder's or global primary's
  // snapshot) is decided in its place there: where writes go and wait, where backups run, and
  // where a read-intent connection through its listener goes.
  const distributedPlaces = loaded[0]?.read.distributed ?? [];
  const connected =
    connection === null
      ? null
      : {
          read: connection.right,
          answer: connectMember(facts, distributedPlaces, connection.right.ask),
        };
  const decisions =
    distributedPlaces.length === 0
      ? decide(facts, asked)
      : decideMember(facts, distributedPlaces, asked);
  const backupType = options.backupType ?? 'LOG';
  const tsql = decisions.actions.map((a) => actionTsql(decisions, a));
  const notes = loaded.flatMap((x) => x.read.notes.map((n) => `${x.file}: ${formatDmvProblem(n)}`));
  if (options.json)
    io.stdout(
      jsonResult(io, 'decide', input, {
        backupType,
        decisions,
        tsql,
        notes,
        findings: merged.findings,
        localReplica: facts.localReplica ?? null,
        productVersion: facts.productVersion ?? null,
        ...(connected === null
          ? {}
          : { connection: connectionJson(connected.read, connected.answer) }),
      }),
    );
  else
    io.stdout(
      await terminalText(
        [
          ...snapshotLines(styleFor(io.color), files, notes, merged.findings),
          ...decisionsLines(styleFor(io.color), decisions, backupType),
          ...(connected === null
            ? []
            : connectionStringLines(styleFor(io.color), connected.read, connected.answer)),
        ],
        io,
      ),
    );
  return EXIT.ok;
};
