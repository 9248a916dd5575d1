import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { judgeConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/** Lab build scripts as published (each fixture's header names its source and what it left out). */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/*
 * The UshaAg22MI build (README "UshaAg22MI Build Scripts — Day 1 + Day 2", April 2026, SQL Server
 * 2022): a second group on the cluster's instances at their endpoints' port 5023 ("We use port 5023
 * to match the existing endpoint"), a listener on 1435, read-only routing to the asynchronous
 * NODE6 ("URL must use the SQL instance port (1433), NOT the listener port (1435)"), a planned
 * failover run on NODE4 ("the failover TARGET") and the failback run on NODE3, then the MI link's
 * distributed group from NODE3 with LISTENER_URL "tcp://UshaAg22MI-Listener.ushadc.com:5023".
 * ALTER AVAILABILITY GROUP (S3), FAILOVER: "Failover is only supported to a synchronous-commit
 * secondary replica"; LISTENER_URL's port "is associated with the mirroring endpoint of the
 * availability group. This isn't the port of the listener."
 */
describe('a three-replica build with failover, failback and an MI link (UshaAg22MI build scripts)', () => {
  const name = 'lab-usha-ag22mi-failback-mi-dag.sql';
  const r = readScriptReport(fixture(name), { version: 2022, fileName: name });
  const [group, link] = configsAfterScript(r.script);

  it('reads every statement, places each on its node, and applies every ALTER', () => {
    expect(r.errors).toEqual([]);
    expect(r.script.warnings).toEqual([]);
    const failovers = r.script.statements.filter(
      (s) => s.outcome.kind === 'events' && s.outcome.events.some((e) => e.type === 'ag.failover'),
    );
    expect(failovers.map((s) => s.server)).toEqual(['NODE4', 'NODE3']);
    expect(group?.notApplied).toEqual([]);
    expect(link?.notApplied).toEqual([]);
  });

  it('leaves the routing the lab sets and judges both groups valid', () => {
    const replicas = group!.config.replicas;
    expect(replicas.map((x) => [x.name, x.secondaryRole.readOnlyRoutingUrl])).toEqual([
      ['NODE3', 'TCP://Node3.ushadc.com:1433'],
      ['NODE4', 'TCP://Node4.ushadc.com:1433'],
      ['NODE6', 'TCP://Node6.ushadc.com:1433'],
    ]);
    expect(replicas.map((x) => x.primaryRole.readOnlyRoutingList)).toEqual([
      ['NODE6'],
      ['NODE6'],
      [],
    ]);
    expect(group!.config.listener?.port).toBe(1435);
    expect(judgeConfig(group!.config).violations).toEqual([]);
    expect(judgeConfig(link!.config).violations).toEqual([]);
    expect(link!.links).toEqual([]);
  });

  it('explains automatic failover between NODE3 and NODE4 only, NODE6 forced only', () => {
    const pairs = explainConfig(group!.config).pairs.map((p) => [p.primary, p.target, p.forms]);
    expect(pairs).toEqual([
      ['NODE3', 'NODE4', ['automatic', 'planned', 'forced']],
      ['NODE3', 'NODE6', ['forced']],
      ['NODE4', 'NODE3', ['automatic', 'planned', 'forced']],
      ['NODE4', 'NODE6', ['forced']],
      ['NODE6', 'NODE3', ['forced']],
      ['NODE6', 'NODE4', ['forced']],
    ]);
  });
});

/*
 * Azure4Arjun/dba_db19, HA/AlwaysOn/sql/dba19_lis_SetCreateAGNoDB2.sql ends its second replica's
 * options "SEEDING_MODE = AUTOMATIC;" inside the WITH ( … ): the <add_replica_option> list of
 * CREATE AVAILABILITY GROUP (S4) is comma-separated within the parentheses, and "Batches": "A
 * compile error, such as a syntax error, prevents the compilation of the execution plan.
 * Therefore, no statements in the batch are executed." No group is created.
 */
describe('a semicolon inside a replica WITH ( … ) (Azure4Arjun/dba_db19, dba19_lis_SetCreateAGNoDB2.sql)', () => {
  const name = 'lab-dba19-create-semicolon-in-with.sql';
  const text = fixture(name);

  it('is refused where the semicolon stands, and creates nothing', () => {
    const r = readScriptReport(text, { version: 2019, fileName: name });
    expect(r.errors.map((e) => e.message)).toEqual([
      `${name}:35:30: expected ',' or ')', found ';'`,
    ]);
    expect(r.script.configs).toEqual([]);
  });

  it('without it, creates the two asynchronous replicas the script names', () => {
    const fixed = text.replaceAll('SEEDING_MODE = AUTOMATIC;', 'SEEDING_MODE = AUTOMATIC');
    const r = readScriptReport(fixed, { version: 2019, fileName: name });
    expect(r.errors).toEqual([]);
    expect(r.script.configs[0]?.replicas.map((x) => [x.name, x.availabilityMode])).toEqual([
      ['ETEK-NODE16-1\\ETEKSQL16A', 'ASYNCHRONOUS_COMMIT'],
      ['ETEK-NODE16-2\\ETEKSQL16B', 'ASYNCHRONOUS_COMMIT'],
    ]);
  });
});
