import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * 'Connect to SQL Server with strict encryption' (S296), Connect to an Always On availability
 * group: "Starting with SQL Server 2025 (17.x), you can encrypt communication between the Windows
 * Server Failover Cluster and an Always On availability group replica ... Your availability group
 * can only enforce encryption if it's based on a Windows Server Failover Cluster. Other types of
 * availability groups don't support strict encryption." Input: the read-scale group of 'Configure
 * a SQL Server Availability Group for read-scale on Linux' (fixtures/docs-read-scale.sql,
 * CLUSTER_TYPE = NONE) followed by ALTER AVAILABILITY GROUP's example C, "Force encryption in
 * connections to the availability group", on node1 with the group's name (S3: "SET (
 * CLUSTER_CONNECTION_OPTIONS = 'Encrypt=Strict')"). validate said "valid" without a word.
 */
const name = 'docs-read-scale.sql';
const readScale = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const exampleC = (value: string) =>
  `\n:Connect node1\nALTER AVAILABILITY GROUP [ag1]\n   SET (\n   CLUSTER_CONNECTION_OPTIONS = '${value}')\nGO\n`;
const judged = (text: string) => {
  const r = readScriptReport(text, { version: 2025, fileName: name });
  expect(r.errors).toEqual([]);
  const [after] = configsAfterScript(r.script);
  expect(after?.notApplied).toEqual([]);
  return judgeConfig(after!.config);
};

describe('CLUSTER_CONNECTION_OPTIONS on a group no Windows Server Failover Cluster runs', () => {
  it('is unknown, not valid: the options encrypt nothing there, and a refusal is not documented', () => {
    const j = judged(readScale + exampleC('Encrypt=Strict'));
    expect(j.violations).toEqual([]);
    expect(j.unknown.map((u) => u.code)).toEqual(['CLUSTER_CONNECTION_OPTIONS_NOT_WSFC_UNKNOWN']);
    const [why] = j.unknown;
    expect(why?.message).toContain('with CLUSTER_TYPE = NONE');
    expect(why?.message).toContain("can only enforce encryption if it's based on a Windows Server");
    expect(why?.rule.document).toBe('Connect to SQL Server with strict encryption');
    expect(why?.settledBy).toEqual([
      'the error, if any, that the statement setting CLUSTER_CONNECTION_OPTIONS on ag1 returns',
      'sys.availability_groups.cluster_connection_options of ag1 after it',
    ]);
  });

  it('says the same on CLUSTER_TYPE = EXTERNAL; nothing for WSFC or the empty string', () => {
    const external = readScale.replace('CLUSTER_TYPE = NONE)', 'CLUSTER_TYPE = EXTERNAL)');
    const codes = (text: string) => judged(text).unknown.map((u) => u.code);
    expect(codes(external + exampleC('Encrypt=Strict'))).toContain(
      'CLUSTER_CONNECTION_OPTIONS_NOT_WSFC_UNKNOWN',
    );
    // "To revert back to default encryption, set the CLUSTER_CONNECTION_OPTIONS clause to an empty string" (S3).
    expect(codes(readScale + exampleC(''))).toEqual([]);
    const wsfc = readScale.replace('WITH (CLUSTER_TYPE = NONE)', '');
    expect(judged(wsfc + exampleC('Encrypt=Strict')).unknown).toEqual([]);
  });
});
