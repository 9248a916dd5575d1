import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../core/model/events.js';
import { readScript } from './script.js';

const read = (text: string, server?: string) =>
  readScript(text, {
    version: 2025,
    fileName: 'alter.sql',
    ...(server === undefined ? {} : { server }),
  });

const events = (text: string, server?: string): readonly ClusterEvent[] => {
  const r = read(text, server);
  if (E.isLeft(r)) throw new Error(r.left.map((e) => e.message).join('\n'));
  return r.right.events;
};

const errors = (text: string, server?: string): readonly string[] => {
  const r = read(text, server);
  return E.isLeft(r) ? r.left.map((e) => e.message) : [];
};

const skipped = (text: string): readonly string[] => {
  const r = read(text, 'SQL1');
  if (E.isLeft(r)) throw new Error(r.left.map((e) => e.message).join('\n'));
  return r.right.statements.flatMap((s) =>
    s.outcome.kind === 'skipped' ? [s.outcome.reason] : [],
  );
};

describe('ALTER AVAILABILITY GROUP on the primary', () => {
  it('SET: one group option', () => {
    expect(events('ALTER AVAILABILITY GROUP ag SET (HEALTH_CHECK_TIMEOUT = 60000)')).toEqual([
      { type: 'ag.set', options: { healthCheckTimeout: 60000 } },
    ]);
    expect(
      events(
        "ALTER AVAILABILITY GROUP [AccountsAG] SET (CLUSTER_CONNECTION_OPTIONS = 'Encrypt=Strict')",
      ),
    ).toEqual([{ type: 'ag.set', options: { clusterConnectionOptions: 'Encrypt=Strict' } }]);
    expect(events("ALTER AVAILABILITY GROUP ag SET (CLUSTER_CONNECTION_OPTIONS = '')")).toEqual([
      { type: 'ag.set', options: { clusterConnectionOptions: null } },
    ]);
  });

  it('SET: options CREATE alone takes are refused', () => {
    expect(errors('ALTER AVAILABILITY GROUP ag SET (CLUSTER_TYPE = NONE)')).toEqual([
      "alter.sql:1:34: expected a group option (AUTOMATED_BACKUP_PREFERENCE, FAILURE_CONDITION_LEVEL, HEALTH_CHECK_TIMEOUT, DB_FAILOVER, DTC_SUPPORT, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT, WRITE_LEASE_VALIDITY, CLUSTER_CONNECTION_OPTIONS), found 'CLUSTER_TYPE'",
    ]);
  });

  it('ADD / REMOVE DATABASE', () => {
    expect(
      events(
        'ALTER AVAILABILITY GROUP ag ADD DATABASE [Sales], Orders; ALTER AVAILABILITY GROUP ag REMOVE DATABASE Sales',
      ),
    ).toEqual([
      { type: 'db.add', database: 'Sales' },
      { type: 'db.add', database: 'Orders' },
      { type: 'db.remove', database: 'Sales' },
    ]);
  });

  it('ADD REPLICA ON: a replica spec, with the codec judging it', () => {
    expect(
      events(`ALTER AVAILABILITY GROUP ag ADD REPLICA ON N'SQL4' WITH (
        ENDPOINT_URL = N'TCP://sql4:5022', AVAILABILITY_MODE = CONFIGURATION_ONLY, FAILOVER_MODE = MANUAL)`),
    ).toEqual([
      {
        type: 'replica.add',
        spec: {
          name: 'SQL4',
          endpointUrl: 'TCP://sql4:5022',
          availabilityMode: 'CONFIGURATION_ONLY',
          failoverMode: 'MANUAL',
        },
      },
    ]);
    expect(
      errors(
        `ALTER AVAILABILITY GROUP ag ADD REPLICA ON N'SQL4' WITH (ENDPOINT_URL = N'TCP://sql4:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)`,
      ),
    ).toEqual([
      "alter.sql:1:44: expected FAILOVER_MODE = AUTOMATIC | MANUAL | EXTERNAL, found no FAILOVER_MODE in replica N'SQL4'",
    ]);
  });

  it('MODIFY REPLICA ON: the options changed, NONE clearing a routing URL', () => {
    expect(
      events(`ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON N'SQL2' WITH (SEEDING_MODE = AUTOMATIC);
ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON N'SQL2' WITH (SECONDARY_ROLE (READ_ONLY_ROUTING_URL = NONE))`),
    ).toEqual([
      { type: 'replica.modify', replica: 'SQL2', options: { seedingMode: 'AUTOMATIC' } },
      {
        type: 'replica.modify',
        replica: 'SQL2',
        options: { secondaryRole: { readOnlyRoutingUrl: null } },
      },
    ]);
    expect(errors(`ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON N'SQL2' WITH ()`)).toEqual([
      "alter.sql:1:61: expected an option name, found ')'",
    ]);
  });

  it('the read-only routing example of the documentation', () => {
    const text = readFileSync(
      new URL('./fixtures/docs-read-only-routing.sql', import.meta.url),
      'utf8',
    );
    expect(
      events(text).map((e) => (e.type === 'replica.modify' ? [e.replica, e.options] : e.type)),
    ).toEqual([
      ['NODE01', { secondaryRole: { allowConnections: 'READ_ONLY' } }],
      ['NODE01', { secondaryRole: { readOnlyRoutingUrl: 'TCP://NODE01.contoso.com:1433' } }],
      ['NODE02', { secondaryRole: { allowConnections: 'READ_ONLY' } }],
      ['NODE02', { secondaryRole: { readOnlyRoutingUrl: 'TCP://NODE02.contoso.com:1433' } }],
      ['NODE01', { primaryRole: { readOnlyRoutingList: ['NODE02', 'NODE01'] } }],
      [
        'NODE02',
        { primaryRole: { readOnlyRoutingList: [['NODE01', 'NODE03'], 'NODE04', 'NODE02'] } },
      ],
    ]);
  });

  it('REMOVE REPLICA ON, OFFLINE', () => {
    expect(
      events(
        "ALTER AVAILABILITY GROUP ag REMOVE REPLICA ON N'SQL3'\nALTER AVAILABILITY GROUP ag OFFLINE",
      ),
    ).toEqual([{ type: 'replica.remove', replica: 'SQL3' }, { type: 'ag.offline' }]);
  });

  it('ADD / MODIFY / REMOVE LISTENER; RESTART LISTENER changes nothing modelled', () => {
    expect(
      events(`ALTER AVAILABILITY GROUP ag ADD LISTENER N'ag-l' (WITH DHCP);
ALTER AVAILABILITY GROUP ag MODIFY LISTENER N'ag-l' (ADD IP ('10.0.1.9', '255.255.255.0'));
ALTER AVAILABILITY GROUP ag MODIFY LISTENER N'ag-l' (PORT = 1500);
ALTER AVAILABILITY GROUP ag MODIFY LISTENER N'ag-l' (REMOVE IP ('10.0.1.9'));
ALTER AVAILABILITY GROUP ag REMOVE LISTENER N'ag-l';`),
    ).toEqual([
      { type: 'ag.addListener', listener: { name: 'ag-l', dhcp: true, addresses: [] } },
      {
        type: 'ag.modifyListener',
        name: 'ag-l',
        addAddresses: [{ address: '10.0.1.9', subnetMask: '255.255.255.0' }],
      },
      { type: 'ag.modifyListener', name: 'ag-l', port: 1500 },
      { type: 'ag.modifyListener', name: 'ag-l', removeAddresses: ['10.0.1.9'] },
      { type: 'ag.removeListener', name: 'ag-l' },
    ]);
    expect(skipped("ALTER AVAILABILITY GROUP ag RESTART LISTENER N'ag-l'")).toEqual([
      'restarting a listener changes no configuration or state agstate models',
    ]);
    expect(errors("ALTER AVAILABILITY GROUP ag ADD LISTENER N'ag-l' (PORT = 1433)")).toEqual([
      "alter.sql:1:42: expected WITH DHCP [ON (…)] or WITH IP (…) in the listener, found no address clause in listener N'ag-l'",
    ]);
  });
});

