import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../core/model/config.js';
import type { ClusterEvent } from '../../core/model/events.js';
import { quoteName, quoteString, renderCreate, renderEvent, renderEvents } from './render.js';
import { readCreate, readScript } from './script.js';

const configOf = (text: string, version: Config['version']): Config => {
  const read = readCreate(text, { version });
  if (E.isLeft(read)) throw new Error(read.left.map((e) => e.message).join('\n'));
  return read.right;
};

describe('quoting', () => {
  it('brackets names and doubles closing brackets; N-quotes strings and doubles quotes', () => {
    expect(quoteName('a]b')).toBe('[a]]b]');
    expect(quoteString("it's")).toBe("N'it''s'");
  });
});

describe('renderCreate', () => {
  const small = configOf(
    `CREATE AVAILABILITY GROUP [o'k]]ag] FOR DATABASE [db 1] REPLICA ON
      N'SQL1' WITH (ENDPOINT_URL = N'TCP://sql1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
      N'SQL2' WITH (ENDPOINT_URL = N'TCP://sql2:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL,
        SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY, READ_ONLY_ROUTING_URL = N'TCP://sql2:1433'))
      LISTENER N'ag-l' (WITH IP ((N'10.0.0.9', N'255.255.255.0')))`,
    2019,
  );

  it('writes every option explicitly, in a canonical layout', () => {
    expect(renderCreate(small)).toBe(`CREATE AVAILABILITY GROUP [o'k]]ag]
WITH (
    AUTOMATED_BACKUP_PREFERENCE = SECONDARY,
    FAILURE_CONDITION_LEVEL = 3,
    HEALTH_CHECK_TIMEOUT = 30000,
    DB_FAILOVER = OFF,
    DTC_SUPPORT = NONE,
    REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0,
    CLUSTER_TYPE = WSFC
)
FOR DATABASE [db 1]
REPLICA ON
    N'SQL1' WITH (
        ENDPOINT_URL = N'TCP://sql1:5022',
        AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
        FAILOVER_MODE = AUTOMATIC,
        SEEDING_MODE = MANUAL,
        BACKUP_PRIORITY = 50,
        SECONDARY_ROLE (ALLOW_CONNECTIONS = NO),
        PRIMARY_ROLE (ALLOW_CONNECTIONS = ALL, READ_ONLY_ROUTING_LIST = NONE),
        SESSION_TIMEOUT = 10
    ),
    N'SQL2' WITH (
        ENDPOINT_URL = N'TCP://sql2:5022',
        AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT,
        FAILOVER_MODE = MANUAL,
        SEEDING_MODE = MANUAL,
        BACKUP_PRIORITY = 50,
        SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY, READ_ONLY_ROUTING_URL = N'TCP://sql2:1433'),
        PRIMARY_ROLE (ALLOW_CONNECTIONS = ALL, READ_ONLY_ROUTING_LIST = NONE),
        SESSION_TIMEOUT = 10
    )
LISTENER N'ag-l' (WITH IP ((N'10.0.0.9', N'255.255.255.0')), PORT = 1433);
`);
  });

  it('leaves out options the version has not got when they hold their default', () => {
    const old = renderCreate({ ...small, version: 2014 });
    expect(old).not.toMatch(
      /DB_FAILOVER|DTC_SUPPORT|SEEDING_MODE|CLUSTER_TYPE|REQUIRED_SYNCHRONIZED/,
    );
    expect(configOf(old, 2014)).toEqual({ ...small, version: 2014 });
    expect(renderCreate({ ...small, version: 2014, dbFailover: 'ON' })).toContain(
      'DB_FAILOVER = ON',
    );
  });

  it.each([
    ['three-replica-wsfc.sql', 2019],
    ['distributed.sql', 2016],
    ['automatic-seeding.sql', 2016],
  ] as const)('reads back %s to the same configurations', (name, version) => {
    const text = readFileSync(new URL(`../../examples/tsql/${name}`, import.meta.url), 'utf8');
    const read = readScript(text, { version });
    expect(E.isRight(read)).toBe(true);
    if (E.isLeft(read)) return;
    for (const c of read.right.configs) expect(configOf(renderCreate(c), version)).toEqual(c);
  });
});

const sql = (event: ClusterEvent, options = {}) => O.toNullable(renderEvent(event, 'ag', options));

