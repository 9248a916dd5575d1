import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * AlwaysOnPro blog (2014-11-26), "Diagnose Unexpected Failover or Availability Group in RESOLVING
 * State" (S128): "During the time a health issue is detected, the availability group primary
 * replica transitions from PRIMARY to the RESOLVING role and if configured for automatic failover,
 * will transition back out of RESOLVING to the PRIMARY role on the automatic failover partner."
 * The fixture: the primary SQLAG1's own snapshot after a lease timeout, RESOLVING with quorum
 * normal, without sys.dm_hadr_availability_group_states; SQLAG2 is its automatic failover partner.
 * Whether SQLAG2 is primary by now the snapshot does not say, so forcing on SQLAG1 is offered
 * only with that unknown.
 *
 * AlwaysOnPro blog (2014-11-11), "Determine Availability Group Synchronization State, Minimize
 * Data Loss When Quorum is Forced" (S131): after forced quorum "availability groups transition to
 * the RESOLVING state, and require an additional failover command ... ALTER AVAILABILITY GROUP
 * agname FORCE_FAILOVER_ALLOW_DATA_LOSS"; "recover the server hosting the original primary
 * replica ... This guarantees no data loss." The second fixture: SQLAG1 after quorum was forced on
 * its node. Names and columns the sources do not fix are invented or NULL.
 */
const load = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const forceOn = (json: string, target: string) =>
  decide(factsOf(json)).actions.find(
    (a) => a.event.type === 'ag.forceFailover' && 'target' in a.event && a.event.target === target,
  );

describe('a forced failover offered where the snapshot does not show the primary', () => {
  it('carries FORCE_PRIMARY_UNSEEN on the old primary in RESOLVING after a lease timeout', () => {
    const action = forceOn(load('blog-lease-timeout-resolving-old-primary.json'), 'SQLAG1');
    const unseen = action?.why.find((r) => r.code === 'FORCE_PRIMARY_UNSEEN');
    expect(unseen?.settledBy).toContain('sys.dm_hadr_availability_group_states.primary_replica');
    expect(action?.why.map((r) => r.code)).toContain('POSSIBLE_DATA_LOSS');
  });

  it('offers it plainly where primary_replica shows no primary', () => {
    const raw = JSON.parse(load('blog-lease-timeout-resolving-old-primary.json')) as Record<
      string,
      unknown
    >;
    const groups = raw['sys.availability_groups'] as { group_id: string }[];
    raw['sys.dm_hadr_availability_group_states'] = [
      { group_id: groups[0]?.group_id, primary_replica: null },
    ];
    const action = forceOn(JSON.stringify(raw), 'SQLAG1');
    expect(action?.why.map((r) => r.code)).toEqual(['POSSIBLE_DATA_LOSS']);
  });

  it('offers it plainly after quorum was forced on the original primary', () => {
    const action = forceOn(load('blog-forced-quorum-original-primary.json'), 'SQLAG1');
    expect(action?.why.map((r) => r.code)).toEqual(['POSSIBLE_DATA_LOSS']);
  });
});