describe('ALTER AVAILABILITY GROUP on a given replica', () => {
  it('JOIN, GRANT and DENY run on the :Connect server', () => {
    expect(
      events(`:Connect SQL2
ALTER AVAILABILITY GROUP ag JOIN WITH (CLUSTER_TYPE = NONE)
ALTER AVAILABILITY GROUP ag GRANT CREATE ANY DATABASE
:Connect SQL3
ALTER AVAILABILITY GROUP ag DENY CREATE ANY DATABASE`),
    ).toEqual([
      { type: 'replica.join', replica: 'SQL2' },
      { type: 'replica.grantCreateDatabase', replica: 'SQL2' },
      { type: 'replica.denyCreateDatabase', replica: 'SQL3' },
    ]);
    expect(
      errors(':Connect SQL2\nALTER AVAILABILITY GROUP ag JOIN WITH (CLUSTER_TYPE = FAILOVER)'),
    ).toEqual(["alter.sql:2:55: expected CLUSTER_TYPE = WSFC | EXTERNAL | NONE, found 'FAILOVER'"]);
  });

  it('FAILOVER and FORCE_FAILOVER_ALLOW_DATA_LOSS target the :Connect server', () => {
    expect(
      events(
        `:Connect SQL2\nALTER AVAILABILITY GROUP ag FAILOVER\n:Connect SQL3\nALTER AVAILABILITY GROUP ag FORCE_FAILOVER_ALLOW_DATA_LOSS;`,
      ),
    ).toEqual([
      { type: 'ag.failover', target: 'SQL2' },
      { type: 'ag.forceFailover', target: 'SQL3' },
    ]);
  });

  it('SET (ROLE = SECONDARY) runs on the replica it demotes', () => {
    expect(events(':Connect SQL1\nALTER AVAILABILITY GROUP dag SET (ROLE = SECONDARY);')).toEqual([
      { type: 'ag.setRoleSecondary', replica: 'SQL1' },
    ]);
    expect(errors(':Connect SQL1\nALTER AVAILABILITY GROUP dag SET (ROLE = PRIMARY);')).toEqual([
      "alter.sql:2:35: expected ROLE = SECONDARY, found 'ROLE = PRIMARY'",
    ]);
  });

  it('without a :Connect, such a statement is kept and reported as on an unnamed replica', () => {
    const r = read('ALTER AVAILABILITY GROUP ag FAILOVER;\nALTER AVAILABILITY GROUP ag JOIN;');
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.events).toEqual([]);
    expect(r.right.statements.map((s) => s.outcome.kind)).toEqual(['unplaced', 'unplaced']);
    expect(r.right.warnings.map((w) => w.message)).toEqual([
      'alter.sql:1:1: warning: FAILOVER (the failover target) runs on an unnamed replica: the script has no :Connect before it and no server was given (--server NAME)',
      'alter.sql:2:1: warning: JOIN runs on an unnamed replica: the script has no :Connect before it and no server was given (--server NAME)',
    ]);
    expect(events('ALTER AVAILABILITY GROUP ag FAILOVER;', 'SQL9')).toEqual([
      { type: 'ag.failover', target: 'SQL9' },
    ]);
  });

  it('a FAILOVER on a connection address, not a replica name, is reported as such', () => {
    const r = read(':Connect tcp:10.0.0.12,1433\nALTER AVAILABILITY GROUP ag FAILOVER;');
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.events).toEqual([]);
    expect(r.right.statements[0]?.kept).toEqual({ targetAddress: 'tcp:10.0.0.12,1433' });
    expect(r.right.warnings.map((w) => w.message)).toEqual([
      "alter.sql:2:1: warning: FAILOVER (the failover target) runs on 'tcp:10.0.0.12,1433', a connection address, not a replica name: agstate cannot tell which replica that is",
    ]);
  });

  it('JOIN / MODIFY AVAILABILITY GROUP ON keep every member option as written', () => {
    const r = read(`ALTER AVAILABILITY GROUP [distributedag] MODIFY AVAILABILITY GROUP ON
  'ag1' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL), 'ag2' WITH (LISTENER = 'tcp://ag2:5022')`);
    expect(E.isRight(r) && r.right.statements.map((s) => s.outcome)).toEqual([
      {
        kind: 'members',
        action: 'modify',
        members: [
          { name: 'ag1', availabilityMode: 'SYNCHRONOUS_COMMIT', failoverMode: 'MANUAL' },
          { name: 'ag2', listenerUrl: 'tcp://ag2:5022' },
        ],
      },
    ]);
    expect(
      errors(
        `ALTER AVAILABILITY GROUP [distributedag] JOIN AVAILABILITY GROUP ON 'ag1' WITH (LISTENER_URL = 'tcp://l:5022', AVAILABILITY_MODE = SYNC, FAILOVER_MODE = MANUAL)`,
      ),
    ).toEqual([
      "alter.sql:1:132: expected AVAILABILITY_MODE = SYNCHRONOUS_COMMIT | ASYNCHRONOUS_COMMIT | CONFIGURATION_ONLY, found 'SYNC'",
    ]);
  });

  it('never says an option is wrong for the very value it expects', () => {
    // FAILOVER_MODE = MANUAL in MODIFY AVAILABILITY GROUP ON was once reported as
    // "expected FAILOVER_MODE = AUTOMATIC | MANUAL | EXTERNAL, found 'MANUAL'".
    const messages = errors(
      "ALTER AVAILABILITY GROUP [distributedag] MODIFY AVAILABILITY GROUP ON 'ag1' WITH (FAILOVER_MODE = MANUAL)",
    );
    expect(messages).toEqual([]);
    // An option the statement does not take is named as such, not as a bad value.
    expect(
      errors(
        'ALTER AVAILABILITY GROUP ag JOIN WITH (CLUSTER_TYPE = EXTERNAL, FAILOVER_MODE = MANUAL)',
        'SQL2',
      ),
    ).toEqual(["alter.sql:1:65: expected a JOIN option (CLUSTER_TYPE), found 'FAILOVER_MODE'"]);
  });

  it('names the verbs it knows when the verb is unknown', () => {
    expect(errors('ALTER AVAILABILITY GROUP ag ONLINE')).toEqual([
      "alter.sql:1:29: expected SET, ADD, REMOVE, MODIFY, JOIN, GRANT, DENY, FAILOVER, FORCE_FAILOVER_ALLOW_DATA_LOSS, RESTART LISTENER or OFFLINE, found 'ONLINE'",
    ]);
  });
});

