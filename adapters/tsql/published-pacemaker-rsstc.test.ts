import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { DOCUMENTS } from '../../core/model/source.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "High availability and data protection for availability group configurations" (S29): the
 * Pacemaker resource agent "detects the availability group configuration and sets
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT accordingly"; "With each monitoring action, the value
 * ... is computed (and updated if necessary)", unless overridden on the resource with `pcs resource
 * update <ag> required_synchronized_secondaries_to_commit=<n>`. A Linux runbook
 * (fixtures/guide-pacemaker-tsql-failover.sql) creates project_ag with two synchronous replicas and
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 ("Set to at least 1 to guarantee RPO = 0"), then
 * creates the resource without that parameter; the agent's value for two synchronous replicas is 0.
 * explain said commits fail while no secondary is synchronized, as a fact.
 */
const name = 'guide-pacemaker-tsql-failover.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const folded = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2022, fileName: name }).script);
const createLine = text.split('\n').findIndex((l) => l.startsWith('CREATE AVAILABILITY GROUP')) + 1;

describe("a script's REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT under Pacemaker (a published runbook)", () => {
  it('is unknown at the CREATE, naming the resource parameter and the catalog column', () => {
    const [ag] = folded(text);
    expect(ag?.config.requiredSynchronizedSecondariesToCommit).toBe(1);
    const [why] = ag?.unknown ?? [];
    expect([why?.line, why?.reason.code]).toEqual([createLine, 'RSSTC_AGENT_OVERRIDE_UNKNOWN']);
    expect(why?.reason.rule.document).toBe(DOCUMENTS.S29);
    expect(why?.reason.message).toContain('to 0 for these replicas');
    expect(why?.reason.settledBy).toEqual([
      'pcs resource config <ag resource> (required_synchronized_secondaries_to_commit)',
      'sys.availability_groups.required_synchronized_secondaries_to_commit on the running group',
    ]);
  });

  it('stands beside what explain says of commits, which follows the written value', () => {
    const [ag] = folded(text);
    if (ag === undefined) throw new Error('no group');
    const commits = explainConfig(
      ag.config,
      ag.unknown.map((u) => u.reason),
    ).commits.map((r) => r.code);
    expect(commits.slice(0, 2)).toEqual(['RSSTC_AGENT_OVERRIDE_UNKNOWN', 'COMMITS_BLOCK']);
  });

  it("is no question where the script leaves the value to the agent, or writes the agent's", () => {
    for (const value of ['', 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0,']) {
      const script = text.replace('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1,', value);
      expect(script).not.toBe(text);
      expect(folded(script)[0]?.unknown).toEqual([]);
    }
  });

  it('is no question on a WSFC group, where the written value is the group’s', () => {
    const wsfc = text
      .replace('CLUSTER_TYPE = EXTERNAL,', 'CLUSTER_TYPE = WSFC,')
      .replaceAll('FAILOVER_MODE = EXTERNAL', 'FAILOVER_MODE = MANUAL');
    expect(folded(wsfc)[0]?.unknown).toEqual([]);
  });
});
