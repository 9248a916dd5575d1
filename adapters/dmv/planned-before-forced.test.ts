import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * joshthecoder.com, "Prevent unexpected failovers when patching AGs" (2020-05-21,
 * https://www.joshthecoder.com/2020/05/21/prevent-unexpected-failovers-when-patching-ags.html):
 * "I had a 2-node availability group (AG) + fileshare witness system experience an unexpected
 * failover recently"; "21:16:10 SVR13 comes back up - it is still the secondary"; "21:17:52 SVR14
 * goes from primary to RESOLVING - the AG databases are now offline unexpectedly". The fixture is
 * SVR13's own snapshot in that minute: SECONDARY, ONLINE, DISCONNECTED, primary_replica NULL, its
 * copy's state and is_failover_ready NULL (the post does not give them), quorum NORMAL_QUORUM (two
 * nodes and the witness up).
 *
 * "Failover and failover modes" (S2), Terms and definitions: "When the target secondary replica is
 * synchronized, manual failover (without data loss) is possible even if the primary replica has
 * crashed because the secondary databases are ready for failover." The planned failover to SVR13 is
 * unknown there, not refused; "What you can do now" offered only FORCE_FAILOVER_ALLOW_DATA_LOSS.
 */
const text = readFileSync(
  new URL(
    './fixtures/blog-two-nodes-witness-secondary-while-primary-resolving.json',
    import.meta.url,
  ),
  'utf8',
);
const withReadiness = (ready: boolean): ClusterFacts => {
  const json = JSON.parse(text) as JsonSnapshot;
  for (const row of rowsOf(json, 'sys.dm_hadr_database_replica_cluster_states'))
    if (row.replica_id === '00000001-AAAA-4000-8000-000000000001') row.is_failover_ready = ready;
  return factsOf(JSON.stringify(json));
};
const offered = (facts: ClusterFacts) =>
  decide(facts).actions.map((a) => ({ event: a.event, codes: a.why.map((r) => r.code) }));

describe('a planned failover the snapshot cannot settle, offered before a forced one (S2)', () => {
  it('is offered on the secondary SVR13, first, with what settles it', () => {
    const actions = offered(factsOf(text));
    expect(actions.map((a) => a.event)).toEqual([
      { type: 'ag.failover', target: 'SVR13' },
      { type: 'ag.forceFailover', target: 'SVR13' },
    ]);
    expect(actions[0]!.codes).toEqual([
      'PLANNED_FAILOVER_UNSETTLED',
      'NO_PRIMARY_VIEW',
      'FAILOVER_READINESS_UNKNOWN',
    ]);
  });

  it('is not offered on SVR14, whose role the snapshot does not show (it may be the primary)', () => {
    const targets = offered(factsOf(text)).map((a) => a.event);
    expect(targets).not.toContainEqual({ type: 'ag.failover', target: 'SVR14' });
  });

  it('is not offered once is_failover_ready = 0 refuses it; the forced failover stays', () => {
    const facts = withReadiness(false);
    expect(decide(facts).failover.targets.find((t) => t.replica === 'SVR13')?.planned.status).toBe(
      'refused',
    );
    expect(offered(facts).map((a) => a.event)).toEqual([
      { type: 'ag.forceFailover', target: 'SVR13' },
    ]);
  });
});
