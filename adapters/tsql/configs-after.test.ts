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

/*
 * "Configuration only replica" (SQL Server on Linux, high availability and data protection): "You
 * cannot modify the availability mode of a configuration only replica"; MODIFY REPLICA's
 * AVAILABILITY_MODE is SYNCHRONOUS_COMMIT or ASYNCHRONOUS_COMMIT (ALTER AVAILABILITY GROUP).
 */
describe('a configuration-only replica in the ALTER statements after CREATE', () => {
  const create = [
    ':Connect node1',
    `CREATE AVAILABILITY GROUP [ag1] WITH (CLUSTER_TYPE = EXTERNAL) FOR REPLICA ON ${replica('node1', 'SYNCHRONOUS_COMMIT', 'EXTERNAL')}, ${replica('node2', 'SYNCHRONOUS_COMMIT', 'EXTERNAL')}, N'node3' WITH (ENDPOINT_URL = N'tcp://node3:5022', AVAILABILITY_MODE = CONFIGURATION_ONLY);`,
    'GO',
  ];
  const groupAfter = (alter: string) =>
    configsAfterScript(
      readScriptReport([...create, alter].join('\n'), { version: 2019 }).script,
    )[0]!;

  it('keeps its mode: MODIFY REPLICA does not apply to it', () => {
    const a = groupAfter(
      "ALTER AVAILABILITY GROUP [ag1] MODIFY REPLICA ON N'node3' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);",
    );
    expect(a.config.replicas[2]?.availabilityMode).toBe('CONFIGURATION_ONLY');
    expect(a.notApplied.map((n) => n.text)).toEqual([
      expect.stringContaining(
        'configuration-only replica: its availability mode cannot be modified',
      ),
    ]);
  });

  it('no replica becomes one by MODIFY REPLICA', () => {
    const a = groupAfter(
      "ALTER AVAILABILITY GROUP [ag1] MODIFY REPLICA ON N'node2' WITH (AVAILABILITY_MODE = CONFIGURATION_ONLY);",
    );
    expect(a.config.replicas[1]?.availabilityMode).toBe('SYNCHRONOUS_COMMIT');
    expect(a.notApplied.map((n) => n.text)).toEqual([
      expect.stringContaining('[CONFIGURATION_ONLY_NOT_MODIFIABLE]'),
    ]);
  });
});
