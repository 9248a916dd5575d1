import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../cluster/observation.js';
import { Driver, simulateScenario } from '../cluster/test-support.js';
import type { Config } from '../model/config.js';
import { decodeConfig } from '../model/decode.js';
import type { Reason } from '../model/source.js';

/**
 * A failover outside the automatic failover set of a WSFC group asks for the quorum votes to be
 * adjusted: "Perform a planned manual failover" (S45), Follow up: "If you failed over outside the
 * automatic failover set of the availability group, adjust the quorum votes of the Windows Server
 * failover clustering nodes to reflect your new availability group configuration"; "Perform a
 * forced manual failover" (S44), Follow Up step 1, adds "If the WSFC node that hosts the target
 * secondary replica does not have a WSFC quorum vote, you might need to force WSFC quorum".
 */
const notes = (observations: readonly Observation[]): readonly Reason[] =>
  observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

describe('the quorum votes after a failover outside the automatic failover set', () => {
  it('S119 then S45: the planned failovers to DR1 and back note it, the one inside the set does not', () => {
    const doc = JSON.parse(
      readFileSync(
        new URL('./fixtures/docs-mode-change-then-planned-failover-to-dr.json', import.meta.url),
        'utf8',
      ),
    );
    const sim = simulateScenario(doc);
    // Step 9 is refused: Sales is still SYNCHRONIZING on DR1.
    expect(sim.trace[8]!.refused.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    const votes = sim.trace.map((t) =>
      notes(t.observations).filter((r) => r.code === 'ADJUST_QUORUM_VOTES'),
    );
    expect(votes.flatMap((v, i) => (v.length > 0 ? [i] : []))).toEqual([11, 12]);
    expect(votes[11]![0]!.message).toContain(
      'the failover from N1 to DR1 is outside the automatic failover set (DR1 has FAILOVER_MODE MANUAL)',
    );
    expect(votes[11]![0]!.message).toContain('sys.dm_hadr_cluster_members.number_of_quorum_votes');
    expect(votes[11]![0]!.message).not.toContain('force WSFC quorum');
    expect(votes[12]![0]!.message).toContain('from DR1 to N1');
    expect(votes[11]![0]!.rule.document).toBe(
      'Perform a planned manual failover of an availability group',
    );
    expect(sim.trace[13]!.refused).toEqual([]);
  });

  const config = (clusterType: 'WSFC' | 'NONE'): Config => {
    const decoded = decodeConfig({
      name: 'MyAg',
      version: 2019,
      clusterType,
      databases: ['Sales'],
      replicas: [
        {
          name: 'N1',
          endpointUrl: 'TCP://n1:5022',
          availabilityMode: 'SYNCHRONOUS_COMMIT',
          failoverMode: clusterType === 'WSFC' ? 'AUTOMATIC' : 'MANUAL',
        },
        {
          name: 'N2',
          endpointUrl: 'TCP://n2:5022',
          availabilityMode: 'SYNCHRONOUS_COMMIT',
          failoverMode: clusterType === 'WSFC' ? 'AUTOMATIC' : 'MANUAL',
        },
        {
          name: 'DR1',
          endpointUrl: 'TCP://dr1:5022',
          availabilityMode: 'ASYNCHRONOUS_COMMIT',
          failoverMode: 'MANUAL',
        },
      ],
    });
    if (E.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left));
    return decoded.right;
  };

  it('S44: a forced failover to the asynchronous replica notes it, with forcing quorum', () => {
    const g = new Driver(config('WSFC'));
    g.do({ type: 'replica.crash', replica: 'N2' });
    g.do({ type: 'replica.crash', replica: 'N1' });
    const votes = notes(g.do({ type: 'ag.forceFailover', target: 'DR1' }).observations).filter(
      (r) => r.code === 'ADJUST_QUORUM_VOTES',
    );
    expect(votes.map((r) => r.message)).toEqual([
      "the failover from N1 to DR1 is outside the automatic failover set (DR1 is ASYNCHRONOUS_COMMIT, DR1 has FAILOVER_MODE MANUAL): adjust the quorum votes (NodeWeight) of the WSFC nodes to the new configuration; sys.dm_hadr_cluster_members.number_of_quorum_votes shows each node's vote; if the node that hosts DR1 has no quorum vote, you might need to force WSFC quorum",
    ]);
  });

  it('no note inside the set, nor without a WSFC', () => {
    const wsfc = new Driver(config('WSFC'));
    const inside = wsfc.do({ type: 'ag.failover', target: 'N2' });
    expect(inside.refused).toEqual([]);
    expect(notes(inside.observations).map((r) => r.code)).not.toContain('ADJUST_QUORUM_VOTES');
    const none = new Driver(config('NONE'));
    const forced = none.do({ type: 'ag.forceFailover', target: 'DR1' });
    expect(forced.refused).toEqual([]);
    expect(notes(forced.observations).map((r) => r.code)).not.toContain('ADJUST_QUORUM_VOTES');
  });
});
