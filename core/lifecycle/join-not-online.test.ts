import { describe, expect, it } from 'vitest';
import { Driver } from '../cluster/test-support.js';
import { resolveConfig } from '../model/config.js';

/**
 * Msg 41136 (S135): "Failed to join the availability replica to availability group '%.*ls' because
 * the group is not online. Either bring the availability group online, or drop and recreate it.
 * Then retry the join operation." andreasjordan/demos, AlwaysOn_MultiInstance/
 * 02_setup_availability_group_demo_02_empty_availability_group.ps1, met it once on MyTestAg2016
 * right after CREATE, and the JOIN was "rolled back". A group taken OFFLINE is not brought back
 * online (S3); one whose primary is lost with no failover target is RESOLVING, not online.
 */
const replica = (name: string) => ({
  name,
  endpointUrl: `TCP://${name.split('\\')[0]!.toLowerCase()}.Company.Pri:5023`,
  availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
  failoverMode: 'AUTOMATIC' as const,
});

/** The lab's group, with SRV2\SQL2016 added on the primary and not joined yet. */
const addedNotJoined = () => {
  const d = new Driver(
    resolveConfig({
      name: 'MyTestAg2016',
      version: 2016,
      databases: [],
      replicas: [replica('SRV1\\SQL2016'), replica('SRV2\\SQL2016')],
    }),
  );
  d.do({ type: 'replica.remove', replica: 'SRV2\\SQL2016' });
  d.do({ type: 'replica.add', spec: replica('SRV2\\SQL2016') });
  return d;
};

const JOIN = { type: 'replica.join', replica: 'SRV2\\SQL2016' } as const;

describe('JOIN needs the group online (Msg 41136)', () => {
  it('joins while the primary serves the group', () => {
    expect(addedNotJoined().do(JOIN).refused).toEqual([]);
  });

  it('refuses it after ALTER AVAILABILITY GROUP … OFFLINE', () => {
    const d = addedNotJoined();
    d.do({ type: 'ag.offline' });
    expect(d.refuse(JOIN)).toEqual(['JOIN_GROUP_NOT_ONLINE']);
  });

  it('refuses it while the primary is lost with no failover target, and takes it once it is back', () => {
    const d = addedNotJoined();
    d.do({ type: 'replica.crash', replica: 'SRV1\\SQL2016' });
    expect(d.refuse(JOIN)).toEqual(['JOIN_GROUP_NOT_ONLINE']);
    d.do({ type: 'replica.restart', replica: 'SRV1\\SQL2016' });
    expect(d.do(JOIN).refused).toEqual([]);
  });
});
