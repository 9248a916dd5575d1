import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFactsReadiness } from '../../core/distributed/facts-readiness.js';
import { isUnknownReason } from '../../core/model/source.js';
import {
  hasDistributedGroup,
  mergeDistributedFacts,
  snapshotToDistributedFacts,
} from './distributed.js';
import { formatDmvProblem } from './problem.js';
import { readSnapshot } from './read.js';

/**
 * Snapshots of the documentation's distributed group (S58 "Configure a distributed availability
 * group": distributedag over ag1 on server1/server2 and ag2 on server3/server4, database db1),
 * with the rows S43 "View distributed availability group information" describes: in
 * sys.availability_groups the distributed group has is_distributed = 1, its "replicas" are the
 * member groups, and sys.dm_hadr_database_replica_states holds a row per member and database. On
 * the global primary both member rows show; on the forwarder only its own. The readiness checks
 * are those of S58 "Fail over to a secondary availability group".
 */

const text = (name: string) =>
  readFileSync(new URL(`../../examples/snapshots/${name}`, import.meta.url), 'utf8');

const factsOf = (json: string) => {
  const s = readSnapshot(json);
  if (E.isLeft(s)) throw new Error(s.left.map(formatDmvProblem).join('\n'));
  const f = snapshotToDistributedFacts(s.right);
  if (E.isLeft(f)) throw new Error(f.left.map(formatDmvProblem).join('\n'));
  return f.right;
};

/** The snapshot after the documented steps 1-3: SYNCHRONOUS_COMMIT, SYNCHRONIZED, equal LSNs, ag1 demoted. */
const ready = (json: string) => {
  const doc = JSON.parse(json);
  for (const r of doc['sys.availability_replicas'])
    if (r.replica_server_name.startsWith('ag')) r.availability_mode_desc = 'SYNCHRONOUS_COMMIT';
  for (const r of doc['sys.dm_hadr_availability_replica_states'])
    if (r.replica_id.endsWith('A1')) r.role_desc = 'SECONDARY';
  for (const d of doc['sys.dm_hadr_database_replica_states'])
    if (d.group_id.endsWith('DD')) {
      d.synchronization_state_desc = 'SYNCHRONIZED';
      d.last_hardened_lsn = '34000000052800001';
    }
  return JSON.stringify(doc);
};

