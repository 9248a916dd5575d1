import * as t from 'io-ts';
import { BACKUP_JOB_CONVENTIONS, BACKUP_JOB_OUTCOMES } from '../../../core/backup/conventions.js';
import { Config } from '../../../core/model/config.js';
import { BackupType, FailoverForm } from '../../../core/model/enums.js';
import { Reason } from '../../../core/model/source.js';
import { type CommandName, SCHEMA_VERSION } from './json.js';

/**
 * The JSON contract of the command line, as codecs: the envelope every `--json` output shares and
 * the result of each command. The schemas in schemas/ are generated from these. Where a result
 * holds a structure that grows with the model (the decisions, a trace), its fields are named and
 * its insides stay open, so adding a field never breaks a reader.
 */

const Reasons = t.readonlyArray(Reason);
const Open = t.UnknownRecord;
const OpenList = t.readonlyArray(t.UnknownRecord);

export const JsonErrorCodec = t.type(
  { source: t.string, problems: t.readonlyArray(t.string) },
  'Error',
);

/** A T-SQL script's read: every group it creates, and its errors and warnings at their places. */
const ScriptFields = t.partial({
  groups: t.readonlyArray(t.UnknownRecord),
  errors: t.readonlyArray(t.string),
  warnings: t.readonlyArray(t.string),
  /** Options written on groups the script does not create that its SQL Server version lacks. */
  ungrouped: t.type({ violations: Reasons, unknown: Reasons }),
});

/** One group's verdict at the top level (as before), and for a T-SQL script every group. */
const ValidateResult = t.intersection(
  [
    t.partial({ group: t.string, valid: t.boolean, violations: Reasons, unknown: Reasons }),
    ScriptFields,
  ],
  'ValidateResult',
);

const ExplainResult = t.intersection(
  [
    t.partial({
      group: t.string,
      explanation: t.type({
        violations: Reasons,
        unknown: Reasons,
        pairs: t.readonlyArray(
          t.type({
            primary: t.string,
            target: t.string,
            forms: t.readonlyArray(FailoverForm),
            reasons: Reasons,
          }),
        ),
        automaticFailover: Reasons,
        dataLoss: Reasons,
        commits: Reasons,
      }),
    }),
    ScriptFields,
  ],
  'ExplainResult',
);

const oneOf = <K extends string>(name: string, values: readonly K[]) =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [P in K]: null }, name);

/** What one job convention does with one backup type on one replica. */
const BackupJob = t.type(
  {
    convention: oneOf('BackupJobConvention', BACKUP_JOB_CONVENTIONS),
    database: t.string,
    backupType: BackupType,
    replica: t.string,
    outcome: oneOf('BackupJobOutcome', BACKUP_JOB_OUTCOMES),
    reasons: Reasons,
  },
  'BackupJob',
);

/** Per database: the preferred replicas, run or skip for the type asked, and every job's answer. */
const BackupDecisions = t.type(
  { database: t.string, preferred: Open, decisions: OpenList, jobs: t.readonlyArray(BackupJob) },
  'BackupDecisions',
);

const GroupDecideFields = t.type(
  {
    backupType: BackupType,
    decisions: t.type({
      group: t.type({
        name: t.string,
        primary: t.union([t.string, t.null]),
        primaryUnseen: t.boolean,
        quorum: t.union([t.string, t.null]),
      }),
      failover: t.type({
        automaticTarget: t.union([t.string, t.null]),
        automaticUndecided: t.readonlyArray(t.string),
        automaticAmong: t.readonlyArray(t.string),
        targets: OpenList,
      }),
      readiness: OpenList,
      commit: OpenList,
      logTruncation: OpenList,
      backup: t.readonlyArray(BackupDecisions),
      routing: t.intersection([
        t.type({ readWrite: Open, readOnly: Open, readOnlyByDatabase: OpenList }),
        t.partial({ otherListeners: OpenList }),
      ]),
      actions: OpenList,
      health: Open,
    }),
    /** Each recommended action as T-SQL, in the order of decisions.actions. */
    tsql: t.readonlyArray(t.unknown),
  },
  'GroupDecideFields',
);

/** `--connection`: where the connection string's connection goes, and every reason. */
const ConnectionResult = t.intersection([
  t.type({
    server: t.string,
    intent: t.keyof({ READ_WRITE: null, READ_ONLY: null }),
    database: t.union([t.string, t.null]),
    through: t.keyof({ listener: null, replica: null, failoverPartner: null, unknown: null }),
    outcome: t.keyof({
      connected: null,
      routed: null,
      redirected: null,
      refused: null,
      unknown: null,
    }),
    reasons: Reasons,
    /** Keywords of the string that do not decide where it goes (never their values). */
    ignoredKeywords: t.readonlyArray(t.string),
  }),
  t.partial({
    replica: t.string,
    readOnly: t.boolean,
    multiSubnetFailover: t.boolean,
    /** Through the listener: each routing entry examined, available or not, with why. */
    considered: OpenList,
  }),
]);

