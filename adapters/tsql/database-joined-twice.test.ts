import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Database engine events and errors (31000 to 41399), S135 (MicrosoftDocs/sql-docs @2a3c9cdd,
 * includes/sql-server-2016-database-engine-events-and-errors-31000-41399.md): "41145 | 10 | No |
 * Cannot join database '%.*ls' to availability group '%.*ls'. The database has already joined the
 * availability group. This is an informational message. No user action is required." A second
 * ALTER DATABASE … SET HADR AVAILABILITY GROUP on a copy already joined changes nothing: a warning
 * at its line, not a violation. The fixture is Carter's Listing 13-4 (header) with its two database
 * joins on CLUSTERNODE2\SYNCHA run again, as a re-run deployment does (the repeat is invented).
 */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const fold = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2019, fileName: 'app1.sql' }).script)[0]!;

const linesOf = (text: string, line: string) =>
  text.split('\n').flatMap((l, i) => (l === line ? [i + 1] : []));

const joinedTwice = (script: string) =>
  fold(script)
    .warnings.filter((w) => w.reason.code === 'DATABASE_ALREADY_JOINED')
    .map((w) => w.line);

describe('a database joined again on the same secondary (Msg 41145, S135)', () => {
  const text = fixture('book-carter-admin-database-join-rerun.sql');

  it('warns at each repeated join, naming the first, and leaves the group valid', () => {
    const ag = fold(text);
    const customers = linesOf(
      text,
      'ALTER DATABASE [Chapter13App1Customers] SET HADR AVAILABILITY GROUP = [App1];',
    );
    const sales = linesOf(
      text,
      'ALTER DATABASE [Chapter13App1Sales] SET HADR AVAILABILITY GROUP = [App1];',
    );
    expect(ag.notApplied).toEqual([]);
    const warned = ag.warnings.filter((w) => w.reason.code === 'DATABASE_ALREADY_JOINED');
    expect(warned.map((w) => w.line)).toEqual([customers[1], sales[1]]);
    expect(warned[0]!.reason.message).toContain(`it joined at line ${customers[0]}`);
    expect(warned[0]!.reason.message).toContain(
      "\"Cannot join database 'Chapter13App1Customers' to availability group 'App1'. The database has already joined the availability group. This is an informational message. No user action is required.\"",
    );
    expect(warned[0]!.reason.rule.document).toBe(
      'Database engine events and errors (31000 to 41399)',
    );
    expect(ag.config.databases).toEqual(['Chapter13App1Customers', 'Chapter13App1Sales']);
  });

  const create = `:Connect N1
CREATE AVAILABILITY GROUP [AG1] FOR DATABASE [DB1] REPLICA ON
N'N1' WITH (ENDPOINT_URL = N'TCP://n1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
N'N2' WITH (ENDPOINT_URL = N'TCP://n2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);
GO
:Connect N2
ALTER AVAILABILITY GROUP [AG1] JOIN;
GO
ALTER DATABASE [DB1] SET HADR AVAILABILITY GROUP = [AG1];
GO
`;
  const join = 'ALTER DATABASE [DB1] SET HADR AVAILABILITY GROUP = [AG1];';

  it('takes a join again after the copy left the group: SET HADR OFF, REMOVE DATABASE, REMOVE REPLICA', () => {
    const afterOff = `${create}ALTER DATABASE [DB1] SET HADR OFF;\nGO\n${join}\nGO\n`;
    expect(joinedTwice(afterOff)).toEqual([]);
    const afterRemove = `${create}:Connect N1
ALTER AVAILABILITY GROUP [AG1] REMOVE DATABASE [DB1];
GO
ALTER AVAILABILITY GROUP [AG1] ADD DATABASE [DB1];
GO
:Connect N2
${join}
GO
`;
    expect(joinedTwice(afterRemove)).toEqual([]);
    const afterReplica = `${create}:Connect N1
ALTER AVAILABILITY GROUP [AG1] REMOVE REPLICA ON N'N2';
GO
ALTER AVAILABILITY GROUP [AG1] ADD REPLICA ON N'N2' WITH (ENDPOINT_URL = N'TCP://n2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);
GO
:Connect N2
ALTER AVAILABILITY GROUP [AG1] JOIN;
GO
${join}
GO
`;
    expect(joinedTwice(afterReplica)).toEqual([]);
  });

  it("warns at a join on the former primary after a failover: its copy joined by CREATE's FOR DATABASE", () => {
    const script = `${create}ALTER AVAILABILITY GROUP [AG1] FAILOVER;\nGO\n:Connect N1\n${join}\nGO\n`;
    expect(joinedTwice(script)).toEqual([linesOf(script, join)[1]]);
    expect(fold(script).warnings[0]!.reason.message).toContain(
      'CREATE AVAILABILITY GROUP … FOR DATABASE put it in the group there at line 2',
    );
  });

  it("does not judge a join after a RESTORE over the copy: the earlier join did not take (andreasjordan/demos' demo 03a)", () => {
    // The demo's first join fails with Msg 1478 and the log backup it lacks is restored before
    // the second (published-join-log-chain.test.ts): a RESTORE runs only on a copy not joined.
    for (const name of [
      'lab-andreasjordan-restore-newer-full.sql',
      'lab-andreasjordan-log-backup-not-restored.sql',
    ])
      expect(joinedTwice(fixture(name))).toEqual([]);
  });

  it('does not judge joins no :Connect places (a script run server by server)', () => {
    const script = `CREATE AVAILABILITY GROUP [AG1] FOR DATABASE [DB1] REPLICA ON
N'N1' WITH (ENDPOINT_URL = N'TCP://n1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
N'N2' WITH (ENDPOINT_URL = N'TCP://n2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);
GO
${join}
GO
${join}
GO
`;
    expect(joinedTwice(script)).toEqual([]);
  });
});
