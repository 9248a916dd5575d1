import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * 'Always On availability groups on Linux' (S31), Configuration-only replica and quorum: "While a
 * configuration-only replica can be configured with an AG that has a cluster type of None, it is
 * not recommended, since it complicates the deployment. For those configurations, manually modify
 * required_synchronized_secondaries_to_commit to have a value of at least 1, so that there is at
 * least one synchronized replica." The group is Example A of 'Create and configure an availability
 * group for SQL Server on Linux' (two full replicas and a configuration-only one) written with
 * CLUSTER_TYPE = NONE and FAILOVER_MODE = MANUAL; explain said nothing of the advice.
 */
const exampleA = readFileSync(
  new URL('./fixtures/docs-linux-configuration-only.sql', import.meta.url),
  'utf8',
);
const withNone = (rsstc: string) =>
  exampleA
    .replaceAll('CLUSTER_TYPE = EXTERNAL', 'CLUSTER_TYPE = NONE')
    .replaceAll('FAILOVER_MODE = EXTERNAL', 'FAILOVER_MODE = MANUAL')
    .replace('WITH (CLUSTER_TYPE = NONE)\nFOR', `WITH (CLUSTER_TYPE = NONE${rsstc})\nFOR`);
const dataLossCodes = (text: string) => {
  const [after] = configsAfterScript(
    readScriptReport(text, { version: 2019, fileName: 'ag.sql', server: 'LinAGN1' }).script,
  );
  return after === undefined ? [] : explainConfig(after.config).dataLoss;
};

describe('CLUSTER_TYPE NONE with a configuration-only replica (S31)', () => {
  it('at REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT 0, explain gives the advice of at least 1', () => {
    const text = withNone('');
    expect(text).toContain('CLUSTER_TYPE = NONE)\nFOR');
    const advice = dataLossCodes(text).find((r) => r.code === 'NONE_CONFIGURATION_ONLY_RSSTC_ZERO');
    expect(advice?.message).toContain('it is not recommended, since it complicates the deployment');
    expect(advice?.message).toContain('SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1)');
    expect(advice?.rule.document).toBe('Always On availability groups on Linux (overview)');
  });

  it('says nothing of it once the value is 1, nor under EXTERNAL, where the agent sets it', () => {
    const codes = (text: string) => dataLossCodes(text).map((r) => r.code);
    expect(codes(withNone(', REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1'))).not.toContain(
      'NONE_CONFIGURATION_ONLY_RSSTC_ZERO',
    );
    expect(codes(exampleA)).not.toContain('NONE_CONFIGURATION_ONLY_RSSTC_ZERO');
  });
});
