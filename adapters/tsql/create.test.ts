import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../core/model/config.js';
import { readCreate, readScript } from './script.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const config = (text: string, version: Config['version'] = 2019): Config => {
  const read = readCreate(text, { version });
  if (E.isLeft(read)) throw new Error(read.left.map((e) => e.message).join('\n'));
  return read.right;
};

const errors = (text: string, version: Config['version'] = 2019) => {
  const read = readScript(text, { version, fileName: 'ag.sql' });
  return E.isLeft(read) ? read.left.map((e) => e.message) : [];
};

/** Line and column of the n-th occurrence of `needle` in `text`, 1-based. */
const position = (text: string, needle: string, occurrence = 1) => {
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = text.indexOf(needle, at + 1);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
};

describe('CREATE AVAILABILITY GROUP from the documentation (example A)', () => {
  const text = fixture('docs-create-example-a.sql');
  const c = config(text);

  it('reads the group options the example sets, and documented defaults for the rest', () => {
    expect(c).toMatchObject({
      name: 'MyAg',
      version: 2019,
      automatedBackupPreference: 'SECONDARY',
      failureConditionLevel: 3,
      healthCheckTimeout: 600000,
      dbFailover: 'OFF',
      dtcSupport: 'NONE',
      clusterType: 'WSFC',
      kind: 'STANDARD',
      databases: ['ThisDatabase', 'ThatDatabase'],
      listener: null,
    });
  });

  it('keeps replica order: the first replica is the initial primary', () => {
    expect(c.replicas.map((r) => r.name)).toEqual(['NODE01', 'NODE02', 'NODE03']);
  });

  it('reads every replica option as the example table gives it', () => {
    const [one, , three] = c.replicas;
    expect(one).toEqual({
      name: 'NODE01',
      endpointUrl: 'TCP://NODE01:5022',
      availabilityMode: 'SYNCHRONOUS_COMMIT',
      failoverMode: 'AUTOMATIC',
      seedingMode: 'MANUAL',
      backupPriority: 30,
      sessionTimeout: 10,
      hostedByFci: false,
      secondaryRole: { allowConnections: 'NO', readOnlyRoutingUrl: 'TCP://NODE01:1433' },
      primaryRole: {
        allowConnections: 'READ_WRITE',
        readOnlyRoutingList: ['NODE03'],
        readWriteRoutingUrl: null,
      },
    });
    expect(three).toMatchObject({
      availabilityMode: 'ASYNCHRONOUS_COMMIT',
      failoverMode: 'MANUAL',
      backupPriority: 90,
      secondaryRole: { allowConnections: 'READ_ONLY', readOnlyRoutingUrl: 'TCP://NODE03:1433' },
      primaryRole: { readOnlyRoutingList: [] },
    });
  });

  it('reads the IPv6 listener the example adds', () => {
    const read = readScript(text, { version: 2019 });
    expect(E.isRight(read) && read.right.events).toEqual([
      {
        type: 'ag.addListener',
        listener: {
          name: 'MyAgListenerIvP6',
          dhcp: false,
          addresses: [
            { address: '2001:db88:f0:f00f::cf3c' },
            { address: '2001:4898:e0:f213::4ce2' },
          ],
          port: 60173,
        },
      },
    ]);
  });

  it('reports a misspelt value at its line and column, in T-SQL words', () => {
    const broken = text.replace(
      'AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT',
      'AVAILABILITY_MODE = ASYNC',
    );
    expect(errors(broken)).toEqual([
      `ag.sql:${position(broken, 'ASYNC,')}: expected AVAILABILITY_MODE = SYNCHRONOUS_COMMIT | ASYNCHRONOUS_COMMIT | CONFIGURATION_ONLY, found 'ASYNC'`,
    ]);
  });

  it('reports a missing comma where the next option starts', () => {
    const broken = text.replace('BACKUP_PRIORITY = 90,', 'BACKUP_PRIORITY = 90');
    expect(errors(broken)).toEqual([
      `ag.sql:${position(broken, 'SECONDARY_ROLE', 3)}: expected ',' or ')', found 'SECONDARY_ROLE'`,
    ]);
  });

  it('reports a value of the wrong kind and an unknown option at their places', () => {
    const broken = text
      .replace('BACKUP_PRIORITY = 30,', "BACKUP_PRIORITY = 'high',")
      .replace(
        "SESSION_TIMEOUT = 10  \n         ),   \n  \n      'NODE02'",
        "SESION_TIMEOUT = 10  \n         ),   \n  \n      'NODE02'",
      );
    expect(errors(broken)).toEqual([
      `ag.sql:${position(broken, "'high'")}: expected BACKUP_PRIORITY = an integer from 0 to 100, found 'high'`,
      `ag.sql:${position(broken, 'SESION_TIMEOUT')}: expected a replica option (ENDPOINT_URL, AVAILABILITY_MODE, FAILOVER_MODE, SEEDING_MODE, BACKUP_PRIORITY, SECONDARY_ROLE, PRIMARY_ROLE, SESSION_TIMEOUT), found 'SESION_TIMEOUT'`,
    ]);
  });
});

