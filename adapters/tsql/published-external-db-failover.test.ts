import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * 'Operate Always On availability groups on Linux' (S30), "Database level monitoring and failover
 * trigger": "For CLUSTER_TYPE=EXTERNAL, the failover trigger semantics are different compared to
 * WSFC. … On Linux, the SQL Server instance cannot communicate with the cluster. Monitoring for
 * database health is done "outside-in". If user opted in for database level failover monitoring
 * and failover (by setting the option DB_FAILOVER=ON when creating the availability group), the
 * cluster will check if the database state is ONLINE every time when it runs a monitoring action.
 * The cluster queries the state in sys.databases. For any state different than ONLINE, it will
 * trigger a failover automatically (if automatic failover conditions are met). The actual time of
 * the failover depends on the frequency of the monitoring action as well as the database state
 * being updated in sys.databases."
 *
 * Input: lab-aws-rhel-phase3-db-failover.sql, the T-SQL that "MSSQL Configuration (Phase 3)" (a
 * public RHEL/Pacemaker lab in AWS, "Created : 12-June-2020", code index file id 33048108068)
 * writes and runs with sqlcmd: CREATE … WITH (DB_FAILOVER = ON, CLUSTER_TYPE = EXTERNAL) on the
 * primary, then JOIN and GRANT on each other node, the configuration-only "Quorum" node included.
 * Invented: the node, group and database names given to the script as arguments. explain said of
 * database health under EXTERNAL nothing at all, ON or OFF, while on a WSFC it names DB_FAILOVER.
 */

const NAME = 'lab-aws-rhel-phase3-db-failover.sql';
const TEXT = readFileSync(new URL(`./fixtures/${NAME}`, import.meta.url), 'utf8');

const groupAfter = (text: string) => {
  const [after] = configsAfterScript(
    readScriptReport(text, { version: 2019, fileName: NAME }).script,
  );
  return after!;
};

describe('DB_FAILOVER under CLUSTER_TYPE = EXTERNAL: the cluster checks sys.databases (S30)', () => {
  it('explain says the cluster watches the database state from outside, at each monitor action', () => {
    const after = groupAfter(TEXT);
    expect(after.config.dbFailover).toBe('ON');
    const e = explainConfig(after.config);
    expect(e.automaticFailover.map((r) => r.code)).toEqual([
      'AUTOMATIC_FROM',
      'AUTOMATIC_FROM',
      'EXTERNAL_DB_FAILOVER_MONITORED',
      'EXTERNAL_AUTOMATIC_NEEDS_OTHERS',
    ]);
    const why = e.automaticFailover.find((r) => r.code === 'EXTERNAL_DB_FAILOVER_MONITORED')!;
    expect(why.message).toContain('sys.databases');
    expect(why.message).toContain('every time it runs a monitoring action');
    expect(why.message).toContain('if the automatic failover conditions are met');
    expect(why.message).toContain('frequency of the monitoring action');
    expect(why.rule.document).toBe('Operate Always On availability groups on Linux (failover)');
    expect(why.rule.section).toContain('Database level monitoring and failover trigger');
    // No WSFC flexible failover policy is said of a Pacemaker group.
    expect(e.automaticFailover.map((r) => r.code)).not.toContain('FAILOVER_POLICY');
  });

  it('with DB_FAILOVER = OFF the same group says no database state fails it over', () => {
    const off = TEXT.replace('DB_FAILOVER = ON', 'DB_FAILOVER = OFF');
    expect(off).not.toBe(TEXT);
    const e = explainConfig(groupAfter(off).config);
    const why = e.automaticFailover.find((r) => r.code === 'DB_FAILOVER_OFF');
    expect(why?.message).toContain('fails nothing over');
    expect(why?.rule.document).toBe('Operate Always On availability groups on Linux (failover)');
    expect(e.automaticFailover.map((r) => r.code)).not.toContain('EXTERNAL_DB_FAILOVER_MONITORED');
  });

  it('the GRANT on the configuration-only "Quorum" node is refused (Msg 47111), the rest stands', () => {
    const after = groupAfter(TEXT);
    expect(after.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [82, 'CONFIGURATION_ONLY_NO_CREATE_DATABASE'],
    ]);
    expect(after.config.databases).toEqual(['AGTempDB']);
  });
});