describe('ALTER DATABASE … SET HADR', () => {
  it('joins, leaves, suspends and resumes a database on the :Connect server', () => {
    const r = read(`:Connect SQL2
ALTER DATABASE [Sales] SET HADR AVAILABILITY GROUP = [SalesAG];
ALTER DATABASE Sales SET HADR SUSPEND;
ALTER DATABASE Sales
    SET HADR RESUME;
ALTER DATABASE Sales SET HADR OFF;`);
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.events).toEqual([
      { type: 'db.join', replica: 'SQL2', database: 'Sales' },
      { type: 'db.suspend', replica: 'SQL2', database: 'Sales' },
      { type: 'db.resume', replica: 'SQL2', database: 'Sales' },
      { type: 'db.leave', replica: 'SQL2', database: 'Sales' },
    ]);
    expect(r.right.statements.map((s) => s.group)).toEqual(['SalesAG', null, null, null]);
  });

  it('reports an unknown HADR option', () => {
    expect(errors(':Connect SQL2\nALTER DATABASE Sales SET HADR PAUSE')).toEqual([
      "alter.sql:2:31: expected AVAILABILITY GROUP = name, OFF, SUSPEND or RESUME, found 'PAUSE'",
    ]);
  });

  it('passes over other ALTER DATABASE statements', () => {
    expect(skipped('ALTER DATABASE Sales SET RECOVERY FULL')).toEqual([
      'database properties other than SET HADR are not modelled',
    ]);
  });
});