describe('the automatic-seeding example of seed 001', () => {
  const text = fixture('seed-001-automatic-seeding.sql');

  it('reports what SQL Server would refuse: the trailing comma and the missing AVAILABILITY_MODE', () => {
    // The GRANT that runs on the secondary, with no :Connect, is not an error: it is kept and
    // reported as running on an unnamed replica (see script.test.ts).
    expect(errors(text, 2016)).toEqual([
      "ag.sql:8:1: expected an option name, found ')'",
      "ag.sql:9:3: expected AVAILABILITY_MODE = SYNCHRONOUS_COMMIT | ASYNCHRONOUS_COMMIT | CONFIGURATION_ONLY, found no AVAILABILITY_MODE in replica N'Secondary_Replica'",
    ]);
  });

  it('reads once the statement is corrected and the secondary is named', () => {
    const fixed = text
      .replace('SYNCHRONOUS_COMMIT, \n)', 'SYNCHRONOUS_COMMIT\n)')
      .replace(
        'SEEDING_MODE = AUTOMATIC);',
        'SEEDING_MODE = AUTOMATIC, AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);',
      )
      .replace(
        'ALTER AVAILABILITY GROUP [<AGName>]',
        ':Connect Secondary_Replica\nALTER AVAILABILITY GROUP [<AGName>]',
      );
    const read = readScript(fixed, { version: 2016 });
    expect(E.isRight(read)).toBe(true);
    if (E.isLeft(read)) return;
    expect(read.right.configs[0]).toMatchObject({
      name: '<AGName>',
      databases: ['db1'],
      replicas: [
        { name: 'Primary_Replica', seedingMode: 'MANUAL' },
        { name: 'Secondary_Replica', seedingMode: 'AUTOMATIC', failoverMode: 'AUTOMATIC' },
      ],
    });
    expect(read.right.events).toEqual([
      { type: 'replica.grantCreateDatabase', replica: 'Secondary_Replica' },
    ]);
  });
});

describe('group options and kinds', () => {
  const replicas = `REPLICA ON N'A' WITH (ENDPOINT_URL = N'TCP://a:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = EXTERNAL)`;

  it('reads every group option of the 2025 syntax', () => {
    const c = config(
      `CREATE AVAILABILITY GROUP ag WITH (AUTOMATED_BACKUP_PREFERENCE = NONE, FAILURE_CONDITION_LEVEL = 5,
        HEALTH_CHECK_TIMEOUT = 15000, DB_FAILOVER = ON, DTC_SUPPORT = PER_DB,
        CONTAINED AUTOSEEDING_SYSTEM_DATABASES, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1,
        CLUSTER_TYPE = EXTERNAL, WRITE_LEASE_VALIDITY = 20,
        CLUSTER_CONNECTION_OPTIONS = 'Encrypt=Strict;HostNameInCertificate=ag.contoso.com')
       FOR ${replicas}`,
      2025,
    );
    expect(c).toMatchObject({
      automatedBackupPreference: 'NONE',
      failureConditionLevel: 5,
      healthCheckTimeout: 15000,
      dbFailover: 'ON',
      dtcSupport: 'PER_DB',
      kind: 'CONTAINED',
      contained: { autoseedingSystemDatabases: true },
      requiredSynchronizedSecondariesToCommit: 1,
      clusterType: 'EXTERNAL',
      writeLeaseValidity: 20,
      clusterConnectionOptions: 'Encrypt=Strict;HostNameInCertificate=ag.contoso.com',
      databases: [],
    });
  });

  it('reads BASIC and CONTAINED REUSE_SYSTEM_DATABASES, and refuses two kinds', () => {
    expect(config(`CREATE AVAILABILITY GROUP b WITH (BASIC) FOR DATABASE d ${replicas}`).kind).toBe(
      'BASIC',
    );
    expect(
      config(
        `CREATE AVAILABILITY GROUP c WITH (CONTAINED REUSE_SYSTEM_DATABASES) FOR ${replicas}`,
        2022,
      ).contained,
    ).toEqual({
      reuseSystemDatabases: true,
    });
    expect(errors(`CREATE AVAILABILITY GROUP x WITH (BASIC, DISTRIBUTED) FOR ${replicas}`)).toEqual(
      ["ag.sql:1:42: expected only one of BASIC, DISTRIBUTED and CONTAINED, found 'DISTRIBUTED'"],
    );
  });

  it('reads REUSE_SYSTEM_DATABASES as an option of its own after CONTAINED, as the contained AG overview and SSMS write it, and only there', () => {
    // "What is a contained availability group?" (learn.microsoft.com, contained-availability-groups-overview):
    // CREATE AVAILABILITY GROUP … WITH (CONTAINED, REUSE_SYSTEM_DATABASES) re-creates a contained AG over its existing system databases.
    expect(
      config(
        `CREATE AVAILABILITY GROUP c WITH (CLUSTER_TYPE = WSFC, CONTAINED, REUSE_SYSTEM_DATABASES) FOR ${replicas}`,
        2022,
      ).contained,
    ).toEqual({ reuseSystemDatabases: true });
    expect(
      errors(`CREATE AVAILABILITY GROUP c WITH (REUSE_SYSTEM_DATABASES) FOR ${replicas}`, 2022),
    ).toEqual([
      "ag.sql:1:35: expected BASIC | DISTRIBUTED | CONTAINED [REUSE_SYSTEM_DATABASES | AUTOSEEDING_SYSTEM_DATABASES], the modifier after CONTAINED, found 'REUSE_SYSTEM_DATABASES'",
    ]);
  });

  it('takes the cumulative update and the replicas hosted by failover cluster instances from the caller', () => {
    const read = readCreate(`CREATE AVAILABILITY GROUP ag FOR ${replicas}`, {
      version: 2017,
      cumulativeUpdate: 31,
      fciReplicas: ['a'],
    });
    expect(
      E.isRight(read) && [read.right.cumulativeUpdate, read.right.replicas[0]?.hostedByFci],
    ).toEqual([31, true]);
  });

  it('reads a DHCP listener on a subnet', () => {
    const c = config(
      `CREATE AVAILABILITY GROUP ag FOR ${replicas} LISTENER 'ag-listener' (WITH DHCP ON ('10.120.19.0','255.255.254.0'))`,
    );
    expect(c.listener).toEqual({
      name: 'ag-listener',
      port: 1433,
      dhcp: true,
      addresses: [{ address: '10.120.19.0', subnetMask: '255.255.254.0' }],
    });
  });

  it('reads routing lists of names, strings and one level of load-balanced sets', () => {
    const c =
      config(`CREATE AVAILABILITY GROUP ag FOR REPLICA ON N'A' WITH (ENDPOINT_URL = N'TCP://a:5022',
      AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL,
      PRIMARY_ROLE (READ_ONLY_ROUTING_LIST = (('Server1','Server2'), ('Server3', [Server4], Server5), 'Server6')))`);
    expect(c.replicas[0]?.primaryRole.readOnlyRoutingList).toEqual([
      ['Server1', 'Server2'],
      ['Server3', 'Server4', 'Server5'],
      'Server6',
    ]);
  });
});

