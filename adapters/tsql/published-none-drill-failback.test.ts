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

/*
 * The old primary comes back as a replica only through 23-join-secondary.sql: 'Join a Secondary
 * Replica to an Availability Group' (S98), "the secondary replica must be joined to the
 * availability group". Its DROP on node-1, an instance the script had removed from the group,
 * drops node-1's own copy only (S108: "execute the command on all replicas"); the warning for a
 * replica never joined stopped at it, so a runbook that re-adds node-1 and never joins it was
 * valid without a word.
 */
describe('the old primary re-added after its own DROP (S108, S98)', () => {
  const join = `-- 23-join-secondary.sql on node-1:
:Connect sqlvm-257672-node-1
ALTER AVAILABILITY GROUP [agsqlvm-node-1] JOIN WITH (CLUSTER_TYPE = NONE);
ALTER AVAILABILITY GROUP [agsqlvm-node-1] GRANT CREATE ANY DATABASE;
GO
`;
  const unjoined = (script: string) =>
    readScriptReport(script, { version: 2022, fileName: file })
      .script.warnings.filter((w) => w.text.includes('that the script never joins'))
      .map((w) => w.text.split(' (ALTER')[0]);

  it('warns where the runbook leaves out the JOIN on node-1', () => {
    expect(text).toContain(join);
    expect(unjoined(text.replace(join, ''))).toEqual([
      `${node1} is a replica of agsqlvm-node-1 that the script never joins`,
    ]);
  });

  it('says nothing where node-1 joins, as the runbook does', () => {
    expect(unjoined(text)).toEqual([]);
  });

  it('judges S108’s procedure followed by ADD REPLICA of N1 on N2', () => {
    const doc = readFileSync(
      new URL('./fixtures/docs-read-scale-drop-old-primary.sql', import.meta.url),
      'utf8',
    );
    const readd = `${doc}:Connect N2
ALTER AVAILABILITY GROUP [AGRScale] ADD REPLICA ON N'N1' WITH (ENDPOINT_URL = N'tcp://N1:5022',
    AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC);
GO
`;
    expect(unjoined(doc)).toEqual([]);
    expect(unjoined(readd)).toEqual(['N1 is a replica of AGRScale that the script never joins']);
    const joined = `${readd}:Connect N1\nALTER AVAILABILITY GROUP [AGRScale] JOIN WITH (CLUSTER_TYPE = NONE);\nGO\n`;
    expect(unjoined(joined)).toEqual([]);
  });

  it('keeps a DROP on a member of the group (here its primary) as the end of what is judged', () => {
    // Still a member: node-2's DROP there ends the group on the primary, S110.
    const onPrimary = text.replace(
      '-- 22-add-replica.sql on node-2:\n',
      ':Connect sqlvm-257672-node-2\nDROP AVAILABILITY GROUP [agsqlvm-node-1];\nGO\n-- 22-add-replica.sql on node-2:\n',
    );
    expect(unjoined(onPrimary.replace(join, ''))).toEqual([]);
  });
});
