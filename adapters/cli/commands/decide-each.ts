import * as E from 'fp-ts/lib/Either.js';
import { type FleetVerdict, fleetVerdict } from '../../../core/decide/fleet.js';
import { plainGroupNames } from '../../dmv/distributed.js';
import { type DmvProblem, formatDmvProblem } from '../../dmv/problem.js';
import { EXIT, type ExitCode } from '../exit.js';
import { readBytes, readText } from '../input/read.js';
import { loadSnapshot, parseSnapshotText, type SnapshotRequest } from '../input/snapshot.js';
import type { Io } from '../io.js';
import type { FleetInput } from '../parallel/fleet.js';
import { snapshotLines } from '../render/decisions.js';
import { fleetLines } from '../render/fleet.js';
import { inputOf, jsonResult } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import { type DecideCommandOptions, runDecide } from './decide.js';

/**
 * `agstate decide --each <snapshot>...`: a fleet, each snapshot its own group, in turn: one report
 * (or one JSON document) per file, in order, each the group's fleet verdict (core/decide/fleet.ts)
 * rather than every decision (no backups: --backup-type does not change it). With --target or
 * --database, which ask for the detail, each file gets the report `agstate decide <file>` gives. A
 * snapshot that cannot be read reports its problems and the others are still decided; the exit
 * code is the worst of them. A snapshot of an instance hosting several groups (without --group)
 * gives each group's verdict in turn. With --workers N, worker threads read and decide the files while this
 * thread reads the next ones and prints the answers, in the same order and words.
 */
export const runDecideEach = async (
  io: Io,
  files: readonly string[],
  options: DecideCommandOptions,
): Promise<ExitCode> => {
  const detailed = options.target !== undefined || options.database !== undefined;
  const workers = options.workers ?? 1;
  if (!detailed && workers > 1 && files.length > 1)
    return decideInWorkers(io, files, options, workers);
  let worst: ExitCode = EXIT.ok;
  for (const [i, file] of files.entries()) {
    heading(io, options, i, file);
    const code = detailed
      ? await runDecide(io, [file], options)
      : await runFleetVerdict(io, file, options);
    if (code > worst) worst = code;
  }
  return worst;
};

/** What reading a snapshot needs of the options. */
const requestOf = (options: DecideCommandOptions): SnapshotRequest => ({
  version: options.version,
  group: options.group,
});

/** In text each report is headed by its file; JSON documents follow one another. */
const heading = (io: Io, options: DecideCommandOptions, i: number, file: string): void => {
  if (!options.json)
    io.stdout(`${i > 0 ? '\n' : ''}${styleFor(io.color).bold(`== ${file} ==`)}\n\n`);
};

/** One file of a fleet: its group's fleet verdict, or what `agstate decide <file>` says of it. */
const runFleetVerdict = async (
  io: Io,
  file: string,
  options: DecideCommandOptions,
): Promise<ExitCode> => {
  // The file is read once, so standard input can still go to decide when it is no group snapshot.
  let bytes: Promise<Uint8Array> | undefined;
  const reading: Io = { ...io, readFile: (path, limits) => (bytes ??= io.readFile(path, limits)) };
  const read = await loadSnapshot(reading, file, requestOf(options));
  if (E.isLeft(read)) {
    // An instance hosting several groups: each is a group of the fleet, in the snapshot's order.
    const groups = options.group === undefined ? await groupsOf(reading, file) : [];
    if (groups.length > 1) return eachGroup(reading, file, options, groups);
    // A distributed group's snapshot, or bad input: decide alone answers or words the problem.
    return runDecide(reading, [file], options);
  }
  return printVerdict(io, file, options, fleetVerdict(read.right.facts), read.right.notes);
};

/** The plain (not distributed) groups a readable snapshot lists; none when it cannot be parsed. */
const groupsOf = async (io: Io, file: string): Promise<readonly string[]> => {
  const text = await readText(io, file);
  if (E.isLeft(text)) return [];
  const snapshot = await parseSnapshotText(text.right);
  return E.isLeft(snapshot) ? [] : plainGroupNames(snapshot.right);
};

const eachGroup = async (
  io: Io,
  file: string,
  options: DecideCommandOptions,
  groups: readonly string[],
): Promise<ExitCode> => {
  let worst: ExitCode = EXIT.ok;
  for (const [i, group] of groups.entries()) {
    if (i > 0 && !options.json) io.stdout('\n');
    const code = await runFleetVerdict(io, file, { ...options, group });
    if (code > worst) worst = code;
  }
  return worst;
};

const printVerdict = async (
  io: Io,
  file: string,
  options: DecideCommandOptions,
  verdict: FleetVerdict,
  problems: readonly DmvProblem[],
): Promise<ExitCode> => {
  const notes = problems.map((n) => `${file}: ${formatDmvProblem(n)}`);
  if (options.json)
    io.stdout(
      jsonResult(io, 'decide', inputOf(file, { ...options, backupType: undefined, each: true }), {
        verdict,
        notes,
      }),
    );
  else {
    const style = styleFor(io.color);
    io.stdout(
      await terminalText(
        [...snapshotLines(style, [file], notes, []), ...fleetLines(style, verdict)],
        io,
      ),
    );
  }
  return EXIT.ok;
};

/**
 * The files on `workers` threads. Standard input, and a file this thread cannot read, are not
 * handed over: `decide` reads them here and words the problem, as in one thread. So does a file
 * a worker finds is not one group's readable snapshot, read again here.
 */
const decideInWorkers = async (
  io: Io,
  files: readonly string[],
  options: DecideCommandOptions,
  workers: number,
): Promise<ExitCode> => {
  const { startFleetPool } = await import('../parallel/fleet.js');
  const pool = await startFleetPool(Math.min(workers, files.length), requestOf(options));
  async function* inputs(): AsyncGenerator<FleetInput> {
    for (const file of files) {
      const read = file === '-' ? null : await readBytes(io, file);
      // A copy is handed over: the reader may keep its bytes (a memory copy costs a hundredth of
      // deciding them).
      yield {
        source: file,
        bytes: read === null || E.isLeft(read) ? null : new Uint8Array(read.right),
      };
    }
  }
  let worst: ExitCode = EXIT.ok;
  try {
    let i = 0;
    for await (const { source, outcome } of pool.decide(inputs())) {
      heading(io, options, i++, source);
      const code =
        outcome.kind === 'verdict'
          ? await printVerdict(io, source, options, outcome.verdict, outcome.notes)
          : await runFleetVerdict(io, source, options);
      if (code > worst) worst = code;
    }
  } finally {
    await pool.close();
  }
  return worst;
};
