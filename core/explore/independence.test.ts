import { describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { reductionId } from './independence.js';
import { keyOf, move, offered, type Position, searchSpace, startPosition } from './search.js';
import { keyText } from './state-key.js';

/*
 * A walk properties/independence.test.ts found (seed 7): CLUSTER_TYPE NONE, R1 crashes, forced
 * failovers to R2 then R3 (R1 marked to recover as a primary, S45), R3's network cut. R1's
 * restart and the session timeout then reach different states in the two orders: restarted
 * first, R1 is disconnected by the timeout; restarted after it, R1 comes back connected. Such a
 * restart takes no part in the reduction.
 */
const config = resolveConfig({
  name: 'AG1',
  version: 2019,
  clusterType: 'NONE',
  databases: ['DB1'],
  replicas: ['R1', 'R2', 'R3'].map((name) => ({
    name,
    endpointUrl: `TCP://${name.toLowerCase()}.contoso.com:5022`,
    availabilityMode: 'SYNCHRONOUS_COMMIT',
    failoverMode: 'MANUAL',
    sessionTimeout: 5,
  })),
} as ConfigInput);
const space = searchSpace(config, { faults: 3, commits: 2, forcedFailover: 'always' });
const take = (p: Position, label: string): Position => {
  const action = offered(space, p).find((a) => a.label === label);
  if (action === undefined) throw new Error(`${label} is not offered`);
  return move(p, action)!.position;
};
const walk = (labels: readonly string[]) => labels.reduce(take, startPosition(space));
const key = (p: Position) => keyText(keyOf(space, p));

describe('the restart of an old primary that recovers as a primary (CLUSTER_TYPE NONE)', () => {
  const before = [
    'commit DB1',
    'crash R1',
    'forced failover to R2',
    'forced failover to R3',
    'disconnect R3',
  ];
  const p = walk(before);

  it('does not commute with time passing, so it takes no part in the reduction', () => {
    expect(key(take(take(p, 'restart R1'), '5 s pass'))).not.toBe(
      key(take(take(p, '5 s pass'), 'restart R1')),
    );
    const restart = offered(space, p).find((a) => a.label === 'restart R1')!;
    expect(reductionId(p.cluster, restart)).toBe(-1);
    const other = offered(space, walk(['crash R2'])).find((a) => a.label === 'restart R2')!;
    expect(reductionId(walk(['crash R2']).cluster, other)).toBeGreaterThanOrEqual(0);
  });
});

/*
 * Found at seed 2718281: REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 2, a commit hardened on R2,
 * whose link is then cut. Delivered to R3 before R2's session times out, it is acknowledged (R2
 * and R3 synchronized); after, only R3 counts and it keeps waiting. So time passing takes no part
 * in the reduction in such a group.
 */
describe('time passing where REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is above 0', () => {
  const rsstc = resolveConfig({
    name: 'AG1',
    version: 2017,
    clusterType: 'WSFC',
    databases: ['DB1'],
    requiredSynchronizedSecondariesToCommit: 2,
    replicas: ['R1', 'R2', 'R3'].map((name) => ({
      name,
      endpointUrl: `TCP://${name.toLowerCase()}.contoso.com:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT',
      failoverMode: 'AUTOMATIC',
      sessionTimeout: 5,
    })),
  } as ConfigInput);
  const rsstcSpace = searchSpace(rsstc, { faults: 1, commits: 1, forcedFailover: 'always' });
  const go = (p: Position, label: string): Position => {
    const action = offered(rsstcSpace, p).find((a) => a.label === label);
    if (action === undefined) throw new Error(`${label} is not offered`);
    return move(p, action)!.position;
  };
  const p = ['commit DB1', 'deliver log to R2', 'disconnect R2'].reduce(
    go,
    startPosition(rsstcSpace),
  );
  const k = (q: Position) => keyText(keyOf(rsstcSpace, q));

  it('does not commute with a delivery, so it takes no part in the reduction', () => {
    expect(k(go(go(p, 'deliver log to R3'), '5 s pass'))).not.toBe(
      k(go(go(p, '5 s pass'), 'deliver log to R3')),
    );
    const time = offered(rsstcSpace, p).find((a) => a.label === '5 s pass')!;
    expect(reductionId(p.cluster, time)).toBe(-1);
    expect(reductionId(startPosition(space).cluster, time)).toBeGreaterThanOrEqual(0);
  });
});
