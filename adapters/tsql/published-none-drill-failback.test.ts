import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { initialPrimary } from '../../core/model/config.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * A region-failure drill of a CLUSTER_TYPE = NONE group on Azure Linux VMs, then its reinstate and
 * planned failback (fixtures/lab-azure-none-drill-reinstate-failback.sql; use case UC-01 of a public
 * iac-azure-sql repository, its sqlcmd scripts 11 to 34 in the README's order). The failback is
 * "Microsoft's "manual failover without data loss" for CLUSTER_TYPE = NONE" ('Perform a planned
 * manual failover of an availability group' (S45), Fail over the primary replica on a read-scale
 * availability group): both replicas synchronous, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1,
 * OFFLINE on the primary, FORCE_FAILOVER_ALLOW_DATA_LOSS on the target, SET (ROLE = SECONDARY) on
 * the old primary, SET HADR RESUME; then the original modes and 0 back. 'ALTER AVAILABILITY GROUP'
 * (S3): with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT, "If the minimum number of replicas isn't
 * available, then commits on the primary fail". The old primary, removed while down, takes its
 * stale group OFFLINE and drops it before it is added back and joined (S108, S98).
 */
const file = 'lab-azure-none-drill-reinstate-failback.sql';
const text = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
const node1 = 'sqlvm-257672-node-1';
const node2 = 'sqlvm-257672-node-2';

const leaves = (script: string) => {
  const report = readScriptReport(script, { version: 2022, fileName: file });
  const [after] = configsAfterScript(report.script);
  if (after === undefined) throw new Error('no group');
  return {
    report,
    after,
    primary: initialPrimary(after.config)?.name,
    modes: after.config.replicas.map((r) => [r.name, r.availabilityMode]),
    commits: explainConfig(after.config).commits.map((r) => r.code),
  };
};
const upTo = (marker: string) => text.slice(0, text.indexOf(marker));

describe('UC-01: forced failover to the DR replica, reinstate, planned failback (CLUSTER_TYPE = NONE)', () => {
  it('reads the whole runbook without an error or a warning', () => {
    const { report, after } = leaves(text);
    expect(report.errors).toEqual([]);
    expect(report.script.warnings).toEqual([]);
    expect(after.notApplied).toEqual([]);
    expect(after.unknown).toEqual([]);
  });

  it('leaves node-1 primary and synchronous, node-2 asynchronous, commit gating off', () => {
    const { after, primary, modes, commits } = leaves(text);
    expect(primary).toBe(node1);
    expect(modes).toEqual([
      [node2, 'ASYNCHRONOUS_COMMIT'],
      [node1, 'SYNCHRONOUS_COMMIT'],
    ]);
    expect(after.config.requiredSynchronizedSecondariesToCommit).toBe(0);
    expect(commits).toEqual(['COMMITS_NEVER_BLOCK']);
  });

  it('gates commits on node-2 from 30-failback-prepare.sql on, both replicas synchronous', () => {
    const { primary, modes, commits, after } = leaves(upTo('-- waits for node-1 SYNCHRONIZED'));
    expect(primary).toBe(node2);
    expect(modes).toEqual([
      [node2, 'SYNCHRONOUS_COMMIT'],
      [node1, 'SYNCHRONOUS_COMMIT'],
    ]);
    expect(after.config.requiredSynchronizedSecondariesToCommit).toBe(1);
    expect(commits).toEqual(['COMMITS_BLOCK']);
  });

  it('makes node-1 primary at 32-promote.sql, after node-2 was taken offline', () => {
    expect(leaves(upTo('-- 33-demote-and-resume.sql')).primary).toBe(node1);
  });

  it('leaves node-2 alone primary after the drill, node-1 removed while down', () => {
    const { primary, modes } = leaves(upTo('-- eastus back'));
    expect(primary).toBe(node2);
    expect(modes).toEqual([[node2, 'ASYNCHRONOUS_COMMIT']]);
  });
});