const GroupDecideResult = t.intersection(
  [GroupDecideFields, t.partial({ connection: ConnectionResult })],
  'GroupDecideResult',
);

/** A distributed group: the readiness of the failover between its groups and the documented sequence. */
const DistributedDecideResult = t.type(
  {
    distributed: t.type({
      group: t.string,
      /** The member groups whose side the snapshots show; null when the input is a configuration. */
      takenOn: t.union([t.readonlyArray(t.string), t.null]),
      readiness: t.type({
        target: t.union([t.string, t.null]),
        globalPrimary: t.union([t.string, t.null]),
        forwarder: t.union([t.string, t.null]),
        status: t.keyof({ allowed: null, refused: null, unknown: null }),
        allowed: t.boolean,
        reasons: Reasons,
        steps: t.readonlyArray(t.type({ step: t.string, met: t.boolean, reasons: Reasons })),
        predictedLoss: OpenList,
        lossUnknown: t.readonlyArray(t.type({ database: t.string, reasons: Reasons })),
        /** The databases the failover would lose whole (the forwarder's copy cannot start). */
        lossWhole: t.readonlyArray(t.type({ database: t.string, reasons: Reasons })),
      }),
      /** Every documented statement, each with the server it runs on and whether it is done. */
      sequence: OpenList,
      /** The statements not yet done, as a sqlcmd script with :Connect. */
      tsql: t.string,
      /** Statements of a script the model refused, one line each. */
      refused: t.readonlyArray(t.string),
    }),
  },
  'DistributedDecideResult',
);

/** `decide --each`: one group's fleet verdict (core/decide/fleet.ts), and what its snapshot ignored. */
const FleetDecideResult = t.type(
  {
    verdict: t.type({
      group: t.string,
      clusterType: t.keyof({ WSFC: null, EXTERNAL: null, NONE: null }),
      primary: t.union([t.string, t.null]),
      primaryUnseen: t.boolean,
      quorum: t.union([t.string, t.null]),
      writable: t.type({
        status: t.keyof({ allowed: null, refused: null, unknown: null }),
        reasons: Reasons,
      }),
      commit: OpenList,
      automaticTarget: t.union([t.string, t.null]),
      automaticUndecided: t.readonlyArray(t.string),
      automaticAmong: t.readonlyArray(t.string),
      targets: OpenList,
      unknowns: OpenList,
      findings: OpenList,
    }),
    notes: t.readonlyArray(t.string),
  },
  'FleetDecideResult',
);

const DecideResult = t.union(
  [GroupDecideResult, DistributedDecideResult, FleetDecideResult],
  'DecideResult',
);

const NotRun = (flag: 'simulated' | 'checked') =>
  t.type({ [flag]: t.literal(false), violations: Reasons } as Record<string, t.Mixed>);

/** A T-SQL script's warnings, each placed (`12:5: warning: …`), as validate gives them. */
const ScriptWarnings = t.partial({ warnings: t.readonlyArray(t.string) });

/** A T-SQL script's statements SQL Server refuses, left out of the group searched (violations). */
const ScriptRefused = t.partial({ refused: Reasons });

const SimulateResult = t.union(
  [
    t.intersection([NotRun('simulated'), ScriptWarnings, ScriptRefused]),
    t.intersection([
      t.type({
        name: t.string,
        description: t.union([t.string, t.null]),
        simulated: t.literal(true),
        config: Config,
        initial: Open,
        trace: OpenList,
      }),
      t.partial({
        decisions: Open,
        // The seeding DMVs after the last step, when the scenario seeded (S20, S21).
        seeding: t.type({ automaticSeeding: OpenList, physicalSeedingStats: OpenList }),
      }),
      // A scenario on a T-SQL script: what validate says of the script (check says the same).
      ScriptWarnings,
      ScriptRefused,
    ]),
  ],
  'SimulateResult',
);

/** "Can commits be blocked", a yes: each database refused where the trace ends, and why. */
const BlockedCommits = t.readonlyArray(t.type({ database: t.string, reasons: Reasons }));

/** Each question's answer, with the trace and the action path (which `check --merge` replays). */
const Answers = t.record(
  t.string,
  t.intersection([
    t.type({
      question: t.string,
      answer: t.boolean,
      verdict: t.keyof({ yes: null, no: null, unknown: null }),
      trace: t.union([OpenList, t.null]),
      path: t.union([t.readonlyArray(t.number), t.null]),
    }),
    // --fault-by-fault: the fewest faults a "yes" takes; the budget an "unknown" is proved no up to;
    // unsettled: why an answer is unknown whatever the search found (a group with no database);
    // blocked: commits blocked, the databases refused where the trace ends, with their reasons.
    t.partial({
      fewestFaults: t.number,
      noUpToFaults: t.number,
      unsettled: t.string,
      blocked: BlockedCommits,
    }),
  ]),
);

