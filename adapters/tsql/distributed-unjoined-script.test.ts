import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/*
 * "Use distributed AG to migrate availability group" (Azure SQL documentation, SQL Server on Azure
 * VMs, revision ms.date 06/26/2024): "To join the target AG to the distributed AG, run this script
 * on the target forwarder", then "ALTER AVAILABILITY GROUP [DAG] INNER JOIN AVAILABILITY GROUP ON
 * 'OnPremAG' WITH (…)", a statement ALTER AVAILABILITY GROUP (S3) does not have (its form is JOIN
 * AVAILABILITY GROUP ON): SQL Server refuses it and AzureAG never joins DAG. "Configure a
 * distributed availability group" (S58), Join distributed availability group on second cluster:
 * "Then join the distributed availability group on the second WSFC". validate reported the
 * statement's syntax error, then "valid: DAG" with no word that AzureAG is not in it, and explain
 * offered the failover to AzureAG, as for the page's earlier revision, which joins.
 */
const name = 'docs-azure-dag-migrate-ag-2024-inner-join.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const report = (script: string) => readScriptReport(script, { version: 2022, fileName: name });
const unjoined = (script: string) =>
  report(script)
    .script.warnings.map((w) => w.message)
    .filter((m) => m.includes(' never joins DAG'));
const lines = text.split('\n');
const createLine = lines.findIndex((l) => l.startsWith('CREATE AVAILABILITY GROUP [DAG]')) + 1;
const innerLine = lines.findIndex((l) => l.startsWith('INNER JOIN')) + 1;

describe('a distributed group whose second group the script never joins (the 2024 migration page)', () => {
  it('reports the INNER JOIN as the syntax error SQL Server refuses', () => {
    expect(report(text).errors.map((e) => [e.line, e.message])).toContainEqual([
      innerLine,
      expect.stringContaining("found 'INNER'"),
    ]);
  });

  it('is a warning at the CREATE naming the group and the JOIN it needs', () => {
    expect(unjoined(text)).toEqual([
      `${name}:${createLine}:1: warning: AzureAG never joins DAG: the script creates AzureAG but runs no ALTER AVAILABILITY GROUP [DAG] JOIN AVAILABILITY GROUP ON … on AzureAG's primary ("Configure a distributed availability group", Join distributed availability group on second cluster: "Then join the distributed availability group on the second WSFC"); until it does, AzureAG is not in DAG, no log of OnPremAG crosses to it and no failover to it can run, while validate and explain judge DAG with both groups joined (decide and check refuse such a script)`,
    ]);
  });

  it('is no warning with the JOIN of the page’s 2021 revision, nor for one cluster’s half', () => {
    expect(unjoined(text.replace(/^INNER JOIN/m, 'JOIN'))).toEqual([]);
    // Without AzureAG's CREATE the script is the source cluster's part only: not judged.
    const start = lines.findIndex((l) => l.startsWith('CREATE AVAILABILITY GROUP [AzureAG]')) - 1;
    const end = lines.findIndex((l) => l.startsWith('CREATE AVAILABILITY GROUP [DAG]')) - 1;
    const half = [...lines.slice(0, start), ...lines.slice(end)].join('\n');
    expect(half).not.toContain('CREATE AVAILABILITY GROUP [AzureAG]');
    expect(unjoined(half)).toEqual([]);
  });
});
