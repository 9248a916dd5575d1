import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createDistributedEither } from '../../core/distributed/build.js';
import type { DistributedEvent } from '../../core/distributed/events.js';
import { distributedFailoverReadiness } from '../../core/distributed/readiness.js';
import { globalPrimary, writableMembers } from '../../core/distributed/select.js';
import { distributedFailoverSequence } from '../../core/distributed/sequence.js';
import { stepDistributed } from '../../core/distributed/step.js';
import type { DistributedCluster } from '../../core/distributed/types.js';
import { renderDistributedSequence } from './distributed.js';
import {
  type DistributedScriptConfig,
  distributedConfigOfScript,
  distributedEventsOfScript,
} from './distributed-read.js';
import { type ReadOptions, readScriptReport } from './script.js';

/**
 * The fixture is the documentation's own script: "Configure a distributed Always On availability
 * group" (S58, learn.microsoft.com/sql/database-engine/availability-groups/windows/
 * configure-distributed-availability-groups), its statements in the order the page runs them.
 */
const fixture = readFileSync(new URL('./fixtures/docs-distributed.sql', import.meta.url), 'utf8');

const read = (text: string, options: Partial<ReadOptions> = {}) => {
  const r = readScriptReport(text, { version: 2019, fileName: 'dag.sql', ...options });
  expect(r.errors).toEqual([]);
  return r.script;
};

const configOf = (text: string, options: Partial<ReadOptions> = {}): DistributedScriptConfig => {
  const c = distributedConfigOfScript(read(text, options), { fileName: 'dag.sql' });
  if (E.isLeft(c)) throw new Error(c.left.map((p) => p.message).join('\n'));
  return c.right;
};

const start = (c: DistributedScriptConfig): DistributedCluster => {
  const d = createDistributedEither(c.distributed, c.members, { baseLsn: 0n });
  if (E.isLeft(d)) throw new Error(d.left.map((r) => r.message).join('\n'));
  return d.right;
};

const run = (d: DistributedCluster, events: readonly DistributedEvent[]) =>
  events.reduce((acc, e) => {
    const r = stepDistributed(acc, e);
    expect(r.refused.map((x) => x.code)).toEqual([]);
    return r.distributed;
  }, d);

/** Commits on the global primary, hardened by its synchronous secondary server2: acknowledged in ag1. */
const commit = (count: number): DistributedEvent[] =>
  [
    { type: 'db.commit', database: 'db1', count },
    { type: 'log.ship', replica: 'server2' },
    { type: 'log.harden', replica: 'server2' },
  ].map((event) => ({ type: 'distributed.member', member: 'ag1', event }) as DistributedEvent);

