import { describe, expect, it } from 'vitest';
import { automaticReplica, Driver } from '../cluster/test-support.js';
import { resolveConfig } from '../model/config.js';
import { noPrimaryCause } from './questions.js';

/**
 * Why no primary is writable, read from the machines. Sources: "Mechanics and guidelines of lease,
 * cluster, and health check timeouts" (S26: losing quorum takes every availability group in the
 * partition offline, every node RESOLVING); "Perform a forced manual failover of an availability
 * group" (S44: after forcing quorum only a forced failover brings the group online); "Failover and
 * failover modes" (S2: automatic failover needs a SYNCHRONIZED automatic-failover secondary).
 */
const group = (secondary: 'automatic' | 'asynchronous') =>
  resolveConfig({
    name: 'AG',
    version: 2019,
    databases: ['db1'],
    replicas: [
      automaticReplica('A'),
      secondary === 'automatic'
        ? automaticReplica('B')
        : {
            name: 'B',
            endpointUrl: 'TCP://b:5022',
            availabilityMode: 'ASYNCHRONOUS_COMMIT',
            failoverMode: 'MANUAL',
          },
    ],
  });

describe('the cause of "no writable primary"', () => {
  it('is none while the primary serves', () => {
    expect(noPrimaryCause(new Driver(group('automatic')).cluster)).toBeNull();
  });

  it('is the lost quorum, then the forced quorum (S26, S44)', () => {
    const d = new Driver(group('automatic'));
    d.do({ type: 'quorum.lost' });
    expect(noPrimaryCause(d.cluster)).toBe('quorumLost');
    d.do({ type: 'quorum.force', replica: 'A' });
    expect(noPrimaryCause(d.cluster)).toBe('forcedQuorum');
  });

  it('is the primary down when no automatic target exists (S2)', () => {
    const d = new Driver(group('asynchronous'));
    d.do({ type: 'replica.crash', replica: 'A' });
    expect(noPrimaryCause(d.cluster)).toBe('primaryDown');
  });

  it('is none when an automatic failover took over (S2)', () => {
    const d = new Driver(group('automatic'));
    d.do({ type: 'replica.crash', replica: 'A' });
    expect(noPrimaryCause(d.cluster)).toBeNull();
  });
});
