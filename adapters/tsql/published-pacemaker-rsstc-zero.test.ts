import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { DOCUMENTS } from '../../core/model/source.js';
import { result, run } from '../cli/test-support.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * samratabduljalil/SOP_Submission_TSL, "SQL Server Always On AG — Automatic Failover Setup" (a
 * README for Rocky Linux 9 and Pacemaker; fixtures/lab-rocky-pacemaker-rsstc-zero.sql, each block
 * placed on the node the page runs it on): AG1 is created with CLUSTER_TYPE = EXTERNAL on three
 * synchronous replicas, then "Set REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0"; the page says
 * "All 3 replicas use SYNCHRONOUS_COMMIT — this ensures automatic failover works when any single
 * node dies" and its Test 1 has Pacemaker promote node1 when node2 stops. Its resource is created
 * without required_synchronized_secondaries_to_commit. 'High availability and data protection for
 * availability group configurations' (S29): the agent "sets REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT
 * accordingly" and "With each monitoring action, the value ... is computed (and updated if
 * necessary)" unless the resource overrides it; at 0 with no configuration-only replica it does not
 * fail over automatically (D20). explain said "the resource agent does not fail over automatically"
 * (EXTERNAL_NO_REQUIRED_SECONDARIES) as a fact, beside its own unknown about which value the group
 * runs with (RSSTC_AGENT_OVERRIDE_UNKNOWN, the agent's being 1 for three synchronous replicas).
 */
const NAME = 'lab-rocky-pacemaker-rsstc-zero.sql';
const FILE = `adapters/tsql/fixtures/${NAME}`;
const TEXT = readFileSync(new URL(`./fixtures/${NAME}`, import.meta.url), 'utf8');
const SET_ZERO = `:Connect node2
ALTER AVAILABILITY GROUP [AG1]
  SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0);
GO
`;

const automatic = (script: string) => {
  const [ag] = configsAfterScript(
    readScriptReport(script, { version: 2022, fileName: NAME }).script,
  );
  if (ag === undefined) throw new Error('no group');
  return explainConfig(
    ag.config,
    ag.unknown.map((u) => u.reason),
  ).automaticFailover;
};

describe('a Pacemaker group set to REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0 by T-SQL', () => {
  it('explain: whether it fails over on its own is unknown, naming both values and what settles it', async () => {
    const [why, ...rest] = automatic(TEXT);
    expect(rest).toEqual([]);
    expect(why?.code).toBe('EXTERNAL_AUTOMATIC_FAILOVER_UNKNOWN');
    expect(why?.message).toContain(
      'at REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0, as the script sets it, the resource agent does not fail over automatically; at 1, which the agent itself sets for these replicas on each monitor action unless the resource overrides it, it fails over automatically',
    );
    expect(why?.rule.document).toBe(DOCUMENTS.S29);
    expect(why?.settledBy).toEqual([
      'pcs resource config <ag resource> (required_synchronized_secondaries_to_commit)',
      'sys.availability_groups.required_synchronized_secondaries_to_commit on the running group',
    ]);
    const shown = await run(['explain', FILE, '--sql-version', '2022', '--json']);
    const explanation = (
      result(shown) as { explanation: { automaticFailover: { code: string }[] } }
    ).explanation;
    expect(explanation.automaticFailover.map((r) => r.code)).toEqual([
      'EXTERNAL_AUTOMATIC_FAILOVER_UNKNOWN',
    ]);
  });

  it("without the SET the group has the agent's value and fails over automatically", () => {
    expect(TEXT).toContain(SET_ZERO);
    expect(automatic(TEXT.replace(SET_ZERO, '')).map((r) => r.code)).toEqual([
      'AUTOMATIC_FROM',
      'AUTOMATIC_FROM',
      'AUTOMATIC_FROM',
      // DB_FAILOVER = ON: the cluster checks sys.databases at each monitor action (S30).
      'EXTERNAL_DB_FAILOVER_MONITORED',
      // Pacemaker promotes only when a majority of the others answer (S29).
      'EXTERNAL_AUTOMATIC_NEEDS_OTHERS',
    ]);
  });

  it('a configuration that states 0 as the group’s own value keeps the plain answer', () => {
    const [ag] = configsAfterScript(
      readScriptReport(TEXT, { version: 2022, fileName: NAME }).script,
    );
    expect(explainConfig(ag!.config).automaticFailover.map((r) => r.code)).toEqual([
      'EXTERNAL_NO_REQUIRED_SECONDARIES',
    ]);
  });
});
