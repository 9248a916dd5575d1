import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../model/config.js';
import { explainDistributed } from './explain-distributed.js';

/*
 * "Fail over link - Azure SQL Managed Instance" (S104, ms.date 10/09/2024), Fail over a database,
 * Transact-SQL: "To perform a planned failover for a link, use the following T-SQL command on the
 * primary replica: ALTER AVAILABILITY GROUP [<DAGname>] FAILOVER", "To perform a forced failover,
 * use the following T-SQL command on the secondary replica: ALTER AVAILABILITY GROUP [<DAGname>]
 * FORCE_FAILOVER_ALLOW_DATA_LOSS", "starting with SQL Server 2022 CU13 (KB5036432)"; "Failing over
 * a database in SQL Server 2019 and earlier versions breaks and removes the link between the two
 * replicas. You can't fail back to the initial primary." The group is the link of
 * adapters/tsql/fixtures/docs-mi-link-scripts.sql (Configure link with scripts, S83), whose explain
 * said "only FORCE_FAILOVER_ALLOW_DATA_LOSS ... after the global primary is set to SECONDARY".
 */
const link = (version: 2019 | 2022, extra: { productVersion?: string | null } = {}) =>
  resolveConfig({
    name: 'DAG1_db1',
    version,
    kind: 'DISTRIBUTED',
    members: [
      {
        name: 'AG_db1',
        listenerUrl: 'TCP://10.0.0.1:5022',
        availabilityMode: 'ASYNCHRONOUS_COMMIT',
        failoverMode: 'MANUAL',
        seedingMode: 'AUTOMATIC',
      },
      {
        name: 'sqlmi1',
        listenerUrl: 'tcp://sqlmi1.73d19f36a420a.database.windows.net:5022;Server=[sqlmi1]',
        availabilityMode: 'ASYNCHRONOUS_COMMIT',
        failoverMode: 'MANUAL',
        seedingMode: 'AUTOMATIC',
      },
    ],
    ...extra,
  });
const forms = (e: ReturnType<typeof explainDistributed>) =>
  e.pairs.map((p) => [p.primary, p.target, p.forms, p.reasons.map((r) => r.code)]);

describe('the failover forms of a Managed Instance link (S104)', () => {
  it('SQL Server 2022: planned FAILOVER on the primary and forced on the secondary, both ways', () => {
    expect(forms(explainDistributed(link(2022)))).toEqual([
      [
        'AG_db1',
        'sqlmi1',
        ['planned', 'forced'],
        ['LINK_PLANNED_FAILOVER', 'LINK_FORCED_FAILOVER'],
      ],
      [
        'sqlmi1',
        'AG_db1',
        ['planned', 'forced'],
        ['LINK_PLANNED_FAILOVER', 'LINK_FORCED_FAILOVER'],
      ],
    ]);
  });

  it('before CU13 forced only; a build not known is unknown', () => {
    const old = explainDistributed(link(2022, { productVersion: '16.0.4115.5' }));
    expect(old.pairs[0]!.forms).toEqual(['forced']);
    expect(old.pairs[0]!.reasons[0]!.code).toBe('LINK_PLANNED_FAILOVER_BEFORE_CU13');
    const unknown = explainDistributed(link(2022, { productVersion: null }));
    expect(unknown.pairs[0]!.reasons[0]).toMatchObject({
      code: 'LINK_PLANNED_FAILOVER_BUILD_UNKNOWN',
      settledBy: ["SERVERPROPERTY('ProductVersion')"],
    });
  });

  it('SQL Server 2019: the failover breaks the link, with no failing back', () => {
    expect(forms(explainDistributed(link(2019)))).toEqual([
      ['AG_db1', 'sqlmi1', [], ['LINK_FAILOVER_BREAKS_LINK']],
      ['sqlmi1', 'AG_db1', [], ['LINK_FAILOVER_BREAKS_LINK']],
    ]);
  });
});

/*
 * The same page, Switch replication mode (Failover to SQL MI): "Replication between SQL Server and
 * SQL Managed Instance is asynchronous by default. If you're failing over from SQL Server to Azure
 * SQL Managed Instance, before you fail over your database, switch the link to synchronous mode on
 * SQL Server" (one MODIFY on SQL Server naming both members), "Skip this step if you're failing
 * over from SQL Managed Instance to SQL Server 2022". On the asynchronous link of
 * docs-mi-link-scripts.sql, explain's data loss said "set SYNCHRONOUS_COMMIT on both sides first
 * (step 1)", S58's step for two SQL Server groups, which has no step on the managed instance.
 */
describe('the data loss of an asynchronous Managed Instance link (S104)', () => {
  it('names the switch on SQL Server before failing over to the managed instance, and none back to 2022', () => {
    const [loss] = explainDistributed(link(2022)).dataLoss;
    expect(loss).toMatchObject({
      code: 'LINK_ASYNCHRONOUS_LOSS',
      rule: { document: 'Fail over link - Azure SQL Managed Instance' },
    });
    expect(loss!.message).toContain('switch the link to synchronous mode on SQL Server');
    expect(loss!.message).toContain('from SQL Server (AG_db1) to sqlmi1');
    expect(loss!.message).toContain('failing over from sqlmi1 to SQL Server 2022 skips that step');
    expect(loss!.message).not.toContain('both sides first');
  });

  it('on SQL Server 2019 says nothing of failing back, which breaks the link', () => {
    const [loss] = explainDistributed(link(2019)).dataLoss;
    expect(loss!.code).toBe('LINK_ASYNCHRONOUS_LOSS');
    expect(loss!.message).not.toContain('skips that step');
  });
});
