import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { ReadOptions } from './script.js';
import { readScript, readScriptReport } from './script.js';

const example = (name: string) =>
  readFileSync(new URL(`../../examples/tsql/${name}`, import.meta.url), 'utf8');
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const script = (text: string, options: Partial<ReadOptions> = {}) => {
  const read = readScript(text, { version: 2019, fileName: 'deploy.sql', ...options });
  if (E.isLeft(read)) throw new Error(read.left.map((e) => e.message).join('\n'));
  return read.right;
};

const errors = (text: string, options: Partial<ReadOptions> = {}) => {
  const read = readScript(text, { version: 2019, fileName: 'deploy.sql', ...options });
  return E.isLeft(read) ? read.left.map((e) => e.message) : [];
};

describe('a manual-seeding deployment script', () => {
  const s = script(example('manual-seeding.sql'));

  it('gives the configuration, then the events in script order, each on its :Connect server', () => {
    expect(s.configs.map((c) => [c.name, c.replicas.map((r) => r.name)])).toEqual([
      ['SalesAG', ['SQLNODE1', 'SQLNODE2']],
    ]);
    const share = '\\\\fileserver\\sqlbackups';
    expect(s.events).toEqual([
      { type: 'replica.join', replica: 'SQLNODE2' },
      {
        type: 'db.backup',
        replica: 'SQLNODE1',
        database: 'Sales',
        backupType: 'FULL',
        file: `${share}\\Sales.bak`,
        // WITH FORMAT, INIT: the file's backup sets are overwritten (S70 BACKUP).
        init: true,
      },
      {
        type: 'db.restore',
        replica: 'SQLNODE2',
        database: 'Sales',
        file: `${share}\\Sales.bak`,
        log: false,
        recovery: false,
      },
      {
        type: 'db.backup',
        replica: 'SQLNODE1',
        database: 'Sales',
        backupType: 'LOG',
        file: `${share}\\Sales_1.trn`,
      },
      {
        type: 'db.restore',
        replica: 'SQLNODE2',
        database: 'Sales',
        file: `${share}\\Sales_1.trn`,
        log: true,
        recovery: false,
      },
      { type: 'db.join', replica: 'SQLNODE2', database: 'Sales' },
    ]);
  });

  it('lists every other statement as skipped, with why', () => {
    const reasons = s.statements.flatMap((st) =>
      st.outcome.kind === 'skipped'
        ? [`${st.line}: ${st.text.split(' ').slice(0, 2).join(' ')}`]
        : [],
    );
    expect(reasons.slice(0, 7)).toEqual([
      '11: USE [master]',
      '13: CREATE ENDPOINT',
      '17: IF (SELECT',
      '18: BEGIN',
      '19: ALTER ENDPOINT',
      '20: END',
      '22: GRANT CONNECT',
    ]);
    const endpoint = s.statements.find((st) => st.line === 13);
    expect(endpoint?.outcome).toEqual({
      kind: 'skipped',
      reason: 'endpoints are not modelled: agstate takes ENDPOINT_URL as given',
    });
  });

  it('marks statements inside control flow', () => {
    const nested = (line: number) => s.statements.find((st) => st.line === line)?.nested;
    expect([nested(17), nested(18), nested(19), nested(22)]).toEqual([false, true, true, false]);
    expect(nested(88)).toBe(false);
  });
});