describe('the documentation script read as a distributed group (S58)', () => {
  it('gives the distributed group and its two member groups, from which the model starts', () => {
    const c = configOf(fixture);
    expect(c.distributed.name).toBe('distributedag');
    expect(c.members.map((m) => [m.name, m.replicas.map((r) => r.name)])).toEqual([
      ['ag1', ['server1', 'server2']],
      ['ag2', ['server3', 'server4']],
    ]);
    const d = start(c);
    // "the global primary" is ag1's primary; ag2's primary is the forwarder (S43).
    expect(globalPrimary(d)).toBe('server1');
    expect(d.members.map((m) => [m.name, m.role, m.availabilityMode])).toEqual([
      ['ag1', 'PRIMARY', 'ASYNCHRONOUS_COMMIT'],
      ['ag2', 'SECONDARY', 'ASYNCHRONOUS_COMMIT'],
    ]);
  });

  it('reads the failover statements the page runs on the global primary as events of ag1', () => {
    // The page's last statements run "on the global primary": as sqlcmd -S server1 runs them.
    const script = read(fixture, { server: 'server1' });
    const c = configOf(fixture, { server: 'server1' });
    const { events, unread } = distributedEventsOfScript(script, c, { fileName: 'dag.sql' });
    expect(unread).toEqual([]);
    expect(events).toEqual([
      { type: 'distributed.setAvailabilityMode', member: 'ag1', mode: 'SYNCHRONOUS_COMMIT' },
      { type: 'distributed.setRoleSecondary', member: 'ag1' },
    ]);
  });

  it('says where a statement on the distributed group runs on no replica it knows', () => {
    const script = read(fixture);
    const { unread } = distributedEventsOfScript(script, configOf(fixture), {
      fileName: 'dag.sql',
    });
    expect(unread.map((p) => p.message)).toEqual([
      "dag.sql:78:1: ALTER AVAILABILITY GROUP [distributedag] MODIFY AVAILABILITY GROUP ON 'ag2' W... runs on an unnamed replica: add :Connect to the global primary or the forwarder (or --server NAME)",
      "dag.sql:106:2: ALTER AVAILABILITY GROUP [distributedag] MODIFY AVAILABILITY GROUP ON 'ag1' W... runs on an unnamed replica: add :Connect to the global primary or the forwarder (or --server NAME)",
      'dag.sql:118:1: ALTER AVAILABILITY GROUP distributedag SET (ROLE = SECONDARY) runs on an unnamed replica: add :Connect to the global primary or the forwarder (or --server NAME)',
    ]);
  });

  it('refuses a script without the distributed group, or without a member group, naming the place', () => {
    const noDag = distributedConfigOfScript(
      read(fixture.split('CREATE AVAILABILITY GROUP [distributedag]')[0]!),
      {
        fileName: 'dag.sql',
      },
    );
    expect(E.isLeft(noDag) && noDag.left.map((p) => p.message)).toEqual([
      'dag.sql:1:1: expected one CREATE AVAILABILITY GROUP … WITH (DISTRIBUTED), found none',
    ]);
    const withoutAg2 = fixture.replace(
      'CREATE AVAILABILITY GROUP [ag2]',
      'CREATE AVAILABILITY GROUP [ag3]',
    );
    const noMember = distributedConfigOfScript(read(withoutAg2), { fileName: 'dag.sql' });
    expect(E.isLeft(noMember) && noMember.left.map((p) => p.message)).toEqual([
      'dag.sql:58:1: distributedag names the availability group ag2, but the script holds no CREATE AVAILABILITY GROUP [ag2]: expected the CREATE statement of each member group',
    ]);
  });
});

describe('the recommended failover, rendered and read again (round trip)', () => {
  const sequenceEvents = (d: DistributedCluster, c: DistributedScriptConfig) => {
    const text = renderDistributedSequence(distributedFailoverSequence(d));
    const { events, unread } = distributedEventsOfScript(read(text), c);
    expect(unread).toEqual([]);
    return events;
  };

  it('reads back as the documented steps, each on the member whose replica its :Connect names', () => {
    const c = configOf(fixture);
    const d = run(start(c), commit(3));
    expect(sequenceEvents(d, c)).toEqual([
      { type: 'distributed.setAvailabilityMode', member: 'ag1', mode: 'SYNCHRONOUS_COMMIT' },
      { type: 'distributed.setAvailabilityMode', member: 'ag2', mode: 'SYNCHRONOUS_COMMIT' },
      { type: 'distributed.setRoleSecondary', member: 'ag1' },
      { type: 'distributed.failover', member: 'ag2', form: 'FORCE_FAILOVER_ALLOW_DATA_LOSS' },
    ]);
  });

  it('run with the waits the script checks for, moves the global primary to ag2 and loses nothing', () => {
    const c = configOf(fixture);
    const d = run(start(c), commit(3));
    const [syncAg1, syncAg2, demote, failover] = sequenceEvents(d, c);
    const wait: DistributedEvent[] = [{ type: 'distributed.ship' }, { type: 'distributed.harden' }];
    const before = run(d, [syncAg1!, syncAg2!, ...wait, demote!]);
    expect(distributedFailoverReadiness(before).status).toBe('allowed');
    const after = run(before, [failover!]);
    expect(globalPrimary(after)).toBe('server3');
    expect(writableMembers(after)).toEqual(['ag2']);
    expect(after.logs.db1?.lost).toEqual([]);
  });

  it('run without waiting for the forwarder, loses exactly the commits the readiness predicted', () => {
    const c = configOf(fixture);
    const d = run(start(c), commit(3));
    const [syncAg1, syncAg2, demote, failover] = sequenceEvents(d, c);
    const before = run(d, [syncAg1!, syncAg2!, demote!]);
    const ready = distributedFailoverReadiness(before);
    expect(ready.status).toBe('refused');
    expect(ready.predictedLoss).toEqual([
      { database: 'db1', ranges: [{ member: 'ag1', fromLsn: 0n, toLsn: 3n }] },
    ]);
    const after = run(before, [failover!]);
    expect(after.logs.db1?.lost).toEqual([{ member: 'ag1', fromLsn: 0n, toLsn: 3n }]);
  });
});
