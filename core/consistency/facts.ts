import type { ClusterFacts, DatabaseReplicaFacts, ReplicaFacts } from '../model/facts.js';
import { sysnameProblem } from '../model/names.js';
import { source } from '../model/source.js';
import {
  hasPrimaryRow,
  isPrimaryName,
  memoByFacts,
  replicaConfig,
  replicaFacts,
  replicaRows,
  sameName,
} from '../rules/facts-access.js';
import type { Finding, Severity } from './finding.js';

/**
 * Consistency checks on facts (a DMV snapshot or a simulated cluster's facts), each tied to the
 * documentation that makes the combination impossible or suspicious. docs/checks.md lists them.
 */

const DRS = 'sys.dm_hadr_database_replica_states';
const ARS = 'sys.dm_hadr_availability_replica_states';

export const CHECK_RULES = {
  oneRowPerReplica: source('S7', 'one row per availability replica'),
  oneRowPerDatabase: source('S6', 'one row per database per replica'),
  onePrimary: source('S7', 'role_desc: at most one replica is PRIMARY'),
  primaryRole: source('S7', 'role_desc'),
  synchronizedOnlySync: source(
    'S1',
    'SYNCHRONIZED: synchronous-commit secondaries only (R-SYNC-2)',
  ),
  redoneAfterHardened: source('S6', 'last_redone_lsn, last_hardened_lsn'),
  sysname: source('S4', 'group_name, database_name: sysname identifiers'),
  aheadOfPrimary: source('S6', 'end_of_log_lsn, last_hardened_lsn: values are local views'),
} as const;

/** The place of a row: its origin when the facts say it, else a JSON pointer into the facts. */
const rowPlace = (
  row: { readonly origin?: string },
  list: 'replicas' | 'databaseReplicas',
  index: number,
  field?: string,
): string => row.origin ?? `/${list}/${index}${field === undefined ? '' : `/${field}`}`;

const finding = (
  severity: Severity,
  code: string,
  message: string,
  place: string,
  at: { view?: string; column?: string; replica?: string; database?: string },
  rule: Finding['rule'],
): Finding => ({
  code,
  severity,
  message,
  place,
  view: at.view ?? null,
  column: at.column ?? null,
  replica: at.replica ?? null,
  database: at.database ?? null,
  rule,
});

/**
 * An LSN's log block: the decimal LSN is VLF sequence, block offset (10 digits) and slot (5
 * digits). last_hardened_lsn names the start of a block while last_redone_lsn names a record, so
 * redone may exceed hardened inside one block; a later block is what cannot be (S6).
 */
const logBlock = (lsn: bigint): bigint => lsn / 100_000n;

/** The findings of a check made on every row; most rows have none, and cost no allocation. */
const rowFindings = <R>(
  rows: readonly R[],
  check: (row: R, index: number) => Finding | null,
): Finding[] => {
  const out: Finding[] = [];
  for (let i = 0; i < rows.length; i++) {
    const found = check(rows[i]!, i);
    if (found !== null) out.push(found);
  }
  return out;
};

const duplicateReplicaRows = (facts: ClusterFacts): Finding[] => {
  const seen = new Set<string>();
  return facts.replicas.flatMap((r, i) => {
    const key = r.name.toLowerCase();
    const again = seen.has(key);
    seen.add(key);
    return again
      ? [
          finding(
            'impossible',
            'DUPLICATE_REPLICA_ROW',
            `a second row for replica ${r.name}: a replica has one row`,
            rowPlace(r, 'replicas', i, 'name'),
            { view: ARS, column: 'replica_id', replica: r.name },
            CHECK_RULES.oneRowPerReplica,
          ),
        ]
      : [];
  });
};

const duplicateDatabaseRows = (facts: ClusterFacts): Finding[] => {
  // Per replica (its name folded once), the databases seen so far.
  const seen = new Map<string, Set<string>>();
  return rowFindings(facts.databaseReplicas, (d, i) => {
    let own = seen.get(d.replica);
    if (own === undefined) {
      const folded = d.replica.toLowerCase();
      own = seen.get(folded) ?? new Set();
      seen.set(folded, own);
      seen.set(d.replica, own);
    }
    if (!own.has(d.database)) {
      own.add(d.database);
      return null;
    }
    return finding(
      'impossible',
      'DUPLICATE_DATABASE_ROW',
      `a second row for database ${d.database} on ${d.replica}: a database has one row per replica`,
      rowPlace(d, 'databaseReplicas', i, 'database'),
      { view: DRS, column: 'group_database_id', replica: d.replica, database: d.database },
      CHECK_RULES.oneRowPerDatabase,
    );
  });
};