describe('renderEvent', () => {
  it('runs failover commands on their target', () => {
    expect(sql({ type: 'ag.failover', target: 'SQL2' })).toBe(
      ':Connect SQL2\nALTER AVAILABILITY GROUP [ag] FAILOVER;\nGO\n',
    );
    expect(sql({ type: 'ag.forceFailover', target: 'SQL2\\DR' })).toBe(
      ':Connect SQL2\\DR\nALTER AVAILABILITY GROUP [ag] FORCE_FAILOVER_ALLOW_DATA_LOSS;\nGO\n',
    );
  });

  it('writes JOIN with the cluster type outside a WSFC (S3: JOIN WITH (CLUSTER_TYPE = EXTERNAL))', () => {
    const join = { type: 'replica.join', replica: 'N3' } as const;
    expect(renderEvent(join, 'AG1', { clusterType: 'WSFC' })).toEqual(
      O.some(':Connect N3\nALTER AVAILABILITY GROUP [AG1] JOIN;\nGO\n'),
    );
    expect(renderEvent(join, 'AG1', { clusterType: 'EXTERNAL' })).toEqual(
      O.some(
        ':Connect N3\nALTER AVAILABILITY GROUP [AG1] JOIN WITH (CLUSTER_TYPE = EXTERNAL);\nGO\n',
      ),
    );
  });

  it('quotes a :Connect server that is not a plain name', () => {
    expect(sql({ type: 'replica.join', replica: 'my "sql" box' })).toBe(
      ':Connect "my ""sql"" box"\nALTER AVAILABILITY GROUP [ag] JOIN;\nGO\n',
    );
  });

  it('writes the per-database and media commands', () => {
    expect(sql({ type: 'db.join', replica: 'SQL2', database: 'Sales' })).toBe(
      ':Connect SQL2\nALTER DATABASE [Sales] SET HADR AVAILABILITY GROUP = [ag];\nGO\n',
    );
    expect(sql({ type: 'db.resume', replica: 'SQL2', database: 'Sales' })).toContain(
      'SET HADR RESUME;',
    );
    expect(
      sql({
        type: 'db.backup',
        replica: 'SQL1',
        database: 'Sales',
        backupType: 'LOG_COPY_ONLY',
        file: 'x.trn',
      }),
    ).toBe(":Connect SQL1\nBACKUP LOG [Sales] TO DISK = N'x.trn' WITH COPY_ONLY;\nGO\n");
    expect(
      sql({ type: 'db.backup', replica: 'SQL1', database: 'Sales', backupType: 'DIFFERENTIAL' }),
    ).toContain("BACKUP DATABASE [Sales] TO DISK = N'Sales.bak' WITH DIFFERENTIAL;");
    expect(
      sql({
        type: 'db.restore',
        replica: 'SQL2',
        database: 'Sales',
        file: 's.trn',
        recovery: false,
      }),
    ).toContain("RESTORE LOG [Sales] FROM DISK = N's.trn' WITH NORECOVERY;");
  });

  it('writes one statement per changed option, as the MODIFY and SET syntax takes them', () => {
    expect(
      sql({
        type: 'replica.modify',
        replica: 'SQL3',
        options: {
          failoverMode: 'MANUAL',
          secondaryRole: { allowConnections: 'ALL', readOnlyRoutingUrl: null },
        },
      }),
    ).toBe(
      [
        "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'SQL3' WITH (FAILOVER_MODE = MANUAL);",
        'GO',
        "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'SQL3' WITH (SECONDARY_ROLE (ALLOW_CONNECTIONS = ALL));",
        'GO',
        "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'SQL3' WITH (SECONDARY_ROLE (READ_ONLY_ROUTING_URL = NONE));",
        'GO',
        '',
      ].join('\n'),
    );
    expect(
      sql({
        type: 'ag.set',
        options: { dbFailover: 'ON', clusterConnectionOptions: 'Encrypt=Strict' },
      }),
    ).toBe(
      "ALTER AVAILABILITY GROUP [ag] SET (DB_FAILOVER = ON);\nGO\nALTER AVAILABILITY GROUP [ag] SET (CLUSTER_CONNECTION_OPTIONS = N'Encrypt=Strict');\nGO\n",
    );
  });

  it('writes FAILOVER_MODE = MANUAL before AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, and SYNCHRONOUS_COMMIT before AUTOMATIC (S119)', () => {
    // "Change the availability mode of an availability replica" (S119): its first example sets
    // both options of INSTANCE09 at once; "FAILOVER_MODE = AUTOMATIC is supported only if you also
    // specify AVAILABILITY_MODE = SYNCHRONOUS_COMMIT", so the asynchronous mode cannot come first.
    const modify = (options: {
      availabilityMode: 'SYNCHRONOUS_COMMIT' | 'ASYNCHRONOUS_COMMIT';
      failoverMode: 'MANUAL' | 'AUTOMATIC';
    }) => (sql({ type: 'replica.modify', replica: 'INSTANCE09', options }) ?? '').split('\n');
    expect(modify({ availabilityMode: 'ASYNCHRONOUS_COMMIT', failoverMode: 'MANUAL' })).toEqual([
      "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'INSTANCE09' WITH (FAILOVER_MODE = MANUAL);",
      'GO',
      "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'INSTANCE09' WITH (AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT);",
      'GO',
      '',
    ]);
    expect(modify({ availabilityMode: 'SYNCHRONOUS_COMMIT', failoverMode: 'AUTOMATIC' })).toEqual([
      "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'INSTANCE09' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);",
      'GO',
      "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'INSTANCE09' WITH (FAILOVER_MODE = AUTOMATIC);",
      'GO',
      '',
    ]);
  });

  it('connects to the primary for primary commands when told which it is', () => {
    expect(sql({ type: 'db.add', database: 'Sales' }, { primary: 'SQL1' })).toBe(
      ':Connect SQL1\nALTER AVAILABILITY GROUP [ag] ADD DATABASE [Sales];\nGO\n',
    );
  });

  it('gives none for events that are not T-SQL commands', () => {
    const notCommands: ClusterEvent[] = [
      { type: 'db.commit', database: 'd' },
      { type: 'log.ship', replica: 'r' },
      { type: 'replica.crash', replica: 'r' },
      { type: 'time.advance', ms: 10 },
      { type: 'quorum.lost' },
      { type: 'health.signal', replica: 'r', condition: 'SERVICE_DOWN' },
      { type: 'seeding.progress', replica: 'r', database: 'd' },
      { type: 'ag.addListener', listener: { name: 'no-address' } },
    ];
    for (const e of notCommands) expect(renderEvent(e, 'ag')).toEqual(O.none);
  });

  it('reads OFFLINE with the instance it runs on (S108: under CLUSTER_TYPE NONE it acts there)', () => {
    const script = [
      ':Connect node3',
      'ALTER AVAILABILITY GROUP [AGRScale] OFFLINE',
      'GO',
      'ALTER AVAILABILITY GROUP [AGRScale] OFFLINE',
    ].join('\n');
    const placed = readScript(script, { version: 2019 });
    expect(E.isRight(placed) && placed.right.events).toEqual([
      { type: 'ag.offline', replica: 'node3' },
      { type: 'ag.offline', replica: 'node3' },
    ]);
    const unplaced = readScript('ALTER AVAILABILITY GROUP [AGRScale] OFFLINE', { version: 2019 });
    expect(E.isRight(unplaced) && unplaced.right.events).toEqual([{ type: 'ag.offline' }]);
  });

  it('reads back what it writes, as a runbook', () => {
    const events: ClusterEvent[] = [
      { type: 'ag.addListener', listener: { name: 'l', dhcp: true, addresses: [], port: 1500 } },
      {
        type: 'replica.add',
        spec: {
          name: 'SQL4',
          endpointUrl: 'TCP://sql4:5022',
          availabilityMode: 'ASYNCHRONOUS_COMMIT',
          failoverMode: 'MANUAL',
          primaryRole: { readOnlyRoutingList: [['a', 'b'], 'c'] },
        },
      },
      { type: 'replica.join', replica: 'SQL4' },
      { type: 'ag.modifyListener', name: 'l', port: 1600 },
      { type: 'ag.setRoleSecondary', replica: 'SQL1' },
      { type: 'replica.remove', replica: 'SQL4' },
      // OFFLINE keeps the instance it runs on (CLUSTER_TYPE NONE acts on that replica, S108).
      { type: 'ag.offline', replica: 'SQL2' },
    ];
    const read = readScript(renderEvents(events, 'ag'), { version: 2025 });
    expect(E.isRight(read) && read.right.events).toEqual(events);
  });
});
