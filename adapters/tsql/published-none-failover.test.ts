import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../core/model/source.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Database engine events and errors (41400 to 49999)" (S111), Msg 47122: "Cannot failover an
 * availability replica for availability group '%.*ls' since it has CLUSTER_TYPE = NONE. Only force
 * failover is supported in this version of SQL Server." A DBA's notes on a Windows/Linux group with
 * CLUSTER_TYPE = NONE (fixtures/lab-cross-platform-none-failover.sql, code index file 11904166108)
 * end their "failover without data loss" with ALTER AVAILABILITY GROUP … FAILOVER and report that
 * error; validate called the script valid and check searched it as if the FAILOVER ran.
 */
const name = 'lab-cross-platform-none-failover.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const folded = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2017, fileName: name }).script);
const failoverLine = text.split('\n').findIndex((l) => /FAILOVER; $/.test(l)) + 1;

describe('a planned FAILOVER of a CLUSTER_TYPE = NONE group (a DBA’s published notes)', () => {
  it('is refused at its line, as SQL Server does with Msg 47122, wherever it runs', () => {
    const [ag] = folded(text);
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [failoverLine, 'CLUSTER_TYPE_NONE_PLANNED'],
    ]);
    expect(ag?.notApplied[0]?.reason.rule.document).toBe(DOCUMENTS.S111);
    expect(ag?.notApplied[0]?.reason.message).toContain('Msg 47122');
  });

  it('leaves FORCE_FAILOVER_ALLOW_DATA_LOSS, the documented way, alone', () => {
    const forced = text.replace(
      /AG_APP_ADMIN FAILOVER; $/m,
      'AG_APP_ADMIN FORCE_FAILOVER_ALLOW_DATA_LOSS;',
    );
    expect(forced).not.toBe(text);
    expect(folded(forced)[0]?.notApplied).toEqual([]);
  });

  it('leaves a planned FAILOVER of a WSFC group to the other rules', () => {
    const wsfc = text.replace('WITH (CLUSTER_TYPE = NONE)', 'WITH (CLUSTER_TYPE = WSFC)');
    expect(folded(wsfc)[0]?.notApplied.map((n) => n.reason.code)).not.toContain(
      'CLUSTER_TYPE_NONE_PLANNED',
    );
  });

  it('placed on the target, changes no role: the old primary still runs primary-only statements', () => {
    const placed = [
      ':Connect node1',
      'CREATE AVAILABILITY GROUP [ag1] WITH (CLUSTER_TYPE = NONE) FOR DATABASE [db1] REPLICA ON',
      "  N'node1' WITH (ENDPOINT_URL = N'tcp://node1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL),",
      "  N'node2' WITH (ENDPOINT_URL = N'tcp://node2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);",
      ':Connect node2',
      'ALTER AVAILABILITY GROUP [ag1] FAILOVER;',
      ':Connect node1',
      "ALTER AVAILABILITY GROUP [ag1] MODIFY REPLICA ON N'node2' WITH (AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT);",
    ].join('\n');
    const [ag] = folded(placed);
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [6, 'CLUSTER_TYPE_NONE_PLANNED'],
    ]);
    expect(ag?.config.replicas.find((r) => r.name === 'node2')?.availabilityMode).toBe(
      'ASYNCHRONOUS_COMMIT',
    );
  });
});