const primaryRows = (facts: ClusterFacts): Finding[] => {
  // Merged snapshots' own claims of the role are a split (MERGE_TWO_PRIMARIES), not two rows.
  const claims = facts.splitPrimaries ?? [];
  const primaries = facts.replicas
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.role === 'PRIMARY' && !claims.some((c) => sameName(c, r.name)));
  // CLUSTER_TYPE NONE has no cluster manager to demote an old primary: two can hold the role (S45).
  const out: Finding[] = (facts.config.clusterType === 'NONE' ? [] : primaries.slice(1)).map(
    ({ r, i }) =>
      finding(
        'impossible',
        'TWO_PRIMARY_ROWS',
        `${r.name} and ${primaries[0]!.r.name} both claim the PRIMARY role: a group has one primary`,
        rowPlace(r, 'replicas', i, 'role'),
        { view: ARS, column: 'role_desc', replica: r.name },
        CHECK_RULES.onePrimary,
      ),
  );
  const named = facts.primary;
  if (named !== null) {
    const i = facts.replicas.findIndex((r) => sameName(r.name, named));
    const row: ReplicaFacts | undefined = facts.replicas[i];
    if (row !== undefined && row.role !== null && row.role !== 'PRIMARY')
      out.push(
        finding(
          'impossible',
          'PRIMARY_FLAG_ON_NON_PRIMARY',
          `${row.name} is named the primary, but its row says ${row.role}`,
          rowPlace(row, 'replicas', i, 'role'),
          { view: ARS, column: 'role_desc', replica: row.name },
          CHECK_RULES.primaryRole,
        ),
      );
  }
  return out;
};

const isPrimaryRow = (facts: ClusterFacts, d: DatabaseReplicaFacts): boolean =>
  primaryRowTests(facts)(d.replica);

/**
 * Whether rows of a replica (by its spelling in the rows) are the primary's, remembered per
 * spelling: three checks ask it of every row, and rows repeat a handful of replica names.
 */
const primaryRowTests = memoByFacts((facts: ClusterFacts) => {
  const seen = new Map<string, boolean>();
  return (replica: string): boolean => {
    let primary = seen.get(replica);
    if (primary === undefined) {
      primary = isPrimaryName(facts, replica) || hasPrimaryRow(facts, replica);
      seen.set(replica, primary);
    }
    return primary;
  };
});

/**
 * A replica whose role the snapshot does not say may be a primary, whose copies report
 * SYNCHRONIZED: under CLUSTER_TYPE = NONE an old primary forced away from keeps the primary role
 * beside the group's primary (S45); and wherever the snapshot does not name the primary, any
 * replica of unknown role may be it.
 */
const mayHoldPrimaryRole = (facts: ClusterFacts, replica: string): boolean =>
  (facts.config.clusterType === 'NONE' || facts.primary === null) &&
  (replicaFacts(facts, replica)?.role ?? null) === null;

/** An asynchronous-commit secondary, or any secondary of an asynchronous-commit primary, never reaches SYNCHRONIZED (S1, R-SYNC-2). */
const synchronizedOnAsync = (facts: ClusterFacts): Finding[] => {
  const primaryMode =
    facts.primary === null ? undefined : replicaConfig(facts, facts.primary)?.availabilityMode;
  return rowFindings(facts.databaseReplicas, (d, i) => {
    if (
      d.synchronizationState !== 'SYNCHRONIZED' ||
      isPrimaryRow(facts, d) ||
      mayHoldPrimaryRole(facts, d.replica)
    )
      return null;
    const mode = replicaConfig(facts, d.replica)?.availabilityMode;
    const why =
      mode === 'ASYNCHRONOUS_COMMIT'
        ? `${d.replica} is an asynchronous-commit replica`
        : primaryMode === 'ASYNCHRONOUS_COMMIT'
          ? `the primary ${facts.primary} commits asynchronously`
          : null;
    return why === null
      ? null
      : finding(
          'impossible',
          'SYNCHRONIZED_ON_ASYNCHRONOUS_COMMIT',
          `${d.database} on ${d.replica} is SYNCHRONIZED, but ${why}: only a synchronous-commit secondary of a synchronous-commit primary reaches SYNCHRONIZED`,
          rowPlace(d, 'databaseReplicas', i, 'synchronizationState'),
          {
            view: DRS,
            column: 'synchronization_state_desc',
            replica: d.replica,
            database: d.database,
          },
          CHECK_RULES.synchronizedOnlySync,
        );
  });
};