describe('CREATE … AVAILABILITY GROUP ON (distributed)', () => {
  it('reads the members of a distributed availability group', () => {
    const text = readFileSync(
      new URL('../../examples/tsql/distributed.sql', import.meta.url),
      'utf8',
    );
    const read = readScript(text, { version: 2016 });
    expect(E.isRight(read)).toBe(true);
    if (E.isLeft(read)) return;
    const dag = read.right.configs[2];
    expect(dag).toMatchObject({ name: 'distributedag', kind: 'DISTRIBUTED', replicas: [] });
    expect(dag?.members).toEqual([
      {
        name: 'ag1',
        listenerUrl: 'tcp://ag1-listener.contoso.com:5022',
        availabilityMode: 'ASYNCHRONOUS_COMMIT',
        failoverMode: 'MANUAL',
        seedingMode: 'AUTOMATIC',
      },
      {
        name: 'ag2',
        listenerUrl: 'tcp://ag2-listener.contoso.com:5022',
        availabilityMode: 'ASYNCHRONOUS_COMMIT',
        failoverMode: 'MANUAL',
        seedingMode: 'AUTOMATIC',
      },
    ]);
  });

  it('reports a member option that is missing', () => {
    expect(
      errors(`CREATE AVAILABILITY GROUP d WITH (DISTRIBUTED) AVAILABILITY GROUP ON
  'ag1' WITH (LISTENER_URL = 'tcp://l1:5022', FAILOVER_MODE = MANUAL)`),
    ).toEqual([
      "ag.sql:2:3: expected AVAILABILITY_MODE = SYNCHRONOUS_COMMIT | ASYNCHRONOUS_COMMIT | CONFIGURATION_ONLY, found no AVAILABILITY_MODE in availability group 'ag1'",
    ]);
  });
});

describe('the read-scale example (CLUSTER_TYPE = NONE)', () => {
  it('reads the group, tabs and all', () => {
    const read = readScript(fixture('docs-read-scale.sql'), { version: 2017 });
    expect(E.isRight(read)).toBe(true);
    if (E.isLeft(read)) return;
    expect(read.right.configs[0]).toMatchObject({
      clusterType: 'NONE',
      replicas: [
        { name: 'node1', seedingMode: 'AUTOMATIC', secondaryRole: { allowConnections: 'ALL' } },
        { name: 'node2', failoverMode: 'MANUAL', availabilityMode: 'ASYNCHRONOUS_COMMIT' },
      ],
    });
  });
});
