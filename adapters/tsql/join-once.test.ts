import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { type ReadOptions, readScriptReport } from './script.js';

/*
 * ALTER AVAILABILITY GROUP (S3), JOIN: "Causes the local server instance to host a secondary
 * replica in the specified availability group. Supported only on a secondary replica that has not
 * yet been joined to the availability group." Carter's Listing 13-8 ("Pro SQL Server
 * Administration", Apress 2015; fixture header) runs JOIN on CLUSTERNODE3\ASYNCDR before each of its
 * two databases: the second is refused, and the database join after it still runs.
 */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const fold = (script: string, version: ReadOptions['version'] = 2014) =>
  configsAfterScript(readScriptReport(script, { version, fileName: 'app1.sql' }).script)[0]!;

const lineOf = (text: string, line: string, from = 0) => text.split('\n').indexOf(line, from) + 1;

describe('JOIN runs once on each secondary instance (S3)', () => {
  const name = 'book-carter-admin-join-twice.sql';
  const text = fixture(name);

  it("refuses Listing 13-8's second JOIN on CLUSTERNODE3\\ASYNCDR at its line, naming the first", () => {
    const ag = fold(text);
    const first = lineOf(
      text,
      'ALTER AVAILABILITY GROUP [App1] JOIN;',
      lineOf(text, ':Connect CLUSTERNODE3\\ASYNCDR'),
    );
    const second = lineOf(text, 'ALTER AVAILABILITY GROUP [App1] JOIN;', first);
    expect(ag.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [second, 'REPLICA_ALREADY_JOINED'],
    ]);
    expect(ag.notApplied[0]!.reason.message).toContain(`it joined at line ${first}`);
    expect(ag.config.replicas.map((r) => r.name)).toEqual([
      'CLUSTERNODE1\\PRIMARYREPLICA',
      'CLUSTERNODE2\\SYNCHA',
      'CLUSTERNODE3\\ASYNCDR',
    ]);
  });

  const create = `:Connect N1
CREATE AVAILABILITY GROUP [AG1] FOR REPLICA ON
N'N1' WITH (ENDPOINT_URL = N'TCP://n1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
N'N2' WITH (ENDPOINT_URL = N'TCP://n2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);
GO
`;

  it('refuses JOIN on the instance CREATE ran on: its replica joined there', () => {
    const script = `${create}ALTER AVAILABILITY GROUP [AG1] JOIN;\nGO\n`;
    const ag = fold(script, 2019);
    expect(ag.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [lineOf(script, 'ALTER AVAILABILITY GROUP [AG1] JOIN;'), 'REPLICA_ALREADY_JOINED'],
    ]);
    expect(ag.notApplied[0]!.reason.message).toContain(
      'CREATE AVAILABILITY GROUP ran there at line 2',
    );
  });

  it('takes one JOIN on each secondary, and a JOIN again after REMOVE and ADD REPLICA', () => {
    const script = `${create}:Connect N2
ALTER AVAILABILITY GROUP [AG1] JOIN;
GO
:Connect N1
ALTER AVAILABILITY GROUP [AG1] REMOVE REPLICA ON N'N2';
GO
ALTER AVAILABILITY GROUP [AG1] ADD REPLICA ON N'N2' WITH (ENDPOINT_URL = N'TCP://n2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);
GO
:Connect N2
ALTER AVAILABILITY GROUP [AG1] JOIN;
GO
`;
    expect(fold(script, 2019).notApplied).toEqual([]);
  });
});
