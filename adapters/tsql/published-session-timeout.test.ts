import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { DOCUMENTS } from '../../core/model/source.js';
import { result, run } from '../cli/test-support.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * 'HADR configuration best practices (SQL Server on Azure VMs)' (S27), Relaxed monitoring: the
 * AG's relaxed "Session timeout" is 20 seconds, set with "ALTER AVAILABILITY GROUP AG1 MODIFY
 * REPLICA ON 'INSTANCE01' WITH (SESSION_TIMEOUT = 20);", a property of that one replica
 * (fixtures/docs-azure-relaxed-monitoring.sql, the page's statements on a two-replica group).
 * 'Availability modes' (S1): the primary waits for a synchronous secondary "unless the secondary
 * replica fails to ping the primary replica within the primary's session-timeout period". So the
 * 20 s holds while INSTANCE01 is primary and INSTANCE02's 10 s while INSTANCE02 is; explain said
 * only "at most SESSION_TIMEOUT".
 */
const FILE = 'adapters/tsql/fixtures/docs-azure-relaxed-monitoring.sql';
const CREATE = `:Connect N1
CREATE AVAILABILITY GROUP AG1 FOR REPLICA ON
  N'N1' WITH (ENDPOINT_URL = N'TCP://n1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
  N'N2' WITH (ENDPOINT_URL = N'TCP://n2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
  N'N3' WITH (ENDPOINT_URL = N'TCP://n3:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);
GO
`;
const timeout = (replica: string, seconds: number) =>
  `ALTER AVAILABILITY GROUP AG1 MODIFY REPLICA ON N'${replica}' WITH (SESSION_TIMEOUT = ${seconds});\nGO\n`;
// The group as the whole script leaves it, as explain reads it.
const explained = (script: string) => {
  const [after] = configsAfterScript(readScriptReport(script, { version: 2019 }).script);
  expect(after?.notApplied).toEqual([]);
  return explainConfig(after!.config);
};
const codes = (script: string) => explained(script).commits.map((r) => r.code);

describe("explain on the page's relaxed session timeout, set on one replica", () => {
  it("says the wait is the primary's own period, naming each replica's value", async () => {
    const shown = await run(['explain', FILE, '--sql-version', '2019']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(
      "SESSION_TIMEOUT differs between the replicas that can be primary with a synchronous secondary (INSTANCE01 20 s, INSTANCE02 10 s): a commit waits for a synchronous secondary that stops answering until the primary's own session-timeout period passes without a ping, so the wait is that of whichever replica is primary: for this wait a replica's value counts while it is primary [SESSION_TIMEOUT_DEPENDS_ON_PRIMARY]",
    );
    const json = await run(['explain', FILE, '--sql-version', '2019', '--json']);
    const commits = (result(json) as { explanation: { commits: { code: string }[] } }).explanation
      .commits;
    expect(commits.map((r) => r.code)).toEqual([
      'COMMITS_NEVER_BLOCK',
      'SESSION_TIMEOUT_DEPENDS_ON_PRIMARY',
    ]);
    expect(
      (commits[1] as unknown as { rule: { document: string } } | undefined)?.rule.document,
    ).toBe(DOCUMENTS.S1);
  });

  it('says nothing where the replicas that can be primary share one value', () => {
    expect(codes(CREATE)).toEqual(['COMMITS_NEVER_BLOCK']);
    expect(codes(CREATE + timeout('N1', 20) + timeout('N2', 20))).toEqual(['COMMITS_NEVER_BLOCK']);
    // N3 commits asynchronously: as primary it waits for no secondary, so its value bounds no wait.
    expect(codes(CREATE + timeout('N3', 30))).toEqual(['COMMITS_NEVER_BLOCK']);
  });

  it('names the value of each synchronous replica where they differ', () => {
    const found = explained(CREATE + timeout('N2', 15)).commits.filter(
      (r) => r.code === 'SESSION_TIMEOUT_DEPENDS_ON_PRIMARY',
    );
    expect(found.map((r) => r.message.match(/\(([^)]*)\)/)?.[1])).toEqual(['N1 10 s, N2 15 s']);
  });
});