describe('the other example scripts', () => {
  it('automatic seeding: JOIN and GRANT on each secondary, then a DENY', () => {
    const s = script(example('automatic-seeding.sql'), { version: 2016 });
    expect(s.configs[0]?.replicas.map((r) => r.seedingMode)).toEqual([
      'AUTOMATIC',
      'AUTOMATIC',
      'AUTOMATIC',
    ]);
    expect(s.events).toEqual([
      { type: 'replica.join', replica: 'SQLNODE2' },
      { type: 'replica.grantCreateDatabase', replica: 'SQLNODE2' },
      { type: 'replica.join', replica: 'SQLNODE3' },
      { type: 'replica.grantCreateDatabase', replica: 'SQLNODE3' },
      { type: 'replica.denyCreateDatabase', replica: 'SQLNODE3' },
    ]);
  });

  it('distributed: two groups, the distributed group, and the group each statement names', () => {
    const s = script(example('distributed.sql'), { version: 2016 });
    expect(s.configs.map((c) => c.name)).toEqual(['ag1', 'ag2', 'distributedag']);
    expect(s.statements.map((st) => [st.group, st.server, st.outcome.kind])).toEqual([
      ['ag1', 'server1', 'config'],
      ['ag1', 'server1', 'events'],
      ['ag1', 'server2', 'events'],
      ['ag1', 'server2', 'events'],
      ['ag2', 'server3', 'config'],
      ['ag2', 'server3', 'events'],
      ['ag2', 'server4', 'events'],
      ['ag2', 'server4', 'events'],
      ['distributedag', 'server1', 'config'],
      ['distributedag', 'server3', 'members'],
      ['ag2', 'server4', 'events'],
    ]);
  });

  it('failover runbook: planned, forced, resume, modify, fail back', () => {
    expect(script(example('failover-runbook.sql')).events).toEqual([
      { type: 'ag.failover', target: 'SQLNODE2' },
      { type: 'ag.forceFailover', target: 'SQLNODE3' },
      { type: 'db.resume', replica: 'SQLNODE1', database: 'Sales' },
      { type: 'db.resume', replica: 'SQLNODE1', database: 'Orders' },
      { type: 'db.resume', replica: 'SQLNODE2', database: 'Sales' },
      { type: 'db.resume', replica: 'SQLNODE2', database: 'Orders' },
      {
        type: 'replica.modify',
        replica: 'SQLNODE1',
        options: { availabilityMode: 'SYNCHRONOUS_COMMIT' },
      },
      { type: 'ag.failover', target: 'SQLNODE1' },
    ]);
  });

  it('three-replica WSFC group: routing lists with load-balanced sets and the listener', () => {
    const [c] = script(example('three-replica-wsfc.sql')).configs;
    expect(c?.replicas.map((r) => r.primaryRole.readOnlyRoutingList)).toEqual([
      [['SQLNODE2', 'SQLNODE3'], 'SQLNODE1'],
      [['SQLNODE1', 'SQLNODE3'], 'SQLNODE2'],
      [],
    ]);
    expect(c?.listener?.addresses.map((a) => a.address)).toEqual(['10.10.1.50', '10.20.1.50']);
    expect(c?.requiredSynchronizedSecondariesToCommit).toBe(1);
  });
});

describe('the sample configuration of the documentation, read as one script', () => {
  const text = fixture('docs-sample-configuration.sql');

  it('reports the WITHNOFORMAT misprint, and keeps the statements that need a replica', () => {
    // The documentation runs this script server by server, without :Connect: the statements
    // that act on their own replica are kept and reported, never a reason to refuse the file.
    const report = readScriptReport(text, { version: 2019, fileName: 'deploy.sql' });
    expect(report.errors.map((e) => e.message)).toEqual([
      "deploy.sql:99:5: expected ';' or the next statement, found 'WITHNOFORMAT'",
    ]);
    expect(report.script.configs.map((c) => [c.name, c.createdOn])).toEqual([['MyAG', null]]);
    const unnamed = report.script.warnings.filter((w) => w.text.includes('unnamed replica'));
    expect(unnamed.map((w) => w.line)).toContain(77);
    expect(unnamed[0]?.message).toMatch(
      /^deploy\.sql:\d+:1: warning: BACKUP runs on an unnamed replica/,
    );
    expect(report.script.statements.filter((st) => st.outcome.kind === 'unplaced')).toHaveLength(
      unnamed.length,
    );
  });

  it('with the server given and the misprint fixed, reads every statement', () => {
    const s = script(text.replace('WITHNOFORMAT', 'WITH NOFORMAT'), {
      server: 'NODE01\\AgHostInstance',
    });
    expect(s.configs[0]?.replicas.map((r) => r.name)).toEqual(['NODE01\\AgHostInstance', 'NODE02']);
    expect(s.events.map((e) => e.type)).toEqual([
      'db.backup',
      'db.backup',
      'replica.join',
      'db.restore',
      'db.restore',
      'db.backup',
      'db.backup',
      'db.restore',
      'db.restore',
      'db.join',
      'db.join',
    ]);
  });
});

