import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../core/model/source.js';
import { result, run } from '../cli/test-support.js';
import { afterFailoverUnknowns } from './loose-after-failover.js';
import { readScriptReport } from './script.js';

/*
 * Frank Gill's Start-FailoverToAsyncReplica (fixtures/lab-gill-failover-async-none.sql) works on a
 * group that already exists, so what it sends is ALTER statements alone: MODIFY REPLICA on the
 * primary REPLICA1, FORCE_FAILOVER_ALLOW_DATA_LOSS on REPLICA2, SET HADR RESUME on the others, and
 * MODIFY REPLICA on REPLICA1 again. validate said only 'no CREATE AVAILABILITY GROUP: 6 statements
 * read, every option checked'. Under a cluster manager the forced failover makes REPLICA1 a
 * secondary, where SQL Server refuses MODIFY REPLICA (S3: "supported only on the primary
 * replica"); on CLUSTER_TYPE = NONE REPLICA1 stays primary and runs it (S45). The script does not
 * say which: unknown, not silence.
 */
const text = readFileSync(
  new URL('./fixtures/lab-gill-failover-async-none.sql', import.meta.url),
  'utf8',
);
// What the function itself sends: from its first Set-DbaAgReplica on.
const start = text.indexOf('-- Set-DbaAgReplica -SqlInstance $primary -Replica $asyncsecondary');
const alterOnly = text.slice(start);
const unknowns = (script: string) =>
  afterFailoverUnknowns(readScriptReport(script, { version: 2019 }).script.statements);
const lineOf = (t: string, needle: string) =>
  t.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('a primary-only statement off the target of a failover, in an ALTER-only script', () => {
  it('is unknown at each of the function’s last MODIFY REPLICA, naming what settles it', () => {
    const found = unknowns(alterOnly);
    const at = lineOf(alterOnly, "MODIFY REPLICA ON N'REPLICA1'");
    expect(found.map((f) => [f.line, f.reason.code])).toEqual([
      [at, 'STATEMENT_AFTER_FAILOVER_UNKNOWN'],
      [at + 2, 'STATEMENT_AFTER_FAILOVER_UNKNOWN'],
    ]);
    expect(found[0]?.reason.rule.document).toBe(DOCUMENTS.S3);
    expect(found[0]?.reason.message).toContain(
      `runs on REPLICA1 after FORCE_FAILOVER_ALLOW_DATA_LOSS of 'yourag' on REPLICA2 at line ${lineOf(alterOnly, 'FORCE_FAILOVER')}`,
    );
    expect(found[0]?.reason.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.role_desc (is_local = 1) on REPLICA1 after the failover',
      "sys.availability_groups.cluster_type_desc for 'yourag'",
    ]);
  });

  it('says nothing where the statements run on the target, or before any failover', () => {
    expect(
      unknowns(
        alterOnly.replaceAll(
          ':Connect REPLICA1\nALTER AVAILABILITY',
          ':Connect REPLICA2\nALTER AVAILABILITY',
        ),
      ),
    ).toEqual([]);
    expect(unknowns(alterOnly.slice(0, alterOnly.indexOf('-- Invoke-DbaAgFailover')))).toEqual([]);
  });

  it('stops at a demotion of the old primary', () => {
    const demoted = alterOnly.replace(
      '-- Resume-DbaAgDbDataMovement',
      ':Connect REPLICA1\nALTER AVAILABILITY GROUP [yourag] SET (ROLE = SECONDARY);\nGO\n--',
    );
    expect(demoted).not.toBe(alterOnly);
    expect(unknowns(demoted)).toEqual([]);
  });
});

describe('agstate validate on what the function sends', () => {
  it('reports both as unknown among the findings on groups the script does not create', async () => {
    const r = await run(['validate', 'gill.sql', '--sql-version', '2019', '--json'], {
      files: { 'gill.sql': alterOnly },
    });
    const out = result(r) as { ungrouped: { unknown: { code: string }[] } };
    // Each also sets ASYNCHRONOUS_COMMIT with the replica's failover mode unsaid (S119).
    expect(out.ungrouped.unknown.map((u) => u.code)).toEqual([
      'STATEMENT_AFTER_FAILOVER_UNKNOWN',
      'STATEMENT_AFTER_FAILOVER_UNKNOWN',
      'ASYNCHRONOUS_COMMIT_FAILOVER_MODE_UNKNOWN',
      'ASYNCHRONOUS_COMMIT_FAILOVER_MODE_UNKNOWN',
    ]);
  });
});
