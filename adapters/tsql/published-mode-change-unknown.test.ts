import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../core/model/source.js';
import { result, run } from '../cli/test-support.js';
import { modeChangeUnknowns } from './loose-mode-change.js';
import { readScriptReport } from './script.js';

/*
 * "SQL Server AG in AWS - Quick Start Guide" (fixtures/lab-aws-quickstart-async-mode.sql), Useful
 * Commands: "-- Change to async mode ALTER AVAILABILITY GROUP SQLAOAG01 MODIFY REPLICA ON 'SQL02'
 * WITH (AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT);", on a group its own script creates with SQL02
 * FAILOVER_MODE = AUTOMATIC. Pasted alone, validate said 'every option checked'. 'Change the
 * availability mode of an availability replica' (S119): "FAILOVER_MODE = AUTOMATIC is supported
 * only if you also specify AVAILABILITY_MODE = SYNCHRONOUS_COMMIT", and its example sets
 * ASYNCHRONOUS_COMMIT with FAILOVER_MODE = MANUAL; the step refuses the change on a replica with
 * AUTOMATIC (mode-change-order.test.ts). The command alone does not say SQL02's failover mode:
 * unknown, not silence.
 */
const text = readFileSync(
  new URL('./fixtures/lab-aws-quickstart-async-mode.sql', import.meta.url),
  'utf8',
);
const unknowns = (script: string) =>
  modeChangeUnknowns(readScriptReport(script, { version: 2022 }).script.statements);
const alter = (option: string, replica = 'SQL02') =>
  `ALTER AVAILABILITY GROUP SQLAOAG01 MODIFY REPLICA ON '${replica}' WITH (${option});\nGO\n`;

describe('a mode change on a group the script does not create, the other mode unsaid', () => {
  it('is unknown at the README command, naming what settles it', () => {
    const found = unknowns(text);
    expect(found.map((f) => [f.line, f.reason.code])).toEqual([
      [10, 'ASYNCHRONOUS_COMMIT_FAILOVER_MODE_UNKNOWN'],
    ]);
    expect(found[0]?.reason.rule.document).toBe(DOCUMENTS.S119);
    expect(found[0]?.reason.settledBy).toEqual([
      "sys.availability_replicas.failover_mode_desc for 'SQL02' of 'SQLAOAG01'",
    ]);
  });

  it('is unknown for FAILOVER_MODE = AUTOMATIC with the availability mode unsaid', () => {
    expect(unknowns(alter('FAILOVER_MODE = AUTOMATIC')).map((f) => f.reason.code)).toEqual([
      'AUTOMATIC_FAILOVER_AVAILABILITY_MODE_UNKNOWN',
    ]);
  });

  // validate still finds S119's second example unknown for another reason, the group's other
  // automatic-failover replicas and its cluster type (published-modify-automatic.test.ts).
  it('says nothing where the script sets the other mode first, as S119’s examples do', () => {
    expect(
      unknowns(alter('FAILOVER_MODE = MANUAL') + alter('AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT')),
    ).toEqual([]);
    expect(
      unknowns(
        alter('AVAILABILITY_MODE = SYNCHRONOUS_COMMIT') + alter('FAILOVER_MODE = AUTOMATIC'),
      ),
    ).toEqual([]);
    // Other replicas, and changes R-CFG-1 does not tie (to synchronous, to manual), stay silent.
    expect(
      unknowns(
        alter('FAILOVER_MODE = MANUAL', 'SQL03') +
          alter('AVAILABILITY_MODE = SYNCHRONOUS_COMMIT') +
          alter('FAILOVER_MODE = MANUAL'),
      ),
    ).toEqual([]);
  });

  it('refuses a statement that leaves AUTOMATIC with ASYNCHRONOUS_COMMIT, both known (S119)', () => {
    const codes = (script: string) => unknowns(script).map((f) => f.reason.code);
    expect(
      codes(alter('AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC')),
    ).toEqual(['AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT']);
    const added =
      "ALTER AVAILABILITY GROUP SQLAOAG01 ADD REPLICA ON N'SQL03' WITH (ENDPOINT_URL = N'TCP://SQL03.contoso.local:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);\nGO\n";
    expect(codes(added + alter('AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT', 'SQL03'))).toEqual([
      'AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT',
    ]);
    // After a change SQL Server may have refused, the modes it set are not known: no refusal.
    expect(
      codes(alter('FAILOVER_MODE = AUTOMATIC') + alter('AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT')),
    ).toEqual(['AUTOMATIC_FAILOVER_AVAILABILITY_MODE_UNKNOWN']);
  });

  it('takes the modes an ADD REPLICA gave', () => {
    const added =
      "ALTER AVAILABILITY GROUP SQLAOAG01 ADD REPLICA ON N'SQL03' WITH (ENDPOINT_URL = N'TCP://SQL03.contoso.local:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);\nGO\n";
    expect(unknowns(added + alter('AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT', 'SQL03'))).toEqual([]);
  });
});

describe('agstate validate on the README command', () => {
  it('reports it as unknown among the findings on groups the script does not create', async () => {
    const r = await run(['validate', 'aws.sql', '--sql-version', '2022', '--json'], {
      files: { 'aws.sql': text },
    });
    const out = result(r) as { ungrouped: { unknown: { code: string }[] } };
    expect(out.ungrouped.unknown.map((u) => u.code)).toEqual([
      'ASYNCHRONOUS_COMMIT_FAILOVER_MODE_UNKNOWN',
    ]);
    expect(r.code).toBe(0);
  });
});
