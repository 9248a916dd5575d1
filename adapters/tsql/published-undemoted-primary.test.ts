import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/*
 * jpomfret/dbatools-wheeloffortune, demos/10/10.ps1 (code index file 29538058159,
 * fixtures/lab-dbatools-none-force-no-demote.sql): a CLUSTER_TYPE = NONE group on two dbatools
 * docker instances, "# force failover" on dbatools2 with Invoke-DbaAgFailover -Force, and nothing
 * run on dbatools1 afterwards. "Fail over the primary replica on a read-scale availability group"
 * (S45): "When the previous primary replica recovers, it will also assume the primary role. To
 * ensure that the previous primary replica transitions into a secondary role run the following
 * command on the previous primary replica: ALTER AVAILABILITY GROUP [ag1] SET (ROLE = SECONDARY)".
 * The script was read as valid with dbatools2 the only primary, without a word.
 */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const name = 'lab-dbatools-none-force-no-demote.sql';
const text = fixture(name);
const warnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.filter((w) => w.text.includes('nothing in the script demotes'))
    .map((w) => [w.line, w.text.split(': with no cluster manager')[0]]);
// The statement after "-- force failover" and its :Connect.
const forced = text.split('\n').indexOf('-- force failover') + 3;

describe('a forced failover of a read-scale group that leaves its old primary primary', () => {
  it('warns at the forced failover of the dbatools demo, naming the replica left primary', () => {
    expect(warnings(text)).toEqual([
      [
        forced,
        'ALTER AVAILABILITY GROUP [WheelOfFortune] FORCE_FAILOVER_ALLOW_DATA_LOSS makes dbatools2 primary of WheelOfFortune (CLUSTER_TYPE = NONE), and nothing in the script demotes dbatools1, the primary before it',
      ],
    ]);
  });

  it('says nothing once the old primary is demoted after it, or taken offline before it', () => {
    const demoted = `${text}:Connect dbatools1\nALTER AVAILABILITY GROUP [WheelOfFortune] SET (ROLE = SECONDARY);\nGO\n`;
    expect(warnings(demoted)).toEqual([]);
    const offline = text.replace(
      '-- force failover\n',
      ':Connect dbatools1\nALTER AVAILABILITY GROUP [WheelOfFortune] OFFLINE;\nGO\n-- force failover\n',
    );
    expect(warnings(offline)).toEqual([]);
  });

  it('judges the documentation procedure that takes the original primary out (S108)', () => {
    // Steps 2 to 4 of "If the original primary replica is brought back online": OFFLINE, REMOVE
    // REPLICA and DROP on N1; without them N1 is left primary beside N2.
    const doc = fixture('docs-read-scale-drop-old-primary.sql');
    expect(warnings(doc)).toEqual([]);
    const stepOneOnly = doc.slice(0, doc.indexOf('-- step 2'));
    expect(warnings(stepOneOnly).map(([, w]) => w)).toEqual([
      expect.stringContaining(
        'makes N2 primary of AGRScale (CLUSTER_TYPE = NONE), and nothing in the script demotes N1',
      ),
    ]);
  });

  it('leaves a group with a cluster manager alone', () => {
    const wsfc = text.replace('CLUSTER_TYPE = NONE, REQUIRED', 'CLUSTER_TYPE = WSFC, REQUIRED');
    expect(warnings(wsfc)).toEqual([]);
  });
});
