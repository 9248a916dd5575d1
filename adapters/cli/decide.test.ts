import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { json, linesOf, readExample, result, run } from './test-support.js';

const PRIMARY_JSON = 'examples/snapshots/primary.json';
const PRIMARY_CSV = 'examples/snapshots/primary.csv';

interface Decided {
  readonly decisions: {
    readonly failover: {
      readonly targets: readonly {
        readonly replica: string;
        readonly forcedLoss: readonly {
          lsnRange: { afterLsn: unknown; throughLsn: unknown } | null;
        }[];
      }[];
    };
    readonly backup: readonly { database: string; preferred: { replicas: string[] } }[];
    readonly commit: readonly { database: string }[];
  };
}

const decided = (stdout: string): Decided => (JSON.parse(stdout) as { result: Decided }).result;

describe('agstate decide', () => {
  it('says so in each database section when the snapshot shows no database of the group', async () => {
    // WSFCNode2's own snapshot after the AWS Launch Wizard guide's zone failure (S99; the fixture of
    // adapters/dmv/health-node-without-quorum.test.ts): no quorum there, no database row.
    const r = await run([
      'decide',
      'adapters/dmv/fixtures/docs-aws-launch-wizard-az1-lost-node2.json',
      '--sql-version',
      '2019',
    ]);
    const none = '  none: the snapshot shows no database of SQLAG1';
    for (const [from, to] of [
      ['Readiness (is_failover_ready)', 'Commits'],
      ['Commits', 'Backups (LOG)'],
      ['Backups (LOG)', 'Backup jobs, by convention'],
      ['Backup jobs, by convention', 'Connections through the listener'],
    ] as const)
      expect(linesOf(r.stdout.slice(r.stdout.indexOf(from), r.stdout.indexOf(to)))).toContain(none);
    // A snapshot with databases keeps its sections as they were.
    expect((await run(['decide', PRIMARY_JSON])).stdout).not.toContain('none: the snapshot shows');
  });

  it('prints every decision with its reasons and sources as text', async () => {
    const r = await run(['decide', PRIMARY_JSON]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const heading of [
      'Failover',
      'Readiness (is_failover_ready)',
      'Commits',
      'Backups (LOG)',
      'Connections through the listener',
      'Health',
    ])
      expect(linesOf(r.stdout)).toContain(heading);
    expect(r.stdout).toContain('Availability group AGSales: primary SQLNODE1, quorum HEALTHY');
    expect(r.stdout).toContain(
      'a forced failover to SQLDR1 would lose SalesDB: the log after LSN 1025000004417900001 through 1025000004418400001',
    );
    expect(r.stdout).toContain('SalesDB: preferred SQLDR1');
    // What a DBA can do, as the T-SQL to run where it runs.
    expect(r.stdout).toContain(
      ':Connect SQLNODE2\n    ALTER AVAILABILITY GROUP [AGSales] FAILOVER;',
    );
    expect(r.stdout).toContain('[TARGET_NOT_SYNCHRONOUS_COMMIT]');
    expect(r.stdout).toContain(
      'Perform a planned manual failover of an availability group: Perform a planned manual failover: prerequisites',
    );
  });

  it('prints which copy holds the log truncation of each database (KB2922898)', async () => {
    // The fixture of adapters/dmv/log-truncation-holder.test.ts: SQL2's redo lags, SQL3 is caught up.
    const r = await run(['decide', 'adapters/dmv/fixtures/kb2922898-redo-latency-truncation.json']);
    expect(r.code).toBe(0);
    expect(linesOf(r.stdout)).toContain('Log truncation on the primary (truncation_lsn)');
    expect(linesOf(r.stdout)).toContain('  db1: held at 120000000450000001 by SQL2');
    expect(r.stdout).toContain('[LOG_TRUNCATION_HELD_BY_COPY]');
  });

  it('gives the same decisions for the JSON and the CSV form of one snapshot', async () => {
    const fromJson = await run(['decide', PRIMARY_JSON, '--json']);
    const fromCsv = await run(['decide', PRIMARY_CSV, '--json']);
    expect([fromJson.code, fromCsv.code]).toEqual([0, 0]);
    expect(json(fromJson).input).toEqual({ file: PRIMARY_JSON, backupType: 'LOG' });
    expect(result(fromCsv).decisions).toEqual(result(fromJson).decisions);
    expect(result(fromCsv).backupType).toBe('LOG');
  });

  it('keeps two LSNs that differ only beyond 2^53 apart', async () => {
    // Both round to the same double; as decimal strings they stay what the server said.
    const below = '1025000004418400000';
    const above = '1025000004418400001';
    expect(Number(below)).toBe(Number(above));
    const snapshot = (await readExample(PRIMARY_JSON)).replaceAll('1025000004417900001', below);
    const r = await run(['decide', 'close.json', '--json', '--target', 'SQLDR1'], {
      files: { 'close.json': snapshot },
    });
    expect(r.code).toBe(0);
    const [target] = decided(r.stdout).decisions.failover.targets;
    expect(target?.forcedLoss[0]?.lsnRange).toEqual({ afterLsn: below, throughLsn: above });
    expect(r.stdout).toContain(`"afterLsn": "${below}"`);
  });

  it('narrows the answer to a target, a database and a backup type', async () => {
    const r = await run([
      'decide',
      PRIMARY_CSV,
      '--json',
      '--target',
      'sqldr1',
      '--database',
      'SalesDB',
      '--backup-type',
      'FULL',
    ]);
    expect(r.code).toBe(0);
    const d = decided(r.stdout).decisions;
    expect(d.failover.targets.map((t) => t.replica)).toEqual(['SQLDR1']);
    expect(d.commit.map((c) => c.database)).toEqual(['SalesDB']);
    expect(result(r).backupType).toBe('FULL');
    const text = await run(['decide', PRIMARY_CSV, '--backup-type', 'FULL']);
    expect(text.stdout).toContain('Backups (FULL)');
  });

  it('counts a database not joined on the target as lost whole, as mid-seeding or before a restore', async () => {
    // S8 sys.dm_hadr_database_replica_cluster_states.is_database_joined is 0 for a database not
    // joined on that replica, and S6 sys.dm_hadr_database_replica_states has no row for it there.
    const doc = JSON.parse(await readExample(PRIMARY_JSON)) as Record<
      string,
      Record<string, unknown>[]
    >;
    const dr = '1B2C3D4E-0003-4A5B-8C6D-7E8F9A0B1C2D';
    for (const row of doc['sys.dm_hadr_database_replica_cluster_states'] ?? [])
      if (row.replica_id === dr)
        Object.assign(row, { is_database_joined: false, is_failover_ready: false });
    doc['sys.dm_hadr_database_replica_states'] = (
      doc['sys.dm_hadr_database_replica_states'] ?? []
    ).filter((row) => row.replica_id !== dr);
    const files = { 'seeding.json': JSON.stringify(doc) };
    const r = await run(['decide', 'seeding.json', '--target', 'SQLDR1'], { files });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('no log past its hardened LSN');
    expect(r.stdout).toContain(
      'a forced failover to SQLDR1 would lose SalesDB: the whole database: it is not joined on SQLDR1, so every commit of it is lost',
    );
    const j = await run(['decide', 'seeding.json', '--target', 'SQLDR1', '--json'], { files });
    expect(result(j)).toHaveProperty(
      ['decisions', 'failover', 'targets', 0, 'forcedLoss', 0, 'extent'],
      'wholeDatabase',
    );
  });

  it('refuses a target or database the group does not have', async () => {
    const target = await run(['decide', PRIMARY_JSON, '--target', 'NOPE']);
    expect(target.code).toBe(2);
    expect(target.stderr).toBe(
      'agstate decide: --target: AGSales has no replica named "NOPE"; expected one of SQLNODE1, SQLNODE2, SQLDR1\n',
    );
    const database = await run(['decide', PRIMARY_JSON, '--database', 'Other', '--json']);
    expect(database.code).toBe(2);
    expect(linesOf(database.stderr)).toHaveLength(1);
    expect(json(database)).toHaveProperty('error.source', '--database');
  });

  it('names the view, row and column of a bad snapshot value', async () => {
    const snapshot = (await readExample(PRIMARY_CSV)).replace(',SYNCHRONIZING,', ',SYNCING,');
    const r = await run(['decide', 'bad.csv'], { files: { 'bad.csv': snapshot } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(linesOf(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^agstate decide: bad\.csv: sys\.dm_hadr_database_replica_states, row 3, column synchronization_state_desc \(line \d+\): /,
    );
  });

  it('names every bad value of a snapshot on a line of its own, as the --json envelope lists them', async () => {
    const doc = JSON.parse(await readExample(PRIMARY_JSON)) as Record<
      string,
      Record<string, unknown>[]
    >;
    doc['sys.availability_replicas']![1]!.availability_mode_desc = 'SYNC';
    doc['sys.dm_hadr_database_replica_states']![0]!.synchronization_state_desc = 'SYNCING';
    const files = { 'two.json': JSON.stringify(doc, null, 2) };
    const text = await run(['decide', 'two.json'], { files });
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(linesOf(text.stderr)).toEqual([
      expect.stringMatching(
        /^agstate decide: two\.json: sys\.availability_replicas, row 2, column availability_mode_desc \(line \d+\): expected one of SYNCHRONOUS_COMMIT, ASYNCHRONOUS_COMMIT, CONFIGURATION_ONLY, got "SYNC"$/,
      ),
      expect.stringMatching(
        /^agstate decide: two\.json: sys\.dm_hadr_database_replica_states, row 1, column synchronization_state_desc \(line \d+\): expected one of .*, got "SYNCING"$/,
      ),
    ]);
    const withJson = await run(['decide', 'two.json', '--json'], { files });
    expect(withJson.code).toBe(2);
    const problems = (json(withJson) as { error: { problems: string[] } }).error.problems;
    expect(linesOf(withJson.stderr)).toEqual(problems.map((p) => `agstate decide: two.json: ${p}`));
  });

  it('needs --version for a snapshot without SERVERPROPERTY, and takes it', async () => {
    const doc = JSON.parse(await readExample(PRIMARY_JSON)) as Record<string, unknown>;
    delete doc.SERVERPROPERTY;
    const files = { 'noversion.json': JSON.stringify(doc) };
    const without = await run(['decide', 'noversion.json'], { files });
    expect(without.code).toBe(2);
    expect(linesOf(without.stderr)).toHaveLength(1);
    const withVersion = await run(['decide', 'noversion.json', '--version', '2019', '--json'], {
      files,
    });
    expect(withVersion.code).toBe(0);
  });

  it('rejects an unknown backup type as a usage error, and takes a known one in any case as T-SQL does', async () => {
    const r = await run(['decide', PRIMARY_JSON, '--backup-type', 'TAIL']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "agstate decide: option '--backup-type <type>' argument 'TAIL' is invalid. expected a backup type: FULL, FULL_COPY_ONLY, DIFFERENTIAL, LOG, LOG_COPY_ONLY (see agstate decide --help)\n",
    );
    // BACKUP (Transact-SQL): keywords are case-insensitive, `backup log` is `BACKUP LOG`.
    const lower = await run(['decide', PRIMARY_JSON, '--backup-type', 'full', '--json']);
    expect(lower.code).toBe(0);
    expect(result(lower).backupType).toBe('FULL');
  });
});

describe('agstate decide: backup jobs by convention', () => {
  // The snapshot's group prefers SQLDR1 for backups (AUTOMATED_BACKUP_PREFERENCE SECONDARY).
  // Configure backups on secondary replicas, Follow Up: a Maintenance Plan Wizard job "will
  // automatically include the scripting logic that calls and checks the
  // sys.fn_hadr_backup_is_preferred_replica function"; Offload supported backups: "Differential
  // backups aren't supported on secondary replicas". The snapshot gives SQL Server 2019 without
  // its build, and before 2019 CU 6 a differential backup there reports success (KB4551221).
  it('prints what each convention does on each replica, with the reasons for every failure', async () => {
    const r = await run(['decide', PRIMARY_JSON]);
    expect(linesOf(r.stdout)).toContain('Backup jobs, by convention');
    expect(r.stdout).toMatch(/maintenance plan, full +skip +skip +fail/);
    expect(r.stdout).toMatch(/maintenance plan, differential +skip +skip +unknown/);
    expect(r.stdout).toMatch(/dbatools, copy-only full +take +take +take/);
    expect(r.stdout).toContain('maintenance plan, full; dbatools, full on SQLDR1: fail');
    expect(r.stdout).toContain('maintenance plan, differential on SQLDR1: unknown');
    expect(r.stdout).toContain('[BACKUP_JOB_DIFFERENTIAL_BUILD_UNKNOWN]');
    expect(r.stdout).toMatch(/dbatools, log +unknown +unknown +unknown/);
    expect(r.stdout).toContain('[BACKUP_JOB_FAILS_ON_SECONDARY]');
  });

  it('prints the reasons of a differential backup taken on a secondary before KB4551221', async () => {
    const r = await run([
      'decide',
      'adapters/dmv/fixtures/kb4551221-differential-secondary-2019-cu5.json',
    ]);
    expect(r.stdout).toMatch(/maintenance plan, differential +skip +skip +take/);
    expect(r.stdout).toContain('maintenance plan, differential on SQLDR1: take');
    expect(r.stdout).toContain('[BACKUP_JOB_DIFFERENTIAL_BEFORE_FIX]');
  });

  it('gives every job answer in --json, with its reasons', async () => {
    const r = await run(['decide', PRIMARY_JSON, '--json']);
    const backup = (
      result(r) as {
        decisions: {
          backup: readonly {
            jobs: readonly {
              convention: string;
              backupType: string;
              replica: string;
              outcome: string;
            }[];
          }[];
        };
      }
    ).decisions.backup;
    const jobs = backup[0]?.jobs ?? [];
    const outcome = (convention: string, backupType: string, replica: string) =>
      jobs.find(
        (j) => j.convention === convention && j.backupType === backupType && j.replica === replica,
      )?.outcome;
    expect(jobs).toHaveLength(3 * 4 * 3);
    expect(outcome('MAINTENANCE_PLAN', 'LOG', 'SQLNODE1')).toBe('skip');
    expect(outcome('MAINTENANCE_PLAN', 'LOG', 'SQLDR1')).toBe('take');
    expect(outcome('OLA_HALLENGREN', 'FULL', 'SQLNODE1')).toBe('take');
    expect(outcome('DBATOOLS', 'FULL', 'SQLDR1')).toBe('fail');
  });
});

describe('decide on a Pacemaker group (CLUSTER_TYPE = EXTERNAL)', () => {
  // "Operate HA availability group for SQL Server on Linux" (S30): "Under normal operations, do not
  // fail over with Transact-SQL … all manual or automatic failover actions are executed by the
  // external cluster manager"; the emergency forced failover sets the external_cluster session
  // context. The snapshot: three synchronous replicas, node1 primary (adapters/dmv/fixtures).
  const snapshot = readFileSync(
    new URL('../dmv/fixtures/linux-external-three-sync.json', import.meta.url),
    'utf8',
  );

  it('recommends the cluster manager for a planned failover, not ALTER AVAILABILITY GROUP', async () => {
    const r = await run(['decide', 'ext.json', '--target', 'node2'], {
      files: { 'ext.json': snapshot },
    });
    expect(r.code).toBe(0);
    const actions = r.stdout.slice(r.stdout.indexOf('What you can do now'));
    expect(actions).toContain('pcs resource move <ag resource>-master node2 --master');
    expect(actions).not.toMatch(/^\s*ALTER AVAILABILITY GROUP .* FAILOVER;/m);
  });

  it('removes the location constraint after the move on SLES too', async () => {
    // S30, Remove the location constraint: "During a manual failover, the pcs command move or crm
    // command migrate adds a location constraint ... Remove this constraint in order to successfully
    // fail over in the future"; on SLES its id is cli-prefer-ms-ag_cluster: "crm configure delete
    // cli-prefer-ms-ag_cluster". The SLES line named only the migrate.
    const r = await run(['decide', 'ext.json', '--target', 'node2'], {
      files: { 'ext.json': snapshot },
    });
    const actions = r.stdout.slice(r.stdout.indexOf('What you can do now'));
    const sles = actions.slice(
      actions.indexOf('SLES: sudo crm resource migrate <ag resource> node2'),
    );
    expect(sles.split('\n').slice(0, 2).join('\n')).toContain(
      'sudo crm configure delete cli-prefer-ms-<ag resource>',
    );
  });

  it('holds it to no WSFC maximum of failures, and names no WSFC view or cmdlet for one', async () => {
    // S91: Pacemaker restarts a failed replica after failure-timeout and fails a lost primary over.
    const r = await run(['decide', 'ext.json'], { files: { 'ext.json': snapshot } });
    const health = r.stdout.slice(r.stdout.indexOf('\nHealth'));
    expect(health).toContain("no maximum of failures in a period: that is a WSFC role's setting");
    expect(health).not.toMatch(/Get-ClusterGroup|sys\.dm_hadr_cluster_members/);
  });
});
