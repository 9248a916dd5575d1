import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "WSFC Disaster Recovery through Forced Quorum (SQL Server)" (S124), step 2: "Start the WSFC
 * cluster by using forced quorum on a single node ... To minimize potential data loss, select a
 * node that was last hosting an availability group primary replica." The fixture (outage round 2)
 * is SQLP2's own snapshot while its node has no quorum: RESOLVING, FAILED_NO_QUORUM, its replica
 * alone and no database row (S32). Whether forcing there loses data is not shown.
 */
const fixture = () =>
  readFileSync(
    new URL('./fixtures/docs-quorum-lost-catalog-local-only.json', import.meta.url),
    'utf8',
  );

describe('a snapshot from a node without quorum (S124)', () => {
  it('offers forcing quorum on its node, with the loss unknown until is_failover_ready is shown', () => {
    const actions = decide(factsOf(fixture())).actions;
    expect(actions.map((a) => a.event)).toEqual([{ type: 'quorum.force', replica: 'SQLP2' }]);
    const [why] = actions[0]?.why ?? [];
    expect(why?.code).toBe('FORCE_QUORUM_READINESS_UNKNOWN');
    expect(why?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_cluster_states.is_failover_ready',
    ]);
  });
});
