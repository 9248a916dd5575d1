import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { actionTsql } from '../cli/render/decisions.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * KB3033492, "AlwaysOn availability groups may be reported as NOT SYNCHRONIZING after you apply
 * SQL Server 2014 CU5, SQL Server 2012 SP2 CU4, or SQL Server 2012 SP2 CU3" (S291), Symptoms:
 * a secondary updated and restarted, then "You fail over the availability group that is
 * transitioning the updated secondary replica to the primary role", and on "the server that's now
 * hosting the primary replica": "The secondary replicas are reported as \"NOT SYNCHRONIZING.\"",
 * with "intermittent lock blocking between users sessions and a session whose command is reported
 * as 'DB_STARTUP'". The SQL Server release services blog (Jean-Yves Devant, 2015-01-21, updated
 * 2015-02-04): "This is not a systematic problem"; "the recommended approach at this point is to:
 * 1. Disable automatic failover if it is activated 2. Restart the SQL Server instance that is
 * acting as Primary of the availability groups 3. Re-enable automatic failover if it was
 * activated"; the hotfixes roll up "into SQL Server 2012 SP2 CU#5 ... and into SQL Server 2014 RTM
 * CU#6". Builds (S292): 2014 CU5 12.0.2456.0, CU6 12.0.2480.0; 2012 SP2 CU3 11.0.5556.0, CU4
 * 11.0.5569.0, CU5 11.0.5582.0.
 *
 * The fixture is the new primary SQLNODE2's snapshot on 2014 CU5 after that failover. Invented:
 * the group, replica and database names, both replicas synchronous with automatic failover, the
 * ids and LSNs, and is_suspended 0 on the old primary's copy (the KB does not say; nobody
 * suspended it).
 */
const text = readFileSync(
  new URL('./fixtures/kb3033492-2014-cu5-new-primary.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

const variant = (change: (s: JsonSnapshot) => void): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  change(s);
  return JSON.stringify(s);
};
const onBuild = (productVersion: string, major = 12) =>
  variant((s) => {
    rowsOf(s, 'SERVERPROPERTY')[0]!.product_version = productVersion;
    rowsOf(s, 'SERVERPROPERTY')[0]!.product_major_version = major;
  });
const restarts = (snapshot: string) =>
  decide(factsOf(snapshot)).actions.filter((a) => a.event.type === 'replica.restart');

describe('KB3033492: secondaries NOT SYNCHRONIZING on the new primary after 2014 CU5', () => {
  it('offers the documented workaround: automatic failover off, restart the primary, back on', () => {
    const d = decide(factsOf(text));
    expect(d.actions.map((a) => a.event)).toEqual([
      { type: 'replica.restart', replica: 'SQLNODE2' },
    ]);
    const why = d.actions[0]!.why;
    expect(codes(why)).toEqual(['RESTART_PRIMARY_KB3033492']);
    expect(why[0]!.message).toContain('SalesDB on SQLNODE1 is NOT SYNCHRONIZING');
    expect(why[0]!.message).toContain(
      'set FAILOVER_MODE = MANUAL on SQLNODE2 and SQLNODE1, restart the instance of SQL Server of the primary SQLNODE2, then set FAILOVER_MODE = AUTOMATIC again',
    );
    expect(why[0]!.rule.document).toMatch(/^KB3033492/);
    const sql = actionTsql(d, d.actions[0]!);
    expect(sql).toContain('WITH (FAILOVER_MODE = MANUAL)');
    expect(sql).toContain('Restart-Service <the instance');
    expect(sql).not.toContain('ClusSvc');
  });

  it('on 2012 SP2 CU4 too; not on 2014 CU4 or CU6, nor 2012 SP2 CU5', () => {
    expect(restarts(onBuild('11.0.5569.0', 11)).length).toBe(1);
    expect(restarts(onBuild('11.0.5556.0', 11)).length).toBe(1);
    expect(restarts(onBuild('12.0.2430.0'))).toEqual([]);
    expect(restarts(onBuild('12.0.2480.0'))).toEqual([]);
    expect(restarts(onBuild('11.0.5582.0', 11))).toEqual([]);
  });

  it('a suspended copy is resumed instead; a DISCONNECTED secondary is no case of it', () => {
    const suspended = variant((s) => {
      const row = rowsOf(s, 'sys.dm_hadr_database_replica_states')[1]!;
      row.is_suspended = true;
      row.suspend_reason_desc = 'SUSPEND_FROM_USER';
    });
    expect(decide(factsOf(suspended)).actions.map((a) => a.event.type)).toEqual(['db.resume']);
    const cut = variant((s) => {
      rowsOf(s, 'sys.dm_hadr_availability_replica_states')[1]!.connected_state_desc =
        'DISCONNECTED';
    });
    expect(restarts(cut)).toEqual([]);
  });

  it("not from a secondary's snapshot, which does not show the primary's build", () => {
    const fromSecondary = variant((s) => {
      const [primary, secondary] = rowsOf(s, 'sys.dm_hadr_availability_replica_states');
      primary!.is_local = false;
      secondary!.is_local = true;
    });
    expect(restarts(fromSecondary)).toEqual([]);
  });
});
