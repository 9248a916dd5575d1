import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../core/model/source.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Database engine events and errors (41400 to 49999)" (S111), Msg 47104: "This operation cannot
 * be performed on the availability group '%.*ls' because it has EXTERNAL cluster type. Use the
 * cluster management tools to perform the operation." "Operate Always On availability groups on
 * Linux" (S30) has a Transact-SQL failover of such a group "Manually set the session context
 * variable external_cluster" first, as the contained-group demo of fixtures/
 * lab-datamonster-external-failover.sql does before each of its two failovers. The reader kept
 * whether the session had set it, and nothing read it: the same FAILOVER without it was applied.
 */
const name = 'lab-datamonster-external-failover.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const folded = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2022, fileName: name }).script);
const lines = text.split('\n');
const failovers = lines.flatMap((l, i) => (l.endsWith('] FAILOVER;') ? [i + 1] : []));

describe('a Transact-SQL failover of a CLUSTER_TYPE = EXTERNAL group (a published demo)', () => {
  it('runs after the session context external_cluster, as the demo sets it', () => {
    expect(failovers).toHaveLength(2);
    expect(folded(text)[0]?.notApplied).toEqual([]);
  });

  it('is refused at its line without it (Msg 47104), and no replica changes role', () => {
    const without = lines.filter((l) => !l.startsWith('EXEC sp_set_session_context')).join('\n');
    const [ag] = folded(without);
    const at = without.split('\n').flatMap((l, i) => (l.endsWith('] FAILOVER;') ? [i + 1] : []));
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [at[0], 'EXTERNAL_FAILOVER_WITHOUT_SESSION_CONTEXT'],
      [at[1], 'EXTERNAL_FAILOVER_WITHOUT_SESSION_CONTEXT'],
      // The first was refused, so sql1 is still the primary where the second runs.
      [at[1], 'TARGET_IS_PRIMARY'],
    ]);
    expect(ag?.notApplied[0]?.reason.rule.document).toBe(DOCUMENTS.S111);
  });

  it('needs the context in the same connection: a :Connect between opens a new session', () => {
    const elsewhere = text.replace(
      "EXEC sp_set_session_context @key = N'external_cluster', @value = N'yes';\nALTER AVAILABILITY GROUP [ag1] FAILOVER;",
      "EXEC sp_set_session_context @key = N'external_cluster', @value = N'yes';\n:Connect sql2\nALTER AVAILABILITY GROUP [ag1] FAILOVER;",
    );
    expect(elsewhere).not.toBe(text);
    expect(folded(elsewhere)[0]?.notApplied.map((n) => n.reason.code)[0]).toBe(
      'EXTERNAL_FAILOVER_WITHOUT_SESSION_CONTEXT',
    );
  });

  it('refuses FORCE_FAILOVER_ALLOW_DATA_LOSS without it too, and leaves WSFC groups alone', () => {
    const forced = lines
      .filter((l) => !l.startsWith('EXEC sp_set_session_context'))
      .join('\n')
      .replaceAll('] FAILOVER;', '] FORCE_FAILOVER_ALLOW_DATA_LOSS;');
    expect(folded(forced)[0]?.notApplied.map((n) => n.reason.code)).toContain(
      'EXTERNAL_FAILOVER_WITHOUT_SESSION_CONTEXT',
    );
    const wsfc = lines
      .filter((l) => !l.startsWith('EXEC sp_set_session_context'))
      .join('\n')
      .replace('CLUSTER_TYPE = EXTERNAL, CONTAINED', 'CLUSTER_TYPE = WSFC, CONTAINED');
    expect(folded(wsfc)[0]?.notApplied.map((n) => n.reason.code)).not.toContain(
      'EXTERNAL_FAILOVER_WITHOUT_SESSION_CONTEXT',
    );
  });
});

/*
 * A Linux runbook (fixtures/guide-pacemaker-tsql-failover.sql) creates project_ag with
 * CLUSTER_TYPE = EXTERNAL, puts it under a Pacemaker resource, and for its "planned zero-data-loss
 * failover" runs ALTER AVAILABILITY GROUP [project_ag] FAILOVER on the target secondary, with no
 * session context: SQL Server answers Msg 47104 there.
 */
describe('a Linux runbook’s Transact-SQL FAILOVER of its Pacemaker group', () => {
  const guide = 'guide-pacemaker-tsql-failover.sql';
  const script = readFileSync(new URL(`./fixtures/${guide}`, import.meta.url), 'utf8');
  const at = script.split('\n').findIndex((l) => l.endsWith('[project_ag] FAILOVER;')) + 1;

  it('is refused at its line, and analytics-sql-01 stays primary', () => {
    const [ag] = configsAfterScript(
      readScriptReport(script, { version: 2022, fileName: guide }).script,
    );
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [at, 'EXTERNAL_FAILOVER_WITHOUT_SESSION_CONTEXT'],
    ]);
  });
});
