import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { readScriptReport } from './script.js';

/*
 * redhat-cop/sqlserver-coi, scripts/mssql-ag-setup/ag-setup.sh with its params.sh (sql1.ag1
 * primary, sql2.ag1 synchronous, sql3.ag1 configuration-only: "Configuration replicas can use a
 * no-charge SQL Server Express license for the third node"): each batch is sent with
 * `sqlcmd -S $server`, the fully qualified host, while the replicas are named by the short name
 * (`SHORT_NAME=$(echo $server | awk -F . '{ print $1 }')`) with ENDPOINT_URL = N'tcp://$server:5022'.
 * CREATE AVAILABILITY GROUP (S4): a replica is 'system_name', "the NetBIOS name of the computer
 * system"; ENDPOINT_URL's system-address "unambiguously identifies the destination computer
 * system". The CREATE on sql1.ag1 therefore runs on the replica sql1. validate called it
 * CREATE_NOT_ON_A_REPLICA and check refused the script.
 */
const name = 'lab-redhat-coi-ag-setup.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('a Red Hat script that connects to each replica by its endpoint host (sqlcmd -S sql1.ag1)', () => {
  it('runs CREATE on the replica whose ENDPOINT_URL names that host, and JOIN on the others', () => {
    const r = readScriptReport(text, { version: 2019, fileName: name });
    expect(r.errors).toEqual([]);
    const [config] = r.script.configs;
    expect(config?.createdOn).toBe('sql1');
    expect(judgeConfig(config!).violations).toEqual([]);
    const joins = r.script.statements.filter((s) => /\bJOIN\b/.test(s.text));
    expect(joins.map((s) => [s.server, s.outcome.kind])).toEqual([
      ['sql2', 'events'],
      ['sql3', 'events'],
    ]);
    expect(r.script.warnings).toEqual([]);
  });

  it('still refuses a CREATE on a host that is no replica’s endpoint host', () => {
    const other = text.replace(':Connect sql1.ag1', ':Connect sql9.ag1');
    const r = readScriptReport(other, { version: 2019, fileName: name });
    expect(judgeConfig(r.script.configs[0]!).violations.map((v) => v.code)).toEqual([
      'CREATE_NOT_ON_A_REPLICA',
    ]);
  });

  it('keeps the instance part: a named instance on that host is another instance', () => {
    const named = text.replace(':Connect sql1.ag1', ':Connect sql1.ag1\\INST2');
    const r = readScriptReport(named, { version: 2019, fileName: name });
    expect(judgeConfig(r.script.configs[0]!).violations.map((v) => v.code)).toEqual([
      'CREATE_NOT_ON_A_REPLICA',
    ]);
  });
});
