import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFactsReadiness } from '../../core/distributed/facts-readiness.js';
import { mergeDistributedFacts, snapshotToDistributedFacts } from './distributed.js';
import { readSnapshot } from './read.js';

/*
 * "Feature interoperability with AG and DNN listener" (S327, SQL Server on Azure VMs, ms.date
 * 03/31/2026), Distributed availability group: "If you configure your availability group listener
 * by using a distributed network name (DNN), you can't configure a distributed availability group
 * on top of your availability group" (the 11/10/2021 revision: "Distributed availability groups
 * are not currently supported with the DNN listener"); 'Configure a distributed availability
 * group' (S58), Prerequisites, says the same. sys.availability_group_listeners (2019 CU8, 2017
 * CU25, 2016 SP3 and later): is_distributed_network_name "indicates that the listener is a
 * distributed network name (DNN) listener if the value is set to 1". The fixtures are a snapshot
 * of each side of the documented distributed group (ag1: server1, server2; ag2: server3, server4),
 * on SQL Server 2019 CU8 (15.0.4073.23), ag2 on Azure VMs in one subnet with a DNN listener,
 * ag2-dnn, that its LISTENER_URL names; versions, ids, names and LSNs are invented. decide said
 * the failover's SYNCHRONIZED step was met.
 */
const facts = (name: string, dnn?: boolean) => {
  const doc = JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
  if (dnn === false)
    for (const l of doc['sys.availability_group_listeners']) delete l.is_distributed_network_name;
  const s = readSnapshot(JSON.stringify(doc));
  if (E.isLeft(s)) throw new Error('the snapshot reads');
  const f = snapshotToDistributedFacts(s.right);
  if (E.isLeft(f)) throw new Error('the snapshot is a distributed group');
  return f.right;
};
const synchronized = (a: ReturnType<typeof facts>, b: ReturnType<typeof facts>) => {
  const merged = mergeDistributedFacts(a, b);
  if (E.isLeft(merged)) throw new Error(merged.left);
  return distributedFactsReadiness(merged.right).steps.find((s) => s.step === 'SYNCHRONIZED')!
    .reasons;
};
const GP = 'docs-dag-dnn-listener-global-primary.json';
const FW = 'docs-dag-dnn-listener-forwarder.json';

describe('a member group whose listener is a DNN (S327)', () => {
  it('is not a supported distributed group, whichever snapshot comes first', () => {
    for (const [a, b] of [
      [facts(GP), facts(FW)],
      [facts(FW), facts(GP)],
    ] as const) {
      const reasons = synchronized(a, b);
      expect(reasons.map((r) => r.code)).toEqual(['DNN_LISTENER_IN_DISTRIBUTED']);
      expect(reasons[0]?.message).toContain(
        "ag2's listener ag2-dnn is a distributed network name (DNN) listener",
      );
      expect(reasons[0]?.rule.document).toBe(
        'Feature interoperability with availability groups and DNN listener (SQL Server on Azure VMs)',
      );
    }
  });

  it('is read from the forwarder’s own snapshot, the side whose listener it is', () => {
    expect(facts(FW).members.find((m) => m.name === 'ag2')?.dnnListener).toBe('ag2-dnn');
    // ag1's listener, a virtual network name, says nothing.
    expect(facts(GP).members.map((m) => m.dnnListener ?? null)).toEqual([null, null]);
  });

  it('is not judged where the snapshot leaves the column out (builds before it)', () => {
    expect(synchronized(facts(GP), facts(FW, false))).toEqual([]);
  });
});
