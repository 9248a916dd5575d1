import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../core/model/source.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * A forced failover of a CLUSTER_TYPE = NONE group leaves the old primary primary: "Fail over the
 * primary replica on a read-scale availability group" (S45): "When the previous primary replica
 * recovers, it will also assume the primary role. To ensure that the previous primary replica
 * transitions into a secondary role run the following command on the previous primary replica:
 * ALTER AVAILABILITY GROUP [ag1] SET (ROLE = SECONDARY)". The reader warned so at the failover
 * (undemoted-primary.ts) and then judged that replica a secondary: Frank Gill's
 * Start-FailoverToAsyncReplica (fixtures/lab-gill-failover-async-none.sql) runs its last
 * Set-DbaAgReplica on the old primary, which was refused ('SQL Server … refuses it here'), though
 * its role is PRIMARY and SQL Server runs it; and FORCE_FAILOVER_ALLOW_DATA_LOSS there, which S3
 * supports "only on a replica whose role is in the SECONDARY or RESOLVING state", was accepted.
 */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const gill = fixture('lab-gill-failover-async-none.sql');
const folded = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2019, fileName: 'x.sql' }).script);
const lineOf = (text: string, needle: string, from = 0) =>
  text.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;

describe('a primary-only statement on the old primary a read-scale forced failover left primary', () => {
  it('is not refused: SQL Server runs it there, and the group judged does not take it', () => {
    const [ag] = folded(gill);
    expect(ag?.notApplied).toEqual([]);
    const forced = lineOf(gill, 'FORCE_FAILOVER_ALLOW_DATA_LOSS;');
    const last = lineOf(gill, "MODIFY REPLICA ON N'REPLICA1'");
    expect(ag?.warnings.map((w) => [w.line, w.reason.code])).toEqual([
      [last, 'STATEMENT_ON_LEFT_PRIMARY'],
      [last + 2, 'STATEMENT_ON_LEFT_PRIMARY'],
    ]);
    expect(ag?.warnings[0]?.reason.rule.document).toBe(DOCUMENTS.S45);
    expect(ag?.warnings[0]?.reason.message).toContain(
      `runs on REPLICA1: the forced failover to REPLICA2 at line ${forced} left REPLICA1 primary of yourag too`,
    );
    // Judged with REPLICA2 its only primary: the modes REPLICA1 set on its side are not applied.
    const mode = (n: string) => ag?.config.replicas.find((r) => r.name === n)?.availabilityMode;
    expect([mode('REPLICA1'), mode('REPLICA2'), mode('REPLICA3')]).toEqual([
      'SYNCHRONOUS_COMMIT',
      'SYNCHRONOUS_COMMIT',
      'ASYNCHRONOUS_COMMIT',
    ]);
  });

  it('is refused as before once the old primary is demoted, and on a WSFC group', () => {
    const demoted = gill.replace(
      '-- Set-DbaAgReplica -SqlInstance $primary -Replica $secondaries',
      ':Connect REPLICA1\nALTER AVAILABILITY GROUP [yourag] SET (ROLE = SECONDARY);\nGO\n--',
    );
    const codes = (t: string) => folded(t)[0]?.notApplied.map((n) => n.reason.code);
    expect(codes(demoted)).toEqual(['STATEMENT_NOT_ON_PRIMARY', 'STATEMENT_NOT_ON_PRIMARY']);
    expect(folded(demoted)[0]?.warnings).toEqual([]);
    const wsfc = gill
      .replace('WITH (CLUSTER_TYPE = NONE)\nFOR', 'FOR')
      .replaceAll(' WITH (CLUSTER_TYPE = NONE);', ';');
    expect(codes(wsfc)).toEqual(['STATEMENT_NOT_ON_PRIMARY', 'STATEMENT_NOT_ON_PRIMARY']);
  });
});

describe('a forced failover back onto the old primary that was never demoted', () => {
  // The dbatools demo's "# force failover back to 1" (fixtures/lab-dbatools-none-force-no-demote.sql),
  // run on dbatools1 as its comment says rather than on dbatools2 as written.
  const demo = fixture('lab-dbatools-none-force-no-demote.sql');
  const back = demo.indexOf('-- force failover back to 1');
  const onOne = `${demo.slice(0, back)}-- force failover back to 1\n:Connect dbatools1\nALTER AVAILABILITY GROUP [WheelOfFortune] FORCE_FAILOVER_ALLOW_DATA_LOSS;\nGO\n`;

  it('is refused there, its role being PRIMARY (S3)', () => {
    const [ag] = folded(onOne);
    const at = lineOf(onOne, 'FORCE_FAILOVER', lineOf(onOne, '-- force failover back to 1'));
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [lineOf(onOne, 'WheelOfFortune] FAILOVER;'), 'CLUSTER_TYPE_NONE_PLANNED'],
      [at, 'TARGET_IS_PRIMARY'],
    ]);
    expect(ag?.notApplied[1]?.reason.message).toContain(
      'FORCE_FAILOVER_ALLOW_DATA_LOSS runs on dbatools1, the primary of WheelOfFortune (the forced failover to dbatools2',
    );
    // No second "nothing demotes" warning for a failover that does not happen.
    const warned = readScriptReport(onOne, { version: 2019 }).script.warnings.filter((w) =>
      w.text.includes('nothing in the script demotes'),
    );
    expect(warned.map((w) => w.text.split(' makes ')[1]?.slice(0, 10))).toEqual(['dbatools2 ']);
  });

  it('runs once the old primary is demoted first (S45)', () => {
    const demoted = onOne.replace(
      '-- force failover back to 1\n',
      '-- force failover back to 1\n:Connect dbatools1\nALTER AVAILABILITY GROUP [WheelOfFortune] SET (ROLE = SECONDARY);\nGO\n',
    );
    expect(folded(demoted)[0]?.notApplied.map((n) => n.reason.code)).toEqual([
      'CLUSTER_TYPE_NONE_PLANNED',
    ]);
  });
});