describe('a DMV snapshot of a distributed availability group', () => {
  it('on the global primary: both members, their roles, and the rows of both sides', () => {
    const f = factsOf(text('dag-global-primary.json'));
    expect(f.config).toMatchObject({
      name: 'distributedag',
      kind: 'DISTRIBUTED',
      databases: ['db1'],
    });
    expect(f.config.members.map((m) => [m.name, m.listenerUrl])).toEqual([
      ['ag1', 'tcp://ag1-listener.contoso.com:5022'],
      ['ag2', 'tcp://ag2-listener.contoso.com:5022'],
    ]);
    expect(f.takenOn).toEqual(['ag1']);
    expect(f.sender).toBe('ag1');
    expect(f.members).toEqual([
      {
        name: 'ag1',
        role: 'PRIMARY',
        availabilityMode: 'ASYNCHRONOUS_COMMIT',
        primaryRunning: true,
        primaryReplica: 'server1',
        connected: true,
        version: 2019,
      },
      {
        name: 'ag2',
        role: 'SECONDARY',
        availabilityMode: null,
        primaryRunning: true,
        primaryReplica: null,
        connected: true,
        version: null,
      },
    ]);
    expect(f.databases).toEqual([
      {
        database: 'db1',
        member: 'ag1',
        synchronizationState: 'SYNCHRONIZED',
        lastHardenedLsn: 34000000052800001n,
        truncationLsn: null,
      },
      {
        database: 'db1',
        member: 'ag2',
        synchronizationState: 'SYNCHRONIZING',
        lastHardenedLsn: 34000000051200001n,
        truncationLsn: null,
      },
    ]);
  });

  it('reads the same from the sqlcmd CSV form of the snapshot', () => {
    const fromCsv = factsOf(text('dag-global-primary.csv'));
    expect(fromCsv).toEqual(factsOf(text('dag-global-primary.json')));
    const csv = readSnapshot(text('dag-global-primary.csv'));
    expect(E.isRight(csv) && hasDistributedGroup(csv.right)).toBe(true);
  });

  it('is told apart from a snapshot of an ordinary group by is_distributed', () => {
    const dag = readSnapshot(text('dag-forwarder.json'));
    const plain = readSnapshot(text('primary.json'));
    expect(E.isRight(dag) && hasDistributedGroup(dag.right)).toBe(true);
    expect(E.isRight(plain) && hasDistributedGroup(plain.right)).toBe(false);
    const refused = E.isRight(plain) ? snapshotToDistributedFacts(plain.right) : E.left([]);
    expect(E.isLeft(refused) && refused.left.map(formatDmvProblem)).toEqual([
      "sys.availability_groups: no row with is_distributed = 1: the snapshot holds no distributed availability group (the rows show only on a member group's primary)",
    ]);
  });

  it('before the documented steps, refuses the failover with every unmet step and the log at risk', () => {
    const r = distributedFactsReadiness(factsOf(text('dag-global-primary.json')));
    expect(r.status).toBe('refused');
    expect(r.steps.map((s) => [s.step, s.reasons.map((x) => x.code)])).toEqual([
      ['SYNCHRONOUS_COMMIT', ['NOT_SYNCHRONOUS_COMMIT', 'AVAILABILITY_MODE_UNKNOWN']],
      ['SYNCHRONIZED', ['NOT_SYNCHRONIZED', 'LAST_HARDENED_LSN_DIFFERS']],
      ['GLOBAL_PRIMARY_DEMOTED', ['GLOBAL_PRIMARY_NOT_DEMOTED']],
      ['LAST_HARDENED_LSN_EQUAL', ['LAST_HARDENED_LSN_DIFFERS']],
      ['FORWARDER_RUNNING', []],
    ]);
    expect(r.predictedLoss).toEqual([
      {
        database: 'db1',
        ranges: [{ member: 'ag1', fromLsn: 34000000051200001n, toLsn: 34000000052800001n }],
      },
    ]);
  });

  it("after the steps, one side alone leaves the other side's setting unknown; both sides together allow it", () => {
    const global = factsOf(ready(text('dag-global-primary.json')));
    const alone = distributedFactsReadiness(global, { target: 'ag2' });
    expect(alone.status).toBe('unknown');
    expect(alone.reasons.every(isUnknownReason)).toBe(true);
    expect(alone.reasons.map((r) => r.settledBy)).toEqual([
      ["sys.availability_replicas.availability_mode_desc on ag2's primary"],
    ]);
    const both = mergeDistributedFacts(global, factsOf(ready(text('dag-forwarder.json'))));
    if (E.isLeft(both)) throw new Error(both.left);
    expect(both.right.takenOn).toEqual(['ag1', 'ag2']);
    expect(both.right.members.map((m) => [m.name, m.primaryReplica])).toEqual([
      ['ag1', 'server1'],
      ['ag2', 'server3'],
    ]);
    const r = distributedFactsReadiness(both.right, { target: 'ag2' });
    expect(r.reasons).toEqual([]);
    expect(r.status).toBe('allowed');
    expect([r.target, r.forwarder]).toEqual(['ag2', 'server3']);
  });

  it('with both members SECONDARY and no target named, says it cannot tell which way to fail over', () => {
    const r = distributedFactsReadiness(factsOf(ready(text('dag-global-primary.json'))));
    expect(r.status).toBe('unknown');
    expect(r.reasons.map((x) => x.code)).toEqual(['SENDER_UNKNOWN']);
  });
});

describe('a global primary whose view holds the second group row only', () => {
  // "Distributed availability groups": "The dynamic management view currently stores information
  // about the second availability group only." The global primary's end of log is then its own
  // primary database's row in ag1.
  it("reads the global primary's last_hardened_lsn from its own group's primary row", () => {
    const doc = JSON.parse(text('dag-global-primary.json'));
    doc['sys.dm_hadr_database_replica_states'] = doc['sys.dm_hadr_database_replica_states'].filter(
      (r: { replica_id: string }) => r.replica_id !== '7B000000-0000-4000-8000-0000000000A1',
    );
    const f = factsOf(JSON.stringify(doc));
    expect(f.databases.find((d) => d.member === 'ag1')).toEqual({
      database: 'db1',
      member: 'ag1',
      synchronizationState: null,
      lastHardenedLsn: 34000000052800001n,
    });
    const readiness = distributedFactsReadiness(f);
    expect(readiness.lossUnknown).toEqual([]);
    expect(readiness.predictedLoss).toEqual([
      {
        database: 'db1',
        ranges: [{ member: 'ag1', fromLsn: 34000000051200001n, toLsn: 34000000052800001n }],
      },
    ]);
  });
});
