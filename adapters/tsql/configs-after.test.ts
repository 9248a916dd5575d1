import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/**
 * A script deploys what its CREATE and the ALTER AVAILABILITY GROUP statements after it make
 * (ALTER AVAILABILITY GROUP (Transact-SQL), S3: ADD REPLICA, MODIFY REPLICA, SET): the rules judge
 * that group, as they would its snapshot once deployed.
 */
const replica = (name: string, mode: string, failover: string) =>
  `N'${name}' WITH (ENDPOINT_URL = N'TCP://${name}:5022', AVAILABILITY_MODE = ${mode}, FAILOVER_MODE = ${failover})`;

const script = [
  ':Connect N1',
  `CREATE AVAILABILITY GROUP [ag] FOR REPLICA ON ${['N1', 'N2', 'N3'].map((n) => replica(n, 'SYNCHRONOUS_COMMIT', 'AUTOMATIC')).join(', ')};`,
  'GO',
  `ALTER AVAILABILITY GROUP [ag] ADD REPLICA ON ${replica('N4', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC')};`,
  'GO',
  "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'N3' WITH (FAILOVER_MODE = MANUAL);",
  'GO',
  "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'N3' WITH (AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT);",
  'GO',
  "ALTER AVAILABILITY GROUP [ag] REMOVE REPLICA ON N'N9';",
].join('\n');

describe('the groups a script leaves', () => {
  const [after] = configsAfterScript(readScriptReport(script, { version: 2016 }).script);

  it('follow its ALTER statements in order', () => {
    expect(after?.config.replicas.map((r) => [r.name, r.availabilityMode, r.failoverMode])).toEqual(
      [
        ['N1', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC'],
        ['N2', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC'],
        ['N3', 'ASYNCHRONOUS_COMMIT', 'MANUAL'],
        ['N4', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC'],
      ],
    );
  });

  it('are judged as deployed: three synchronous automatic replicas on 2016, no violation', () => {
    expect(validateConfig(after!.config).map((r) => r.code)).toEqual([]);
    // Without the two MODIFY REPLICA statements, N1 to N4 are all synchronous and automatic.
    const without = script.replace(
      /\nALTER AVAILABILITY GROUP \[ag\] MODIFY REPLICA[^\n]*\nGO/g,
      '',
    );
    const [added] = configsAfterScript(readScriptReport(without, { version: 2016 }).script);
    expect(
      validateConfig(added!.config)
        .map((r) => r.code)
        .sort(),
    ).toEqual(['TOO_MANY_AUTOMATIC_FAILOVER_REPLICAS', 'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS']);
  });

  it('name the statement that could not change the group, with why', () => {
    expect(after?.notApplied.map((n) => [n.line, n.text])).toEqual([
      [
        10,
        expect.stringContaining(
          'is not applied to ag: N9 is not a replica of ag [UNKNOWN_REPLICA]',
        ),
      ],
    ]);
  });
});
