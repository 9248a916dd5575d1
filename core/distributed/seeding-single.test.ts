import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { isUnknownReason } from '../model/source.js';
import { createDistributedEither } from './build.js';
import { stepDistributed } from './step.js';
import { documentedConfigs } from './test-support.js';
import type { DistributedCluster } from './types.js';

/**
 * "Use automatic seeding to initialize a secondary replica" (SEED001, current page, Security):
 * "For a distributed availability group where the replica's databases that are being created are
 * on the primary replica of the second availability group, no extra permissions are required as
 * it is already a primary. However, if there's only one replica on the second availability
 * group, then grant the CREATE ANY DATABASE permission to the secondary availability group name,
 * or automatic seeding may fail."
 */

const singleReplicaSecondGroup = (): DistributedCluster => {
  const { dag, ag1, ag2 } = documentedConfigs(2019);
  const one = { ...ag2, replicas: ag2.replicas.slice(0, 1) };
  const d = createDistributedEither(dag, [ag1, one], {
    baseLsn: 0n,
    secondaryGroup: 'unprepared',
  });
  if (E.isLeft(d)) throw new Error(d.left.map((r) => r.message).join('; '));
  return d.right;
};

const notes = (d: DistributedCluster) => {
  const r = stepDistributed(d, { type: 'distributed.seed' });
  expect(r.refused).toEqual([]);
  return r.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));
};

describe('automatic seeding to a second group of one replica (SEED001 Security)', () => {
  it('without the grant, says the seeding may fail and what settles it', () => {
    const reasons = notes(singleReplicaSecondGroup()).filter(
      (x) => x.code === 'FORWARDER_SEEDING_MAY_FAIL',
    );
    expect(reasons).toHaveLength(1);
    expect(isUnknownReason(reasons[0]!)).toBe(true);
    expect(reasons[0]!.settledBy).toEqual([
      'sys.dm_hadr_automatic_seeding (current_state) on server3',
      'ALTER AVAILABILITY GROUP [ag2] GRANT CREATE ANY DATABASE on server3',
    ]);
  });

  it('with GRANT CREATE ANY DATABASE on it, says nothing of the kind', () => {
    const granted = stepDistributed(singleReplicaSecondGroup(), {
      type: 'distributed.member',
      member: 'ag2',
      event: { type: 'replica.grantCreateDatabase', replica: 'server3' },
    });
    expect(granted.refused).toEqual([]);
    expect(notes(granted.distributed).map((x) => x.code)).not.toContain(
      'FORWARDER_SEEDING_MAY_FAIL',
    );
  });
});
