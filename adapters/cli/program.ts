import type { BackupType } from '../../core/model/enums.js';
import type { ChartFormat } from '../chart/render.js';
import { Command, Option } from './commander.js';
import type { ExitCode } from './exit.js';
import { HELP } from './help.js';
import type { Io } from './io.js';
import {
  CHART_FORMATS,
  CHECK_QUESTIONS,
  FORCED_FAILOVER_POLICIES,
  parseBackupType,
  parseCount,
  parseMebibytes,
  parsePort,
  parseSeconds,
  parseVersion,
  pick,
  type SqlRelease,
  STORE_KIND_OF,
  STORE_KINDS,
  type VersionArg,
} from './options.js';

/**
 * The commands, their arguments, options and help. Each action loads its command's module when it
 * runs, so a command pays only for the code it uses (charts load Graphviz, T-SQL loads a parser).
 */

/** The bit array of --store bitstate unless --bitstate-mib says otherwise. */
const DEFAULT_BITSTATE_MIB = 16;

interface Flags {
  readonly json?: true;
  /** --color (true) or --no-color (false); absent: picocolors' own detection. */
  readonly color?: boolean;
  readonly sqlVersion?: SqlRelease;
  /** The former spelling of --sql-version, kept as an alias. */
  readonly version?: SqlRelease;
  /** --server: the instance a T-SQL script runs on before any :Connect. */
  readonly server?: string;
}

/**
 * --sql-version, and --version as its hidden alias: agstate's own version is `agstate --version`,
 * and a command's --version used to mean the SQL Server version.
 */
const sqlVersionOptions = (
  description = 'the SQL Server version, for T-SQL input: 2022, or with its cumulative update, 2022-CU13',
): readonly Option[] => [
  new Option('--sql-version <year>', description).argParser(parseVersion),
  new Option('--version <year>', 'the same as --sql-version').argParser(parseVersion).hideHelp(),
];

const jsonOption = () => new Option('--json', 'print one JSON document for programs');

/** Where a T-SQL script without :Connect runs, as `sqlcmd -S` gives it. */
const serverOption = () =>
  new Option(
    '--server <name>',
    'the instance a T-SQL script runs on before any :Connect (as sqlcmd -S gives it)',
  );

const colorOptions = (): readonly Option[] => [
  new Option('--color', 'colour the text output, even when it is not a terminal'),
  new Option('--no-color', 'never colour the text output'),
];

/** The command's common options: --json, --color / --no-color, and the SQL Server version. */
const withCommon = (command: Command, sqlVersion = true, json = true): Command => {
  for (const o of [
    ...(sqlVersion ? sqlVersionOptions() : []),
    ...(json ? [jsonOption()] : []),
    ...colorOptions(),
  ])
    command.addOption(o);
  return command;
};

/** The SQL Server version however it was spelt. */
const sqlVersionOf = (flags: Flags): { version?: VersionArg } => {
  const version = flags.sqlVersion ?? flags.version;
  return version === undefined ? {} : { version };
};

/** Builds a fresh program; `finish` receives the exit code of the command that ran. */
/**
 * The program. `machineNames` fills the chart command's help; main passes them only when chart
 * is named, since loading the machines (and XState) costs every other command about 100 ms.
 */