const redoneAheadOfHardened = (facts: ClusterFacts): Finding[] =>
  rowFindings(facts.databaseReplicas, (d, i) =>
    d.lastRedoneLsn !== null &&
    d.lastHardenedLsn !== null &&
    // Blocks follow LSNs in order, so only a redone LSN past the hardened one can be in a later
    // block: the division (two new bigints) is left to those.
    d.lastRedoneLsn > d.lastHardenedLsn &&
    !isPrimaryRow(facts, d) &&
    logBlock(d.lastRedoneLsn) > logBlock(d.lastHardenedLsn)
      ? finding(
          'impossible',
          'REDONE_AHEAD_OF_HARDENED',
          `${d.database} on ${d.replica} has redone LSN ${d.lastRedoneLsn}, in a later log block than its last hardened LSN ${d.lastHardenedLsn}: a secondary redoes only log it has hardened`,
          rowPlace(d, 'databaseReplicas', i, 'lastRedoneLsn'),
          { view: DRS, column: 'last_redone_lsn', replica: d.replica, database: d.database },
          CHECK_RULES.redoneAfterHardened,
        )
      : null,
  );

/**
 * A secondary receiving the primary's log (SYNCHRONIZING or SYNCHRONIZED, not suspended) holds a
 * prefix of it, so its hardened LSN past the primary's end of log is a contradiction; views read at
 * slightly different instants can show one, so it is suspicious, not impossible. A copy that is
 * not receiving the log may be on an older recovery fork, where running ahead is real.
 */
const secondaryAheadOfPrimary = (facts: ClusterFacts): Finding[] => {
  const primary = facts.primary;
  if (primary === null) return [];
  const primaryRows = replicaRows(facts, primary);
  return rowFindings(facts.databaseReplicas, (d, i) => {
    if (
      isPrimaryRow(facts, d) ||
      mayHoldPrimaryRole(facts, d.replica) ||
      d.lastHardenedLsn === null ||
      d.isSuspended !== false
    )
      return null;
    if (d.synchronizationState !== 'SYNCHRONIZING' && d.synchronizationState !== 'SYNCHRONIZED')
      return null;
    const end = primaryRows.get(d.database)?.endOfLogLsn;
    if (end === undefined || end === null || d.lastHardenedLsn <= end) return null;
    return finding(
      'suspicious',
      'SECONDARY_AHEAD_OF_PRIMARY',
      `${d.database} on ${d.replica} has hardened LSN ${d.lastHardenedLsn}, past the primary's end of log ${end}, while it receives the primary's log`,
      rowPlace(d, 'databaseReplicas', i, 'lastHardenedLsn'),
      { view: DRS, column: 'last_hardened_lsn', replica: d.replica, database: d.database },
      CHECK_RULES.aheadOfPrimary,
    );
  });
};

/** Names a server reports are sysnames (nvarchar(128)): never blank, no control character. */
const namesNotSysname = (facts: ClusterFacts): Finding[] =>
  [
    { name: facts.config.name, place: '/config/name', replica: undefined, database: undefined },
    ...facts.config.replicas.map((r, i) => ({
      name: r.name,
      place: `/config/replicas/${i}/name`,
      replica: r.name,
      database: undefined,
    })),
    ...facts.config.databases.map((d, i) => ({
      name: d,
      place: `/config/databases/${i}`,
      replica: undefined,
      database: d,
    })),
  ].flatMap(({ name, place, replica, database }) => {
    const problem = sysnameProblem(name);
    return problem === null
      ? []
      : [
          finding(
            'impossible',
            'NAME_NOT_SYSNAME',
            `the name ${JSON.stringify(name)} is not a sysname: ${problem}`,
            place,
            {
              ...(replica === undefined ? {} : { replica }),
              ...(database === undefined ? {} : { database }),
            },
            CHECK_RULES.sysname,
          ),
        ];
  });

/**
 * Every finding about a facts value, impossible ones first; worked out once per facts value (the
 * snapshot reader refuses impossible ones, and decide flags the decisions that read the others).
 */
export const checkFacts = memoByFacts((facts: ClusterFacts): readonly Finding[] => [
  ...namesNotSysname(facts),
  ...duplicateReplicaRows(facts),
  ...duplicateDatabaseRows(facts),
  ...primaryRows(facts),
  ...synchronizedOnAsync(facts),
  ...redoneAheadOfHardened(facts),
  ...secondaryAheadOfPrimary(facts),
]);
