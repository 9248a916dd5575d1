import { type ExitCommand, exitCodesHelp } from './exit.js';

/** The examples and notes printed after each command's --help. */

const block = (
  command: ExitCommand | undefined,
  examples: readonly string[],
  notes: readonly string[] = [],
): string =>
  [
    '',
    'Examples:',
    ...examples.map((e) => `  $ ${e}`),
    ...(notes.length === 0 ? [] : ['', ...notes]),
    '',
    exitCodesHelp(command),
  ].join('\n');

export const HELP = {
  program: block(
    undefined,
    [
      'agstate validate examples/resync-three-replicas.json',
      'agstate explain examples/tsql/three-replica-wsfc.sql --sql-version 2019',
      'agstate decide examples/snapshots/primary.csv --target SQLNODE2',
      'agstate simulate examples/scenarios/resync-walkthrough.json',
      'agstate check examples/resync-three-replicas.json --faults 2',
      'agstate chart replica --format dot',
      'agstate serve --port 8080',
    ],
    [
      'Every command takes --json for one JSON document on stdout (LSNs as decimal strings),',
      'and --color / --no-color (FORCE_COLOR, NO_COLOR and TERM=dumb are honoured).',
      'docs/cli.md describes every command.',
    ],
  ),
  validate: block(
    'validate',
    [
      'agstate validate examples/resync-three-replicas.json',
      'agstate validate examples/tsql/three-replica-wsfc.sql --sql-version 2022',
      'agstate validate deploy.sql --sql-version 2022 --server SQLNODE1',
      'agstate validate my-group.json --json',
    ],
    [
      'A .sql file is read as T-SQL and needs --sql-version; anything else as JSON. Any script is read:',
      'each CREATE AVAILABILITY GROUP is validated, every statement that cannot be read is listed.',
      '--server names the instance a script without :Connect runs on.',
    ],
  ),
  explain: block('explain', [
    'agstate explain examples/resync-three-replicas.json',
    'agstate explain examples/tsql/three-replica-wsfc.sql --sql-version 2019 --json',
  ]),
  decide: block(
    'decide',
    [
      'agstate decide examples/snapshots/primary.json',
      'agstate decide examples/snapshots/primary.csv --target SQLDR1 --backup-type FULL',
      'agstate decide examples/snapshots/primary.json examples/snapshots/secondary.csv',
      'agstate decide examples/snapshots/dag-global-primary.json examples/snapshots/dag-forwarder.json',
      'agstate decide examples/snapshots/primary.json --connection "Server=tcp:agsales-lsn,1433;Database=SalesDB;ApplicationIntent=ReadOnly"',
      'agstate decide --each snapshots/*.json',
      'agstate decide --each snapshots/*.json --workers 4 --json',
      'sqlcmd -S SQLNODE1 -E -d master -s"," -W -i examples/snapshots/snapshot-csv.sql | agstate decide -',
    ],
    [
      'The input is a DMV snapshot of a real group (JSON or sqlcmd CSV, told apart by its first',
      'character; docs/dmv-snapshot.md has the query). To ask about a simulated state, write a',
      'scenario and run `agstate simulate`: it ends with the same decisions. Snapshots taken on',
      'several replicas are merged; where they disagree, the findings say so. With --each, each',
      'snapshot is a group of its own (a fleet), reported one after the other. A snapshot of a',
      'distributed group (is_distributed = 1), a distributed scenario or a T-SQL script creating one',
      'gives the readiness of the failover between its groups and the documented sequence as T-SQL.',
    ],
  ),
  simulate: block(
    'simulate',
    [
      'agstate simulate examples/scenarios/resync-walkthrough.json',
      'agstate simulate examples/scenarios/resync-walkthrough.json --trace-only',
      'agstate simulate my-scenario.json --sql-version 2022 --json',
    ],
    [
      '--sql-version is needed when the scenario names its configuration as a T-SQL file ({ "tsql": "…" }).',
    ],
  ),
  check: block(
    'check',
    [
      'agstate check examples/resync-three-replicas.json',
      'agstate check examples/resync-three-replicas.json --faults 2 --commits 1',
      'agstate check examples/tsql/three-replica-wsfc.sql --sql-version 2019 --json',
      'agstate check big.json --faults 3 --workers 2 --max-seconds 600',
      'agstate check big.json --faults 3 --fault-by-fault --max-seconds 600',
      'agstate check my-group.json --faults 2 --fail-on acknowledgedLoss',
      'agstate check big.json --faults 3 --store bitstate --bitstate-mib 512',
      'agstate check big.json --faults 3 --swarm-seed 7 --json > run7.json',
      'agstate check big.json --merge run*.json',
      'agstate check my-group.json --faults 3 --random 2000',
      'agstate check examples/scenarios/dag-migration.json --faults 1 --procedure documented',
    ],
    [
      'Exit 1 when any answer is yes: the output shows the shortest sequence of events that leads there',
      '(with --workers or a swarm run: a sequence, not necessarily the shortest).',
      'The search is exhaustive within its budget; a line on stderr shows its progress on long runs.',
      'At --max-seconds or Ctrl-C it stops and prints what it found (a second Ctrl-C ends it at once).',
      'With --fault-by-fault it searches 0 faults, then 1, …: a stopped run still proves the budgets it finished.',
    ],
  ),
  chart: block(
    'chart',
    [
      'agstate chart',
      'agstate chart databaseReplica --format dot | dot -Tpng > databaseReplica.png',
      'agstate chart replica --format svg > replica.svg',
      'agstate chart --format scxml > agstate.scxml',
      'agstate chart --format svg --out charts/',
    ],
    [
      'With no machine, DOT, SVG and SCXML are one document holding every machine; --out DIR',
      'writes one file per machine instead.',
    ],
  ),
  serve: block(
    'serve',
    ['agstate serve', 'agstate serve --port 8080 --host localhost', 'agstate serve --json'],
    ['The visualizer listens on a loopback address only; Ctrl-C stops it.'],
  ),
} as const;