describe('batches and sqlcmd commands', () => {
  it('runs a batch as many times as GO says', () => {
    const s = script(':Connect SQL2\nALTER DATABASE d SET HADR SUSPEND\nGO 3\nSELECT 1');
    expect(s.events).toHaveLength(3);
    expect(s.statements).toHaveLength(4);
  });

  it('runs the last batch without a GO, drops it at :reset, and stops at :exit', () => {
    const s = script(
      ':Connect SQL2\nALTER DATABASE a SET HADR SUSPEND\n:reset\nALTER DATABASE b SET HADR SUSPEND\nGO\nALTER DATABASE c SET HADR SUSPEND\n:exit\nALTER DATABASE d SET HADR SUSPEND',
    );
    expect(s.events.map((e) => (e.type === 'db.suspend' ? e.database : ''))).toEqual(['b']);
  });

  it('reads statements without semicolons, several to a line', () => {
    const s = script(
      ':Connect s\nALTER DATABASE a SET HADR RESUME ALTER DATABASE b SET HADR RESUME SELECT 1 ALTER DATABASE c SET HADR RESUME',
    );
    expect(s.events.map((e) => (e.type === 'db.resume' ? e.database : ''))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('reports :r, which would read another file, and an undefined variable', () => {
    expect(errors(':r common.sql\nSELECT [$(Nope)]')).toEqual([
      "deploy.sql:1:1: expected the included statements in this script (agstate reads one file), found ':r common.sql'",
      'deploy.sql:2:8: expected a :setvar for $(Nope) before this line, found $(Nope)',
    ]);
  });

  it('takes variables from outside the script, as sqlcmd -v does', () => {
    expect(
      script(':Connect $(Target)\nALTER AVAILABILITY GROUP ag FAILOVER', {
        variables: { target: 'SQL7' },
      }).events,
    ).toEqual([{ type: 'ag.failover', target: 'SQL7' }]);
  });

  it('reports unclosed strings, names and comments at their start', () => {
    expect(errors("SELECT 1\nSELECT 'abc")).toEqual([
      "deploy.sql:2:8: expected a closing ' for the string, found the end of the script",
    ]);
    expect(errors('SELECT [abc')).toEqual([
      'deploy.sql:1:8: expected a closing ] for the name, found the end of the script',
    ]);
    expect(errors('SELECT 1 /* a /* b */')).toEqual([
      "deploy.sql:1:10: expected '*/' to close the comment, found the end of the script",
    ]);
  });

  it('passes over statements it does not know, up to the next statement', () => {
    const s = script(
      'MERGE INTO t USING s ON t.a = s.a\nWHEN MATCHED THEN DELETE;\nFROBNICATE the cluster\nALTER AVAILABILITY GROUP ag OFFLINE',
    );
    expect(
      s.statements.map((st) => [
        st.line,
        st.outcome.kind === 'skipped' ? st.outcome.reason : st.outcome.kind,
      ]),
    ).toEqual([
      [1, 'not a statement agstate models'],
      [3, 'not a statement agstate models'],
      [4, 'events'],
    ]);
  });

  it('finds the statements it must understand wherever they start', () => {
    const s = script(':Connect s\nIF 1 = 1 ALTER AVAILABILITY GROUP ag FAILOVER');
    expect(s.events).toEqual([{ type: 'ag.failover', target: 's' }]);
    expect(s.statements.map((st) => st.nested)).toEqual([false, true]);
  });

  it('reports the rest of a statement it could not end', () => {
    expect(errors('ALTER AVAILABILITY GROUP ag OFFLINE NOW')).toEqual([
      "deploy.sql:1:37: expected ';' or the next statement, found 'NOW'",
    ]);
  });

  it('reports a GO count beyond what agstate repeats', () => {
    expect(errors('SELECT 1\nGO 5000')).toEqual([
      "deploy.sql:2:1: expected a GO count of at most 1000, found 'GO 5000'",
    ]);
  });

  it('reports a statement cut off by the end of its batch just after its last word', () => {
    expect(errors('ALTER AVAILABILITY GROUP ag\nGO')).toEqual([
      'deploy.sql:1:28: expected SET, ADD, REMOVE, MODIFY, JOIN, GRANT, DENY, FAILOVER, FORCE_FAILOVER_ALLOW_DATA_LOSS, RESTART LISTENER or OFFLINE, found the end of the batch',
    ]);
  });
});

describe('the statements of a deployment script that agstate passes over', () => {
  it('says why for each', () => {
    const s = script(`USE master;
ALTER SERVER CONFIGURATION SET HADR CLUSTER CONTEXT = 'clus01.contoso.com';
CREATE LOGIN [CONTOSO\\svc] FROM WINDOWS;
EXEC sp_configure 'show advanced options', 1;
RECONFIGURE;
DBCC TRACEON (9567, -1);
DECLARE @n int = 1;
WAITFOR DELAY '00:00:05';
PRINT N'ready';
BACKUP CERTIFICATE tde TO FILE = 'c:\\tde.cer';
RESTORE HEADERONLY FROM DISK = 'c:\\x.bak';
DROP AVAILABILITY GROUP [old];`);
    expect(
      s.statements.map((st) =>
        st.outcome.kind === 'skipped' ? st.outcome.reason : st.outcome.kind,
      ),
    ).toEqual([
      'USE changes the current database; availability groups do not depend on it',
      'server configuration (the HADR cluster context) is not modelled',
      'logins, users, certificates and keys are not modelled',
      'procedure calls are not interpreted',
      'server configuration is not modelled',
      'traceFlags',
      'variables are not evaluated',
      'waiting changes nothing: time in the model advances by its own events',
      'messages change nothing agstate models',
      'only database and log backups are modelled',
      'only database and log restores are modelled',
      'the event vocabulary has no event for dropping an availability group',
    ]);
  });

  it('reads partial and snapshot restores as not modelled', () => {
    const s = script(`:Connect s
BACKUP DATABASE d FILEGROUP = 'fg1' TO DISK = 'd.bak';
RESTORE DATABASE d FROM DATABASE_SNAPSHOT = 'd_snap';
RESTORE DATABASE d WITH RECOVERY;`);
    expect(
      s.statements.map((st) => (st.outcome.kind === 'skipped' ? st.outcome.reason : '')),
    ).toEqual([
      'file, filegroup and page backups and restores are not modelled',
      'reverting a database to a snapshot is not modelled',
      'RESTORE without FROM brings a restoring database online; the event vocabulary has no event for it',
    ]);
  });

  it('reads backup options: COPY_ONLY, DIFFERENTIAL, striped files, URL, MOVE and STANDBY', () => {
    const s = script(`:Connect s
BACKUP DATABASE d TO DISK = 'a.bak', DISK = 'b.bak' WITH DIFFERENTIAL, COPY_ONLY, STATS = 10
BACKUP LOG d TO URL = 'https://acct.blob.core.windows.net/c/d.trn' WITH COPY_ONLY, ENCRYPTION (ALGORITHM = AES_256, SERVER CERTIFICATE = BackupCert)
RESTORE DATABASE d FROM DISK = 'a.bak' WITH MOVE 'd' TO 'e:\\d.mdf', STANDBY = 'e:\\undo.dat'
RESTORE LOG d FROM DISK = 'l.trn' WITH RECOVERY
RESTORE LOG d FROM DISK = 'l.trn'`);
    expect(s.events).toEqual([
      {
        type: 'db.backup',
        replica: 's',
        database: 'd',
        backupType: 'DIFFERENTIAL',
        file: 'a.bak, b.bak',
      },
      {
        type: 'db.backup',
        replica: 's',
        database: 'd',
        backupType: 'LOG_COPY_ONLY',
        file: 'https://acct.blob.core.windows.net/c/d.trn',
      },
      // RESTORE DATABASE or LOG is kept: each reads only its kind of backup set (S72, 3135).
      {
        type: 'db.restore',
        replica: 's',
        database: 'd',
        file: 'a.bak',
        log: false,
        recovery: false,
      },
      { type: 'db.restore', replica: 's', database: 'd', file: 'l.trn', log: true, recovery: true },
      // S71: "If neither NORECOVERY, RECOVERY, nor STANDBY is specified, RECOVERY is the default."
      { type: 'db.restore', replica: 's', database: 'd', file: 'l.trn', log: true, recovery: true },
    ]);
  });
});