export const createProgram = (
  baseIo: Io,
  finish: (code: ExitCode) => void,
  machineNames?: readonly string[],
): Command => {
  // --color and --no-color override picocolors' detection for the command they are given to.
  const ioFor = (flags: Flags): Io =>
    flags.color === undefined ? baseIo : { ...baseIo, color: flags.color };
  const program = new Command('agstate')
    .description('An executable model of SQL Server Always On availability groups.')
    .version(baseIo.version, '-V, --version', "print agstate's version")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: baseIo.stdout,
      // Usage errors, and help shown because no command was given, are reported by main on one
      // line; commander's own output there would be many.
      writeErr: () => {},
      outputError: () => {},
      getOutHelpWidth: () => baseIo.columns,
      getErrHelpWidth: () => baseIo.columns,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', HELP.program);

  withCommon(
    program
      .command('validate')
      .description(
        'check a configuration against the documented rules; print every violation or "valid"',
      )
      .argument('<config>', 'a configuration: JSON, or T-SQL (.sql) with --sql-version')
      .addOption(serverOption()),
  )
    .addHelpText('after', HELP.validate)
    .action(async (file: string, flags: Flags) => {
      const { runValidate } = await import('./commands/validate.js');
      finish(
        await runValidate(ioFor(flags), file, {
          json: flags.json === true,
          ...sqlVersionOf(flags),
          ...pick(flags, 'server'),
        }),
      );
    });

  withCommon(
    program
      .command('explain')
      .description(
        'what a configuration guarantees: failover forms per pair, automatic failover, data loss, commits',
      )
      .argument('<config>', 'a configuration: JSON, or T-SQL (.sql) with --sql-version')
      .addOption(serverOption()),
  )
    .addHelpText('after', HELP.explain)
    .action(async (file: string, flags: Flags) => {
      const { runExplain } = await import('./commands/explain.js');
      finish(
        await runExplain(ioFor(flags), file, {
          json: flags.json === true,
          ...sqlVersionOf(flags),
          ...pick(flags, 'server'),
        }),
      );
    });

  withCommon(
    program
      .command('decide')
      .description(
        'every decision about a group from a DMV snapshot: failover options and predicted loss, readiness, commits, backups, routing',
      )
      .argument(
        '<snapshot...>',
        'DMV snapshot files (JSON or sqlcmd CSV), or - for standard input; several are merged (with --each, each is a group)',
      )
      .option(
        '--each',
        'decide each snapshot as its own group (a fleet): one report, or one JSON document, per file',
      )
      .addOption(
        new Option(
          '--workers <n>',
          'with --each: read and decide the files on n worker threads (default 1)',
        )
          .argParser(parseCount(1))
          .conflicts(['target', 'database']),
      )
      .option('--target <replica>', 'only this replica as a failover target')
      .option('--database <name>', 'only this availability database')
      .addOption(
        new Option(
          '--connection <string>',
          "an application's connection string (Server, Database, ApplicationIntent, MultiSubnetFailover, Failover Partner): where its connection goes",
        ).conflicts(['each']),
      )
      .addOption(
        new Option(
          '--backup-type <type>',
          'the backup the backup decisions are for (any case): FULL, FULL_COPY_ONLY, DIFFERENTIAL, LOG, LOG_COPY_ONLY',
        )
          .argParser(parseBackupType)
          .default('LOG'),
      )
      .option('--group <name>', 'the availability group to read, when the snapshot has several')
      .option(
        '--server <name>',
        'the instance a T-SQL script of a distributed group runs on before any :Connect',
      ),
    false,
  )
    .addOption(
      new Option(
        '--sql-version <year>',
        'the SQL Server version, when the snapshot lacks SERVERPROPERTY; for T-SQL, with its cumulative update if known (2022-CU13)',
      ).argParser(parseVersion),
    )
    .addOption(
      new Option('--version <year>', 'the same as --sql-version')
        .argParser(parseVersion)
        .hideHelp(),
    )
    .addHelpText('after', HELP.decide)
    .action(
      async (
        files: string[],
        flags: Flags & {
          target?: string;
          database?: string;
          backupType?: BackupType;
          group?: string;
          server?: string;
          each?: true;
          workers?: number;
          connection?: string;
        },
        command: Command,
      ) => {
        if (flags.workers !== undefined && flags.each !== true)
          command.error('--workers decides the files of --each on worker threads: add --each', {
            exitCode: 2,
          });
        const run =
          flags.each === true
            ? (await import('./commands/decide-each.js')).runDecideEach
            : (await import('./commands/decide.js')).runDecide;
        finish(
          await run(ioFor(flags), files, {
            json: flags.json === true,
            ...pick(
              flags,
              'target',
              'database',
              'backupType',
              'group',
              'server',
              'workers',
              'connection',
            ),
            ...sqlVersionOf(flags),
          }),
        );
      },
    );

  withCommon(
    program
      .command('simulate')
      .description('run a scenario: the trace of every step, then the decisions at the end')
      .argument(
        '<scenario>',
        'a scenario file (JSON: a configuration and the events that happen to it)',
      )
      .option('--trace-only', 'print the trace without the final decisions'),
  )
    .addHelpText('after', HELP.simulate)
    .action(async (file: string, flags: Flags & { traceOnly?: true }) => {
      const { runSimulate } = await import('./commands/simulate.js');
      finish(
        await runSimulate(ioFor(flags), file, {
          json: flags.json === true,
          traceOnly: flags.traceOnly === true,
          ...sqlVersionOf(flags),
        }),
      );
    });

  withCommon(
    program
      .command('check')
      .description(
        'search every sequence of up to k faults: can acknowledged commits be lost, the group be left without a writable primary, or commits be blocked?',
      )
      .argument('<config>', 'a configuration: JSON, or T-SQL (.sql) with --sql-version')
      .addOption(
        new Option('--faults <k>', 'how many faults may happen')
          .argParser(parseCount(0))
          .default(1),
      )
      .addOption(
        new Option('--commits <n>', 'how many commits the application makes (default 2)').argParser(
          parseCount(0),
        ),
      )
      .addOption(
        new Option('--max-states <n>', 'stop after this many states (default 2000000)').argParser(
          parseCount(1),
        ),
      )
      .addOption(
        new Option(
          '--max-seconds <s>',
          'stop after this many seconds and report what was found (Ctrl-C does the same)',
        ).argParser(parseSeconds),
      )
      .addOption(
        new Option(
          '--fail-on <questions...>',
          'exit 1 only when one of these questions is answered yes (default: any of them)',
        ).choices(CHECK_QUESTIONS),
      )
      .addOption(
        new Option(
          '--fault-by-fault',
          'search at 0 faults, then 1, … up to --faults, each to its end: a search stopped by a limit still proves the budgets it finished',
        ),
      )
      .addOption(
        new Option(
          '--forced-failover <when>',
          'when an operator may force a failover (default withoutPrimary)',
        ).choices(FORCED_FAILOVER_POLICIES),
      )
      .addOption(
        new Option('--store <kind>', 'where visited states are kept (default exact)').choices(
          STORE_KINDS,
        ),
      )
      .addOption(
        new Option(
          '--no-partial-order-reduction',
          'expand every move (by default, sleep sets leave out moves another order of independent moves covers)',
        ),
      )
      .addOption(
        new Option(
          '--no-twins',
          'take every move on every replica (by default, a move on a replica in the same state as another of the same configuration is taken on one of them)',
        ),
      )
      .addOption(
        new Option(
          '--bitstate-mib <n>',
          'the bit array of --store bitstate and --swarm-seed, in MiB (default 16)',
        ).argParser(parseMebibytes),
      )
      .addOption(
        new Option(
          '--hashes <k>',
          'bits set per state with --store bitstate and --swarm-seed (default 3)',
        ).argParser(parseCount(1)),
      )
      .addOption(
        new Option(
          '--swarm-seed <s>',
          'one randomized depth-first run over a bitstate store, for --merge',
        )
          .argParser(parseCount(0))
          .conflicts(['store', 'faultByFault']),
      )
      .addOption(
        new Option(
          '--depth-first',
          'search depth-first: less memory and faster, but each "yes" is shown by a way, not the shortest',
        ).conflicts(['swarmSeed']),
      )
      .addOption(
        new Option(
          '--workers <n>',
          'search with n worker threads sharing one hash-compaction table (default 1)',
        )
          .argParser(parseCount(1))
          .conflicts(['store', 'swarmSeed', 'depthFirst']),
      )
      .addOption(
        new Option(
          '--merge <files...>',
          "merge swarm runs' --json results instead of searching",
        ).conflicts([
          'swarmSeed',
          'depthFirst',
          'store',
          'bitstateMib',
          'hashes',
          'maxStates',
          'maxSeconds',
          'workers',
          'faultByFault',
        ]),
      )
      .addOption(
        new Option(
          '--random <runs>',
          'property-based testing instead of the search: this many random walks per question, the first one that answers yes shrunk to its fewest moves',
        )
          .argParser(parseCount(1))
          .conflicts([
            'swarmSeed',
            'depthFirst',
            'store',
            'maxStates',
            'maxSeconds',
            'workers',
            'merge',
            'faultByFault',
          ]),
      )
      .addOption(
        new Option(
          '--moves <n>',
          'with --random: the most moves a walk takes (default 60)',
        ).argParser(parseCount(1)),
      )
      .addOption(
        new Option(
          '--seed <s>',
          'with --random: the seed of the walks (by default one is drawn, and printed)',
        ).argParser(parseCount(0)),
      )
      .addOption(
        new Option(
          '--path <p>',
          'with --random, --seed and one --fail-on question: replay the finding at this fast-check path',
        ),
      )
      .addOption(
        new Option(
          '--procedure <order>',
          'a distributed group: run the failover statements in any order, or only in the documented one (default any)',
        ).choices(['any', 'documented'] as const),
      )
      .addOption(
        new Option(
          '--no-member-failovers',
          'a distributed group: no operator failover inside a member group (automatic failover still happens)',
        ),
      )
      .addOption(serverOption()),
  )
    .addHelpText('after', HELP.check)
    .action(
      async (
        file: string,
        flags: Flags & {
          faults: number;
          commits?: number;
          maxStates?: number;
          maxSeconds?: number;
          forcedFailover?: (typeof FORCED_FAILOVER_POLICIES)[number];
          store?: (typeof STORE_KINDS)[number];
          bitstateMib?: number;
          hashes?: number;
          swarmSeed?: number;
          depthFirst?: boolean;
          merge?: string[];
          workers?: number;
          procedure?: 'any' | 'documented';
          memberFailovers?: boolean;
          partialOrderReduction?: boolean;
          twins?: boolean;
          faultByFault?: boolean;
          failOn?: string[];
          random?: number;
          moves?: number;
          seed?: number;
          path?: string;
        },
        command: Command,
      ) => {
        const randomOnly = (['moves', 'seed', 'path'] as const).find(
          (k) => flags[k] !== undefined && flags.random === undefined,
        );
        if (randomOnly !== undefined)
          command.error(`--${randomOnly} needs --random`, { exitCode: 2 });
        if (flags.path !== undefined && (flags.seed === undefined || flags.failOn?.length !== 1))
          command.error(
            '--path replays one finding: give it with its --seed and the one --fail-on question it answers',
            {
              exitCode: 2,
            },
          );
        const kind =
          flags.swarmSeed === undefined ? STORE_KIND_OF[flags.store ?? 'exact'] : 'bitstate';
        if (kind !== 'bitstate' && (flags.bitstateMib !== undefined || flags.hashes !== undefined))
          command.error('--bitstate-mib and --hashes need --store bitstate or --swarm-seed', {
            exitCode: 2,
          });
        const { runCheck } = await import('./commands/check.js');
        finish(
          await runCheck(ioFor(flags), file, {
            json: flags.json === true,
            faults: flags.faults,
            ...pick(
              flags,
              'commits',
              'maxStates',
              'maxSeconds',
              'forcedFailover',
              'server',
              'swarmSeed',
              'merge',
              'workers',
              'procedure',
              'random',
              'moves',
              'seed',
              'path',
            ),
            ...(flags.memberFailovers === false ? { memberFailovers: false } : {}),
            ...(flags.partialOrderReduction === false ? { partialOrderReduction: false } : {}),
            ...(flags.twins === false ? { twins: false } : {}),
            ...(flags.faultByFault === true ? { faultByFault: true } : {}),
            ...(flags.depthFirst === true ? { depthFirst: true } : {}),
            ...(flags.failOn === undefined ? {} : { failOn: flags.failOn }),
            ...sqlVersionOf(flags),
            store:
              kind === 'bitstate'
                ? {
                    kind,
                    mebibytes: flags.bitstateMib ?? DEFAULT_BITSTATE_MIB,
                    ...(flags.hashes === undefined ? {} : { hashes: flags.hashes }),
                  }
                : { kind },
          }),
        );
      },
    );

  withCommon(
    program
      .command('chart')
      .description("draw a machine's statechart (every machine when none is named)")
      .argument(
        '[machine]',
        `${machineNames === undefined ? 'a machine' : `one of ${machineNames.join(', ')}`}; none: every machine`,
      )
      .addOption(
        new Option('--format <format>', 'the chart format')
          .choices(CHART_FORMATS)
          .default('mermaid'),
      )
      .option('--out <dir>', 'write one file per machine into this folder (made if missing)'),
    false,
  )
    .addHelpText('after', HELP.chart)
    .action(
      async (machine: string | undefined, flags: Flags & { format: ChartFormat; out?: string }) => {
        const { runChart } = await import('./commands/chart.js');
        finish(
          await runChart(ioFor(flags), machine, {
            json: flags.json === true,
            format: flags.format,
            ...pick(flags, 'out'),
          }),
        );
      },
    );

  withCommon(
    program
      .command('serve')
      .description('start the visualizer: the statecharts beside a live, clickable cluster')
      .addOption(new Option('--port <n>', 'the port (default: any free port)').argParser(parsePort))
      .option('--host <address>', 'a loopback address or localhost', '127.0.0.1')
      .option('--example <name>', 'the bundled example shown first'),
    false,
  )
    .addHelpText('after', HELP.serve)
    .action(async (flags: Flags & { port?: number; host?: string; example?: string }) => {
      const { runServe } = await import('./commands/serve.js');
      finish(
        await runServe(ioFor(flags), pick(flags, 'port', 'host', 'example'), flags.json === true),
      );
    });

  return program;
};
