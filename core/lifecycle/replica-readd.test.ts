import { describe, expect, it } from 'vitest';
import { Driver } from '../cluster/test-support.js';
import { resolveConfig } from '../model/config.js';

/**
 * A replica removed and added back (REMOVE REPLICA, ADD REPLICA, JOIN): its instance kept its
 * secondary databases RESTORING, and they join again once their log meets the primary's.
 *
 * Fixture: Klaus Aschenbrenner, "Adding a Replica back into a SQL Server Availability Group"
 * (sqlpassion.at, 2017-09-25,
 * https://www.sqlpassion.at/archive/2017/09/25/adding-a-replica-back-into-a-sql-server-availability-group/):
 * "As soon as you remove a Replica from an Availability Group, all corresponding databases are
 * moved into the Restoring State" … "The problem with a RESTORE DATABASE … WITH RECOVERY is that
 * the database is brought online again, and can't be added back to the Availability Group
 * anymore." Learn, "Remove a Secondary Replica from an Availability Group", Follow Up: the
 * databases "remain on the local server instance".
 */

const node = (name: string, sync: boolean) => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}.contoso.com:5022`,
  availabilityMode: sync ? ('SYNCHRONOUS_COMMIT' as const) : ('ASYNCHRONOUS_COMMIT' as const),
  failoverMode: sync ? ('AUTOMATIC' as const) : ('MANUAL' as const),
  seedingMode: 'MANUAL' as const,
});

const DB = 'SalesDB';

const group = () =>
  new Driver(
    resolveConfig({
      name: 'SeedAG',
      version: 2019,
      databases: [DB],
      replicas: [node('SQLNODE1', true), node('SQLNODE2', true), node('SQLNODE3', false)],
    }),
  );

const codes = (r: { observations: readonly { type: string; reason?: { code: string } }[] }) =>
  r.observations.flatMap((o) => (o.type === 'note' && o.reason ? [o.reason.code] : []));

const removeAndAddBack = (ag: Driver, between: (ag: Driver) => void = () => {}) => {
  const removed = ag.do({ type: 'replica.remove', replica: 'SQLNODE3' });
  expect(codes(removed)).toContain('DATABASE_LEFT_GROUP');
  between(ag);
  ag.do({ type: 'replica.add', spec: node('SQLNODE3', false) });
  const joined = ag.do({ type: 'replica.join', replica: 'SQLNODE3' });
  expect(codes(joined)).toContain('RESTORING_COPY_KEPT');
};

describe('REMOVE REPLICA, ADD REPLICA, JOIN: the RESTORING databases left on the instance', () => {
  it('joins the kept copy at once when the primary still holds its log (no log backup between)', () => {
    const ag = group();
    removeAndAddBack(ag, (x) => x.do({ type: 'db.commit', database: DB, count: 5 }));
    expect(ag.row('SQLNODE3', DB)?.isJoined).toBe(false);
    ag.do({ type: 'db.join', replica: 'SQLNODE3', database: DB });
    ag.sync('SQLNODE3');
    expect(ag.state('SQLNODE3', DB)).toBe('SYNCHRONIZING');
    expect(ag.row('SQLNODE3', DB)?.lastHardenedLsn).toBe(5n);
  });

  it('refuses the join while a log backup truncated past the copy, then joins after RESTORE LOG', () => {
    const ag = group();
    removeAndAddBack(ag, (x) => {
      x.do({ type: 'db.commit', database: DB, count: 10 });
      x.sync('SQLNODE2');
      x.do({
        type: 'db.backup',
        replica: 'SQLNODE1',
        database: DB,
        backupType: 'LOG',
        file: 'L1.trn',
      });
    });
    expect(ag.refuse({ type: 'db.join', replica: 'SQLNODE3', database: DB })).toEqual([
      'LOG_TRUNCATED_PAST_COPY',
    ]);
    ag.do({ type: 'db.restore', replica: 'SQLNODE3', database: DB, file: 'L1.trn' });
    ag.do({ type: 'db.join', replica: 'SQLNODE3', database: DB });
    expect(ag.row('SQLNODE3', DB)?.isJoined).toBe(true);
  });

  it('keeps nothing for a replica added under another name', () => {
    const ag = group();
    ag.do({ type: 'replica.remove', replica: 'SQLNODE3' });
    ag.do({ type: 'replica.add', spec: node('SQLNODE4', false) });
    const joined = ag.do({ type: 'replica.join', replica: 'SQLNODE4' });
    expect(codes(joined)).not.toContain('RESTORING_COPY_KEPT');
    expect(ag.refuse({ type: 'db.join', replica: 'SQLNODE4', database: DB })).toEqual([
      'NO_RESTORED_COPY',
    ]);
    expect(Object.keys(ag.cluster.instances ?? {})).toEqual(['SQLNODE3']);
  });
});

describe('a removed replica added back with SEEDING_MODE = AUTOMATIC', () => {
  it('catches the kept copy up instead of streaming the whole database', () => {
    const ag = group();
    ag.do({ type: 'replica.remove', replica: 'SQLNODE3' });
    ag.do({ type: 'db.commit', database: DB, count: 5 });
    ag.do({ type: 'replica.add', spec: { ...node('SQLNODE3', false), seedingMode: 'AUTOMATIC' } });
    ag.do({ type: 'replica.join', replica: 'SQLNODE3' });
    const granted = ag.do({ type: 'replica.grantCreateDatabase', replica: 'SQLNODE3' });
    expect(codes(granted)).toContain('SEEDING_CATCH_UP');
    expect(codes(granted)).not.toContain('SEEDING_STARTED');
  });
});
