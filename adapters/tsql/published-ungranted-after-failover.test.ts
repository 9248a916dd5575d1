import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * The instance CREATE ran on, with SEEDING_MODE = AUTOMATIC, is a secondary once the script fails
 * the group over, and a database added then is seeded there only with the grant: SEED001, "For a
 * traditional availability group, permissions must be granted to the availability group on the
 * secondary replica"; S3, GRANT CREATE ANY DATABASE: "Run this parameter on every secondary replica
 * that supports direct seeding". Microsoft CSS's read-scale scripts (S208; microsoft/mssql-support,
 * sample-scripts/availability_groups/read_scale_no_cluster) grant it on ag-node000 right after
 * CREATE ('SQL AG 04 create availability group.sql', as S46 does on the primary) and then fail ag1
 * over to ag-node001 (12, 13). The inputs add db2 on ag-node001 after that, as 06 adds db1 on the
 * primary, with and without 04's GRANT; validate said "valid" with no word of ag-node000 without it.
 */
const name = 'ms-css-read-scale-failover.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const grant = 'ALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE;\nGO\n-- SQL AG 05';
const addDb2 = ':Connect ag-node001\nALTER AVAILABILITY GROUP [ag1] ADD DATABASE [db2];\nGO\n';
const withoutGrant = text.replace(grant, '-- SQL AG 05');
const warningsOf = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.map((w) => [w.line, w.text] as const)
    .filter(([, t]) => t.includes('GRANT CREATE ANY DATABASE there'));
const lineOf = (script: string, needle: string) =>
  script.slice(0, script.lastIndexOf(needle)).split('\n').length;

describe('a database added after a failover, on the first primary (SEED001, S3)', () => {
  it('as published (04 grants on ag-node000), db2 added on ag-node001: nothing to say', () => {
    expect(text).toContain(grant);
    expect(warningsOf(`${text}\n${addDb2}`)).toEqual([]);
  });

  it('without 04’s GRANT: a warning at the ADD DATABASE naming ag-node000 and the failover', () => {
    expect(withoutGrant).not.toBe(text);
    const script = `${withoutGrant}\n${addDb2}`;
    const warnings = warningsOf(script);
    expect(warnings).toHaveLength(1);
    const [line, message] = warnings[0]!;
    expect(line).toBe(lineOf(script, 'ADD DATABASE [db2]'));
    expect(message).toContain(
      `db2 is added on ag-node001, which the failover at line ${lineOf(script, 'ag1 FORCE_FAILOVER_ALLOW_DATA_LOSS')} made primary: ag-node000, where CREATE AVAILABILITY GROUP [ag1] ran, is now a secondary with SEEDING_MODE = AUTOMATIC`,
    );
    expect(message).toContain('has not been granted permission to create databases');
  });

  it('without 04’s GRANT and without a database added after the failover: nothing to say', () => {
    // db1 was seeded to the others while ag-node000 was primary; it holds its own copy.
    expect(warningsOf(withoutGrant)).toEqual([]);
  });

  it('without 04’s GRANT, but granted on ag-node000 after the failover: nothing to say', () => {
    const granted = `${withoutGrant}\n:Connect ag-node000\nALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE;\nGO\n${addDb2}`;
    expect(warningsOf(granted)).toEqual([]);
  });
});
