import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * Microsoft Tech Community, SQL Server forum, "SQL Server AG Failover - Automatic Failover"
 * (techcommunity.microsoft.com/discussions/sql_server/sql-server-ag-failover---automatic-failover/4488661,
 * S132): "Scenario 1: - All three replicas set to automatic failover (2 on Site 1, 1 on Site 2)
 * - Stop both nodes on Site 1 - Last node in resolving state"; "A Secondary replica will never
 * promote to primary, if it cannot reach quorum." The reply only assumes the quorum was lost, so
 * the fixture, SITE2A's own snapshot on SQL Server 2019, has no sys.dm_hadr_cluster; its one
 * database (invented name) shows no state. "Nothing to do" there was a settled answer the
 * snapshot does not give.
 */
const load = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const FIXTURE = 'forum-site2-resolving-three-automatic.json';

describe('the last replica left RESOLVING, quorum not in the snapshot', () => {
  it('offers the forced failover on it with the quorum unknown, not nothing to do', () => {
    const d = decide(factsOf(load(FIXTURE)));
    const force = d.actions.find(
      (a) =>
        a.event.type === 'ag.forceFailover' && 'target' in a.event && a.event.target === 'SITE2A',
    );
    const codes = force?.why.map((r) => r.code);
    // AppDB's row on SITE2A shows no synchronization state: whether it would start is unknown too.
    // Whether a primary serves elsewhere is the forced verdict's own note, in its split-brain place.
    expect(codes).toEqual([
      'QUORUM_UNKNOWN',
      'POSSIBLE_DATA_LOSS',
      'FORCE_PRIMARY_UNSEEN',
      'DATABASE_START_UNKNOWN',
      'FORCE_QUORUM_STATE_UNKNOWN',
    ]);
    const quorum = force?.why.find((r) => r.code === 'FORCE_QUORUM_STATE_UNKNOWN');
    expect(quorum?.settledBy).toEqual(['sys.dm_hadr_cluster.quorum_state_desc on SITE2A']);
    // The site 1 replicas, stopped in the thread, are not shown running: nothing is offered there.
    expect(d.actions).toHaveLength(1);
  });

  it('keeps the quorum-lost answer where the cluster view is captured without a row', () => {
    const raw = JSON.parse(load(FIXTURE)) as Record<string, unknown>;
    raw['sys.dm_hadr_cluster'] = [];
    const d = decide(factsOf(JSON.stringify(raw)));
    expect(d.actions.map((a) => a.event.type)).toEqual(['quorum.force']);
  });
});
