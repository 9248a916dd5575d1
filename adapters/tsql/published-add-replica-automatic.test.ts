import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SqlServerVersion } from '../../core/model/enums.js';
import { DOCUMENTS } from '../../core/model/source.js';
import { result, run } from '../cli/test-support.js';
import { automaticFailoverUnknowns } from './loose-automatic.js';
import { readScriptReport } from './script.js';

/*
 * dbatools' Add-DbaAgReplica, Example 1: "Adds sql2017b to the SharePoint availability group on
 * sql2017a", with the function's defaults ("SynchronousCommit is default", "Automatic is default"):
 * ADD REPLICA … FAILOVER_MODE = AUTOMATIC, AVAILABILITY_MODE = SYNCHRONOUS_COMMIT on a group the
 * script does not create (fixtures/dbatools-add-replica-defaults.sql). validate said 'every option
 * checked'. SQL Server refuses it where SharePoint already has its version's automatic-failover
 * replicas (three on 2016 and 2017, primary included: 'What's new in SQL Server 2016', S37), and on
 * CLUSTER_TYPE = NONE or EXTERNAL ('Database engine events and errors (41400 to 49999)', S111:
 * 47101 "only supports MANUAL failover mode", 47102 "only supports EXTERNAL failover mode"). The
 * script says none of these: unknown, not silence.
 */
const name = 'dbatools-add-replica-defaults.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const unknowns = (script: string, version: SqlServerVersion = 2017) =>
  automaticFailoverUnknowns(readScriptReport(script, { version }).script.statements, version);
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const add = (modes: string, replica = 'sql2017c') =>
  `ALTER AVAILABILITY GROUP [SharePoint] ADD REPLICA ON N'${replica}' WITH (ENDPOINT_URL = N'TCP://${replica}:5022', ${modes});\nGO\n`;

describe('an automatic-failover replica added to a group the script does not create', () => {
  it('is unknown at the ADD REPLICA, naming the limits, the cluster types and what settles them', () => {
    const found = unknowns(text);
    expect(found.map((f) => [f.line, f.reason.code])).toEqual([
      [lineOf('ADD REPLICA'), 'AUTOMATIC_FAILOVER_REPLICA_UNKNOWN'],
    ]);
    const reason = found[0]?.reason;
    expect(reason?.rule.document).toBe(DOCUMENTS.S37);
    expect(reason?.message).toContain(
      "where SharePoint already has 3 replicas with FAILOVER_MODE = AUTOMATIC (SQL Server 2017's maximum, primary included)",
    );
    expect(reason?.message).toContain('Msg 47101');
    expect(reason?.message).toContain('Msg 47102');
    expect(reason?.message).toContain('where SharePoint already has 3 synchronous-commit replicas');
    expect(reason?.settledBy).toEqual([
      "sys.availability_replicas.failover_mode_desc of SharePoint's replicas",
      "sys.availability_replicas.availability_mode_desc of SharePoint's replicas",
      'sys.availability_groups.cluster_type_desc for SharePoint',
    ]);
  });

  it('counts by the version, and names no CLUSTER_TYPE before SQL Server 2017', () => {
    const at2014 = unknowns(text, 2014)[0]?.reason;
    expect(at2014?.message).toContain('already has 2 replicas with FAILOVER_MODE = AUTOMATIC');
    expect(at2014?.message).not.toContain('CLUSTER_TYPE');
    expect(at2014?.settledBy).not.toContain(
      'sys.availability_groups.cluster_type_desc for SharePoint',
    );
    expect(unknowns(text, 2022)[0]?.reason.message).toContain('already has 5 replicas');
  });

  it('says nothing of a manual replica, or of one SQL Server refuses anyway (asynchronous)', () => {
    expect(unknowns(add('AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL'))).toEqual(
      [],
    );
    expect(
      unknowns(add('AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC')),
    ).toEqual([]);
  });

  it('says nothing of a group the script creates, whose replicas the group rules count', async () => {
    const create = `:Connect sql2017a\nCREATE AVAILABILITY GROUP [SharePoint] FOR REPLICA ON N'sql2017a' WITH (ENDPOINT_URL = N'TCP://sql2017a:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);\nGO\n`;
    const r = await run(['validate', 'c.sql', '--sql-version', '2017', '--json'], {
      files: { 'c.sql': create + text },
    });
    const out = result(r) as { ungrouped: { unknown: { code: string }[] } };
    expect(out.ungrouped.unknown).toEqual([]);
  });

  it('is among validate’s findings on groups the script does not create, exit 0', async () => {
    const r = await run(['validate', name, '--sql-version', '2017', '--json'], {
      files: { [name]: text },
    });
    const out = result(r) as { ungrouped: { unknown: { code: string }[] } };
    expect(out.ungrouped.unknown.map((u) => u.code)).toEqual([
      'AUTOMATIC_FAILOVER_REPLICA_UNKNOWN',
    ]);
    expect(r.code).toBe(0);
  });
});
