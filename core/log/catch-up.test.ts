import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { automaticReplica, Driver, loadExampleConfig } from '../cluster/test-support.js';
import { decodeConfig } from '../model/decode.js';

/**
 * A synchronous secondary with nothing left to catch up is SYNCHRONIZED without a further commit.
 *
 * ALTER DATABASE … SET HADR (S50, "RESUME"): resuming a suspended secondary database under
 * synchronous commit moves it to SYNCHRONIZING; availability modes (S1, "Synchronous-commit
 * availability mode"): "as soon as the secondary database catches up ... the secondary database
 * ... enters the SYNCHRONIZED state", so a copy already at the primary's end of log goes straight on.
 */
describe('a caught-up synchronous copy reaches SYNCHRONIZED with no further commit', () => {
  it('after RESUME with nothing to catch up (S50 RESUME; S1 synchronous-commit mode)', () => {
    const d = new Driver(loadExampleConfig('resync-three-replicas.json'));
    d.do({ type: 'db.suspend', replica: 'SQLNODE2', database: 'SalesDB' });
    expect(d.state('SQLNODE2', 'SalesDB')).toBe('NOT SYNCHRONIZING');
    d.do({ type: 'db.resume', replica: 'SQLNODE2', database: 'SalesDB' });
    expect(d.state('SQLNODE2', 'SalesDB')).toBe('SYNCHRONIZED');
    expect(d.row('SQLNODE2', 'SalesDB')?.isFailoverReady).toBe(true);
    // A planned failover target again (S2: the target must be SYNCHRONIZED).
    d.do({ type: 'ag.failover', target: 'SQLNODE2' });
    expect(d.replica('SQLNODE2')?.role).toBe('PRIMARY');
  });

  it('after RESUME with log to catch up it waits in SYNCHRONIZING until the log is hardened', () => {
    const d = new Driver(loadExampleConfig('resync-three-replicas.json'));
    d.do({ type: 'db.suspend', replica: 'SQLNODE2', database: 'SalesDB' });
    d.do({ type: 'db.commit', database: 'SalesDB' });
    d.do({ type: 'db.resume', replica: 'SQLNODE2', database: 'SalesDB' });
    expect(d.state('SQLNODE2', 'SalesDB')).toBe('SYNCHRONIZING');
    d.sync('SQLNODE2');
    expect(d.state('SQLNODE2', 'SalesDB')).toBe('SYNCHRONIZED');
  });

  it('an asynchronous copy stays SYNCHRONIZING however far it catches up (S1 R-SYNC-2)', () => {
    const d = new Driver(loadExampleConfig('resync-three-replicas.json'));
    d.do({ type: 'db.suspend', replica: 'SQLDR1', database: 'SalesDB' });
    d.do({ type: 'db.resume', replica: 'SQLDR1', database: 'SalesDB' });
    expect(d.state('SQLDR1', 'SalesDB')).toBe('SYNCHRONIZING');
  });

  it('after the primary resumes every copy it suspended (S50: suspended on the primary)', () => {
    const cfg = decodeConfig({
      name: 'AG1',
      version: 2019,
      clusterType: 'WSFC',
      databases: ['db1'],
      replicas: [automaticReplica('A'), automaticReplica('B')],
    });
    if (E.isLeft(cfg)) throw new Error('bad config');
    const d = new Driver(cfg.right);
    d.do({ type: 'db.suspend', replica: 'A', database: 'db1' });
    expect(d.state('B', 'db1')).toBe('NOT SYNCHRONIZING');
    d.do({ type: 'db.resume', replica: 'A', database: 'db1' });
    expect(d.state('A', 'db1')).toBe('SYNCHRONIZED');
    expect(d.state('B', 'db1')).toBe('SYNCHRONIZED');
  });

  it('after the network heals before the session timed out, a copy resumed meanwhile starts moving data (S6 NOT SYNCHRONIZING: a connection problem)', () => {
    const cfg = decodeConfig({
      name: 'AG1',
      version: 2019,
      clusterType: 'WSFC',
      databases: ['db1'],
      replicas: [automaticReplica('A'), automaticReplica('B')],
    });
    if (E.isLeft(cfg)) throw new Error('bad config');
    const d = new Driver(cfg.right);
    d.do({ type: 'db.suspend', replica: 'B', database: 'db1' });
    d.do({ type: 'replica.disconnect', replica: 'A' });
    d.do({ type: 'db.resume', replica: 'B', database: 'db1' });
    expect(d.state('B', 'db1')).toBe('NOT SYNCHRONIZING');
    d.do({ type: 'replica.reconnect', replica: 'A' });
    expect(d.state('B', 'db1')).toBe('SYNCHRONIZED');
  });
});