/** --fault-by-fault: each budget searched, from 0 faults up. */
const BudgetSearches = t.readonlyArray(
  t.intersection([
    t.type({
      faults: t.number,
      statesExplored: t.number,
      transitions: t.number,
      depth: t.number,
      complete: t.boolean,
    }),
    t.partial({ stopped: t.string }),
  ]),
);

const CheckResult = t.union(
  [
    t.intersection([NotRun('checked'), ScriptWarnings]),
    t.intersection([
      t.type({
        checked: t.literal(true),
        result: t.intersection([
          t.type({
            group: t.string,
            faults: t.number,
            commits: t.number,
            forcedFailover: t.string,
            statesExplored: t.number,
            transitions: t.number,
            depth: t.number,
            complete: t.boolean,
            answers: Answers,
            noWritablePrimaryCauses: Answers,
            violations: OpenList,
            store: t.intersection([
              t.type({
                kind: t.keyof({ exact: null, hashCompaction: null, bitstate: null }),
                states: t.number,
                bytes: t.number,
                bytesPerState: t.number,
              }),
              t.partial({
                omissionProbability: t.number,
                hashFactor: t.number,
                hashes: t.number,
                expectedCoverage: t.number,
              }),
            ]),
            search: t.intersection([
              t.type({
                kind: t.keyof({
                  breadthFirst: null,
                  depthFirst: null,
                  parallel: null,
                  swarm: null,
                }),
                shortest: t.boolean,
                partialOrderReduction: t.boolean,
              }),
              t.partial({
                workers: t.number,
                seed: t.number,
                swarm: Open,
                asleep: t.number,
                mirrored: t.number,
              }),
            ]),
          }),
          // Why the search stopped before its end, when something stopped it (complete is false).
          t.partial({ stopped: t.string, byFaults: BudgetSearches }),
        ]),
        mermaid: t.record(t.string, t.string),
      }),
      ScriptWarnings,
      ScriptRefused,
    ]),
    // --random: property-based random walks, each question's shrunk finding or "not found".
    t.intersection([
      t.type({
        checked: t.literal(true),
        random: t.type({
          group: t.string,
          runs: t.number,
          moves: t.number,
          faults: t.number,
          commits: t.number,
          seed: t.number,
          answers: t.record(
            t.string,
            t.intersection([
              t.type({
                question: t.string,
                verdict: t.keyof({ yes: null, notFound: null, unknown: null }),
                walks: t.number,
                finding: t.union([
                  t.null,
                  t.intersection([
                    t.type({
                      run: t.number,
                      shrinks: t.number,
                      replayPath: t.string,
                      path: t.readonlyArray(t.number),
                      trace: OpenList,
                      replay: t.string,
                      mermaid: t.string,
                    }),
                    t.partial({ invariant: t.string, blocked: BlockedCommits }),
                  ]),
                ]),
              }),
              // unknown: found from a primary the script does not name, and what would name it.
              t.partial({ unsettled: t.string }),
            ]),
          ),
        }),
      }),
      ScriptRefused,
    ]),
    // A distributed availability group (core/explore/distributed/): its own questions.
    t.type({
      checked: t.literal(true),
      distributed: t.literal(true),
      result: t.intersection([
        t.type({
          group: t.string,
          members: t.readonlyArray(t.string),
          faults: t.number,
          commits: t.number,
          procedure: t.keyof({ any: null, documented: null }),
          memberFailovers: t.boolean,
          statesExplored: t.number,
          transitions: t.number,
          depth: t.number,
          complete: t.boolean,
          answers: Answers,
          store: Open,
        }),
        // Why the search stopped before its end, when something stopped it (complete is false).
        t.partial({ stopped: t.string, byFaults: BudgetSearches }),
      ]),
    }),
  ],
  'CheckResult',
);

const ChartResult = t.union(
  [
    t.type({
      format: t.string,
      charts: t.readonlyArray(t.type({ machine: t.string, chart: t.string })),
    }),
    t.type({
      format: t.string,
      files: t.readonlyArray(t.type({ machine: t.string, path: t.string })),
    }),
  ],
  'ChartResult',
);

const ServeResult = t.type({ url: t.string }, 'ServeResult');

export const RESULTS: Readonly<Record<CommandName, t.Mixed>> = {
  validate: ValidateResult,
  explain: ExplainResult,
  decide: DecideResult,
  simulate: SimulateResult,
  check: CheckResult,
  chart: ChartResult,
  serve: ServeResult,
};

/** The whole document of one command's --json output. */
export const envelopeCodec = (command: CommandName): t.Mixed =>
  t.type(
    {
      command: t.literal(command),
      agstateVersion: t.string,
      schemaVersion: t.literal(SCHEMA_VERSION),
      input: t.UnknownRecord,
      result: t.union([RESULTS[command], t.null]),
      error: t.union([JsonErrorCodec, t.null]),
    },
    `agstate ${command} --json`,
  );
