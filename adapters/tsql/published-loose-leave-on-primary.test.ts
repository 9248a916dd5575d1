import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS, isUnknownReason } from '../../core/model/source.js';
import { result, run } from '../cli/test-support.js';
import { looseLeaveOnPrimary } from './loose-leave-on-primary.js';
import { readScriptReport } from './script.js';

/*
 * hanyhelmy78/SQL_SCRIPTS, HADR/HAFailover.sql (fixtures/lab-hadr-off-after-failover.sql): a
 * planned FAILOVER of SQLGRP on HISND2, then, in the same connection, SET HADR SUSPEND and SET
 * HADR OFF of ABP_SFA_BMB. After the failover HISND2 is the primary of SQLGRP (S2), and 'Remove a
 * Secondary Database from an Availability Group' (S141) says "This task is supported only on
 * secondary replicas"; KB2857849 (S102) shows the refusal, Msg 35240, "This operation is not
 * supported on the primary replica of the availability group". The statement names no group and
 * the script does not create SQLGRP, so whether ABP_SFA_BMB is one of its databases is not shown:
 * unknown, where validate said only 'every option checked'.
 */
const text = readFileSync(
  new URL('./fixtures/lab-hadr-off-after-failover.sql', import.meta.url),
  'utf8',
);
const found = (script: string) =>
  looseLeaveOnPrimary(readScriptReport(script, { version: 2016 }).script.statements);
const lineOf = (t: string, needle: string) =>
  t.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('SET HADR OFF on the instance a script failed the group over to', () => {
  it('is unknown at the statement, naming the refusal, REMOVE DATABASE and what settles it', () => {
    const [r, ...more] = found(text);
    expect(more).toEqual([]);
    expect(r?.line).toBe(lineOf(text, 'SET HADR OFF'));
    expect(r?.reason.code).toBe('HADR_OFF_ON_PRIMARY_UNKNOWN');
    expect(r && isUnknownReason(r.reason)).toBe(true);
    expect(r?.reason.rule.document).toBe(DOCUMENTS.S141);
    expect(r?.reason.message).toContain(
      `runs on HISND2, which the script made the primary of 'SQLGRP' by FAILOVER at line ${lineOf(text, 'FAILOVER;')}`,
    );
    expect(r?.reason.message).toContain('Msg 35240');
    expect(r?.reason.message).toContain('REMOVE DATABASE [ABP_SFA_BMB]');
    expect(r?.reason.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.is_primary_replica of ABP_SFA_BMB on HISND2 (is_local = 1)',
      'sys.availability_databases_cluster.group_id of ABP_SFA_BMB against sys.availability_groups.name on HISND2',
    ]);
  });

  it('says nothing where SET HADR OFF runs on another instance, the old primary now a secondary', () => {
    const elsewhere = text.replace('--=====', ':Connect HISND1\n--=====');
    expect(elsewhere).not.toBe(text);
    expect(found(elsewhere)).toEqual([]);
  });

  it('says nothing after a failover no :Connect places, or a demotion of the instance', () => {
    expect(found(text.replace(':Connect HISND2\n', ''))).toEqual([]);
    const demoted = text.replace(
      '--=====',
      'ALTER AVAILABILITY GROUP [SQLGRP] SET (ROLE = SECONDARY);\nGO\n--=====',
    );
    expect(found(demoted)).toEqual([]);
  });

  it('is refused where the script itself added the database to the group on that instance', () => {
    const added = text.replace(
      '--=====',
      'ALTER AVAILABILITY GROUP [SQLGRP] ADD DATABASE [ABP_SFA_BMB];\nGO\n--=====',
    );
    const [r, ...more] = found(added);
    expect(more).toEqual([]);
    expect(r?.reason.code).toBe('IS_PRIMARY_REPLICA');
    expect(r && isUnknownReason(r.reason)).toBe(false);
    expect(r?.reason.message).toContain('HISND2 is the primary of SQLGRP');
  });
});

describe('agstate validate on HAFailover.sql', () => {
  it('reports it among the findings on groups the script does not create, exit 0', async () => {
    const r = await run(['validate', 'ha.sql', '--sql-version', '2016', '--json'], {
      files: { 'ha.sql': text },
    });
    expect(r.code).toBe(0);
    const out = result(r) as { ungrouped: { unknown: { code: string }[] } };
    expect(out.ungrouped.unknown.map((u) => u.code)).toEqual(['HADR_OFF_ON_PRIMARY_UNKNOWN']);
  });
});
