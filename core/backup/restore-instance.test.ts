import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster/build.js';
import { step } from '../cluster/step.js';
import type { Cluster } from '../cluster/types.js';
import { resolveConfig } from '../model/config.js';
import type { ClusterEvent as Event } from '../model/events.js';

/**
 * RESTORE WITH NORECOVERY on a replica added and not joined yet: 'Add a replica to your Always On
 * Availability group using the Availability Group Wizard' (S148) prepares the secondary databases
 * "before or after running the wizard". The copy waits on the instance; the usual chain rules
 * still hold when the database joins.
 */

type Mode = 'SYNCHRONOUS_COMMIT' | 'CONFIGURATION_ONLY';
// A replica of a group under Pacemaker fails over by the cluster manager (FAILOVER_MODE EXTERNAL).
const replica = (name: string, mode: Mode, failoverMode: 'MANUAL' | 'EXTERNAL' = 'MANUAL') => ({
  name,
  endpointUrl: `TCP://${name}:5022`,
  availabilityMode: mode,
  failoverMode,
});

const run = (events: readonly Event[], clusterType: 'WSFC' | 'EXTERNAL' = 'WSFC') => {
  let c: Cluster = createCluster(
    resolveConfig({
      name: 'AG1',
      version: 2019,
      clusterType,
      databases: ['Sales'],
      replicas: ['P', 'S1'].map((n) =>
        replica(n, 'SYNCHRONOUS_COMMIT', clusterType === 'EXTERNAL' ? 'EXTERNAL' : 'MANUAL'),
      ),
    }),
    { start: 'unprepared' },
  );
  const refused: string[] = [];
  events.forEach((e, i) => {
    const r = step(c, e);
    refused.push(...r.refused.map((x) => `${i} ${e.type} ${x.code}`));
    c = r.cluster;
  });
  return { cluster: c, refused };
};

const add = (name: string, mode: Mode): Event => ({
  type: 'replica.add',
  spec: replica(name, mode, mode === 'CONFIGURATION_ONLY' ? 'EXTERNAL' : 'MANUAL'),
});
const backup = (backupType: 'FULL' | 'LOG', file: string): Event => ({
  type: 'db.backup',
  replica: 'P',
  database: 'Sales',
  backupType,
  file,
});
const restore = (on: string, file: string): Event => ({
  type: 'db.restore',
  replica: on,
  database: 'Sales',
  file,
});

describe('a restore on a replica not joined yet', () => {
  it('joins the copy once the replica joins', () => {
    const { cluster, refused } = run([
      add('S2', 'SYNCHRONOUS_COMMIT'),
      backup('FULL', 'full.bak'),
      restore('S2', 'full.bak'),
      { type: 'replica.join', replica: 'S2' },
      { type: 'db.join', replica: 'S2', database: 'Sales' },
    ]);
    expect(refused).toEqual([]);
    expect(cluster.replicas.find((r) => r.name === 'S2')?.databases.Sales?.machine.value).toEqual(
      expect.objectContaining({ JOINED: expect.anything() }),
    );
  });

  it('still needs the log backups taken after it (error 1412)', () => {
    const { refused } = run([
      add('S2', 'SYNCHRONOUS_COMMIT'),
      backup('FULL', 'full.bak'),
      restore('S2', 'full.bak'),
      { type: 'db.commit', database: 'Sales', count: 10 },
      backup('LOG', 'log.trn'),
      { type: 'replica.join', replica: 'S2' },
      { type: 'db.join', replica: 'S2', database: 'Sales' },
    ]);
    expect(refused).toEqual(['6 db.join LOG_TRUNCATED_PAST_COPY']);
  });

  it('refuses a gap in the log chain on the instance as on a joined replica', () => {
    const { refused } = run([
      add('S2', 'SYNCHRONOUS_COMMIT'),
      backup('FULL', 'full.bak'),
      restore('S2', 'full.bak'),
      { type: 'db.commit', database: 'Sales', count: 10 },
      backup('LOG', 'log1.trn'),
      { type: 'db.commit', database: 'Sales', count: 10 },
      backup('LOG', 'log2.trn'),
      restore('S2', 'log2.trn'),
    ]);
    expect(refused).toEqual(['7 db.restore LOG_CHAIN_GAP']);
  });

  it('is caught up by automatic seeding once the replica joins and grants (SEED001)', () => {
    // SEED001, Combine backup and restore with automatic seeding: "first restore the database on a
    // secondary replica including all available transaction logs. Next, enable automatic seeding
    // when creating the availability group to "catch up" the secondary replica's database".
    const spec = { ...replica('S2', 'SYNCHRONOUS_COMMIT'), seedingMode: 'AUTOMATIC' as const };
    const c: Cluster = run([
      backup('FULL', 'full.bak'),
      { type: 'replica.add', spec },
      restore('S2', 'full.bak'),
      { type: 'db.commit', database: 'Sales', count: 10 },
      { type: 'replica.join', replica: 'S2' },
    ]).cluster;
    const granted = step(c, { type: 'replica.grantCreateDatabase', replica: 'S2' });
    expect(granted.refused).toEqual([]);
    expect(
      granted.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : [])),
    ).toContain('SEEDING_CATCH_UP');
  });

  it('keeps refusing a configuration-only replica', () => {
    const { refused } = run(
      [add('W', 'CONFIGURATION_ONLY'), backup('FULL', 'full.bak'), restore('W', 'full.bak')],
      'EXTERNAL',
    );
    expect(refused).toEqual(['2 db.restore CONFIGURATION_ONLY_REPLICA']);
  });
});