describe('ALTER-only scripts: every option range-checked at its place', () => {
  // ALTER AVAILABILITY GROUP (Transact-SQL): BACKUP_PRIORITY is 0..100, SESSION_TIMEOUT at least
  // 5 seconds, HEALTH_CHECK_TIMEOUT at least 15000 ms.
  it('reports BACKUP_PRIORITY = 101 in MODIFY REPLICA, and every other out-of-range value', () => {
    const text = [
      "ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON 'A' WITH (BACKUP_PRIORITY = 101);",
      "ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON 'A' WITH (SESSION_TIMEOUT = 2);",
      'ALTER AVAILABILITY GROUP ag SET (HEALTH_CHECK_TIMEOUT = 100);',
      "ALTER AVAILABILITY GROUP ag ADD REPLICA ON 'B' WITH (ENDPOINT_URL = 'TCP://b:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, BACKUP_PRIORITY = -1);",
      "ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON 'A' WITH (BACKUP_PRIORITY = 100);",
    ].join('\n');
    expect(errors(text)).toEqual([
      "alter.sql:1:75: expected BACKUP_PRIORITY = an integer from 0 (never back up here) to 100, found '101'",
      "alter.sql:2:75: expected SESSION_TIMEOUT = at least 5 seconds, found '2'",
      "alter.sql:3:57: expected HEALTH_CHECK_TIMEOUT = from 15000 to 4294967295 milliseconds, found '100'",
      "alter.sql:4:168: expected BACKUP_PRIORITY = an integer from 0 (never back up here) to 100, found '-1'",
    ]);
  });
});
