import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SqlServerVersion } from '../../core/model/enums.js';
import { DOCUMENTS } from '../../core/model/source.js';
import { result, run } from '../cli/test-support.js';
import { configsAfterScript } from './configs-after.js';
import { automaticFailoverUnknowns } from './loose-automatic.js';
import { readScriptReport } from './script.js';

/*
 * 'Change the availability mode of an availability replica' (S119), Using Transact-SQL: "The
 * following example, entered on the primary replica of the AccountsAG availability group, changes
 * the availability and failover modes to synchronous commit and automatic failover, respectively,
 * for the replica hosted by the INSTANCE09 server instance": AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
 * then FAILOVER_MODE = AUTOMATIC, the order R-CFG-1 asks for
 * (fixtures/docs-change-availability-mode-to-automatic.sql). validate said 'every option checked'.
 * The second statement makes INSTANCE09 an automatic-failover replica of a group the page does not
 * show: SQL Server refuses it where AccountsAG already has its version's automatic-failover
 * replicas (three in 2016 and 2017, primary included, S37), and on CLUSTER_TYPE = NONE or EXTERNAL
 * (S111, 47101 and 47102). Unknown, not silence.
 */
const name = 'docs-change-availability-mode-to-automatic.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const unknowns = (script: string, version: SqlServerVersion = 2016) =>
  automaticFailoverUnknowns(readScriptReport(script, { version }).script.statements, version);
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const modify = (options: string, replica = 'INSTANCE09') =>
  `ALTER AVAILABILITY GROUP AccountsAG MODIFY REPLICA ON '${replica}' WITH (${options});\nGO\n`;

describe('a replica made automatic by MODIFY REPLICA on a group the script does not create', () => {
  it('is unknown at the FAILOVER_MODE = AUTOMATIC statement of the documented example', () => {
    const found = unknowns(text);
    expect(found.map((f) => [f.line, f.reason.code])).toEqual([
      [lineOf('WITH (FAILOVER_MODE = AUTOMATIC)') - 1, 'AUTOMATIC_FAILOVER_REPLICA_UNKNOWN'],
    ]);
    expect(found[0]?.reason.rule.document).toBe(DOCUMENTS.S37);
    expect(found[0]?.reason.message).toContain(
      "makes 'INSTANCE09' an automatic-failover replica of 'AccountsAG', which the script does not create: SQL Server refuses it where AccountsAG already has 3 replicas with FAILOVER_MODE = AUTOMATIC (SQL Server 2016's maximum, primary included)",
    );
    // The first statement made INSTANCE09 synchronous: its count is not this statement's doing.
    expect(found[0]?.reason.settledBy).toEqual([
      "sys.availability_replicas.failover_mode_desc of AccountsAG's replicas",
    ]);
    expect(unknowns(text, 2022)[0]?.reason.settledBy).toEqual([
      "sys.availability_replicas.failover_mode_desc of AccountsAG's replicas",
      'sys.availability_groups.cluster_type_desc for AccountsAG',
    ]);
  });

  it('names the synchronous-commit count where the same statement makes the replica synchronous', () => {
    const both = unknowns(
      modify('AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC'),
    );
    expect(both[0]?.reason.message).toContain('already has 3 synchronous-commit replicas');
  });

  it('says nothing where the replica is already automatic, or is left asynchronous', () => {
    expect(unknowns(text + modify('FAILOVER_MODE = AUTOMATIC'))).toHaveLength(1);
    expect(unknowns(modify('AVAILABILITY_MODE = SYNCHRONOUS_COMMIT'))).toEqual([]);
    expect(
      unknowns(
        modify('AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT') + modify('FAILOVER_MODE = AUTOMATIC'),
      ),
    ).toEqual([]);
  });

  it('is among validate’s findings on groups the script does not create, exit 0', async () => {
    const r = await run(['validate', name, '--sql-version', '2016', '--json'], {
      files: { [name]: text },
    });
    const out = result(r) as { ungrouped: { unknown: { code: string }[] } };
    expect(out.ungrouped.unknown.map((u) => u.code)).toEqual([
      'AUTOMATIC_FAILOVER_REPLICA_UNKNOWN',
    ]);
    expect(r.code).toBe(0);
  });
});

/*
 * The same example on a group the script creates with three automatic-failover replicas on SQL
 * Server 2016 and INSTANCE09 asynchronous: the first statement is refused (a fourth
 * synchronous-commit replica), so the second would leave INSTANCE09 automatic and asynchronous
 * (R-CFG-1, S119) and make a fourth automatic-failover replica (S37): SQL Server refuses it for
 * both, and a decision gives all of its reasons. Only the count was named.
 */
describe('the example on a group the script creates, at its limits', () => {
  const create = `:Connect INSTANCE01
CREATE AVAILABILITY GROUP AccountsAG FOR DATABASE Accounts REPLICA ON
 'INSTANCE01' WITH (ENDPOINT_URL = 'TCP://i01:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
 'INSTANCE02' WITH (ENDPOINT_URL = 'TCP://i02:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
 'INSTANCE03' WITH (ENDPOINT_URL = 'TCP://i03:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
 'INSTANCE09' WITH (ENDPOINT_URL = 'TCP://i09:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);
GO
`;
  const example = text.slice(text.indexOf('ALTER AVAILABILITY GROUP'));

  it('refuses each statement with every rule it breaks', () => {
    const script = readScriptReport(create + example, { version: 2016 }).script;
    const [after] = configsAfterScript(script);
    // The statement's line is its ALTER, the line before its WITH.
    const line = (needle: string) =>
      (create + example).split('\n').findIndex((l) => l.includes(needle));
    expect(after?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [line('WITH (AVAILABILITY_MODE'), 'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS'],
      [line('WITH (FAILOVER_MODE'), 'TOO_MANY_AUTOMATIC_FAILOVER_REPLICAS'],
      [line('WITH (FAILOVER_MODE'), 'AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT'],
    ]);
    // Neither change is applied: INSTANCE09 stays asynchronous with manual failover.
    const replica = after?.config.replicas.find((r) => r.name === 'INSTANCE09');
    expect([replica?.availabilityMode, replica?.failoverMode]).toEqual([
      'ASYNCHRONOUS_COMMIT',
      'MANUAL',
    ]);
  });
});
