import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Configure a distributed Always On availability group" (S58), Fail over to a secondary
 * availability group: step 3 "set the distributed availability group role to SECONDARY on the
 * global primary", step 5 "fail over from the primary availability group to the secondary
 * availability group. Run the following command on the forwarder"; step 4, if last_hardened_lsn
 * differs, "fail back ... by running the following command on the global primary". ALTER
 * AVAILABILITY GROUP (S3): "the JOIN, FAILOVER, and FORCE_FAILOVER_ALLOW_DATA_LOSS arguments are
 * supported only on secondary replicas". The fixture is the page's deployment with step 3 run on
 * the forwarder and step 5 on the global primary, still the distributed group's primary replica.
 */
const name = 'docs-distributed-failover-wrong-sides.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const notApplied = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2019, fileName: name }).script)
    .find((a) => a.config.kind === 'DISTRIBUTED')!
    .notApplied.map((n) => `${n.line}:${n.column} ${n.reason.code}`);

const lines = text.split('\n');
const at = (statement: string) => lines.findIndex((l) => l.startsWith(statement)) + 1;
const force = 'ALTER AVAILABILITY GROUP [distributedag] FORCE_FAILOVER_ALLOW_DATA_LOSS;';

describe('a distributed group’s failover run on the wrong side (S58, S3)', () => {
  it('FORCE_FAILOVER_ALLOW_DATA_LOSS on the global primary, never demoted, is refused at its line', () => {
    expect(notApplied(text)).toEqual([`${at(force)}:1 ALREADY_PRIMARY`]);
  });

  it('on the forwarder, as documented, it is applied', () => {
    const right = text
      .replace(
        ':Connect server3\nALTER AVAILABILITY GROUP [distributedag] SET',
        ':Connect server1\nALTER AVAILABILITY GROUP [distributedag] SET',
      )
      .replace(`:Connect server1\n${force}`, `:Connect server3\n${force}`);
    expect(notApplied(right)).toEqual([]);
  });

  it('the fail-back on the demoted global primary (step 4) is applied', () => {
    const failBack = text.replace(
      ':Connect server3\nALTER AVAILABILITY GROUP [distributedag] SET',
      ':Connect server1\nALTER AVAILABILITY GROUP [distributedag] SET',
    );
    expect(notApplied(failBack)).toEqual([]);
  });
});
