import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * andreasjordan/demos, AlwaysOn_MultiInstance/02_setup_availability_group_demo_02_empty_availability_group.ps1
 * (@41aff992), MyTestAg2016 on SRV1\SQL2016 and SRV2\SQL2016: after $smoAvailabilityGroup.Create()
 * the secondary's JoinAvailabilityGroup once failed: "Failed to join the availability replica to
 * availability group 'MyTestAg2016' because the group is not online. Either bring the availability
 * group online, or drop and recreate it. Then retry the join operation. Failed to join local
 * availability replica to availability group 'MyTestAg2016'. The operation encountered SQL Server
 * error 41136 and has been rolled back", so the lab waits for the primary replica's
 * OperationalState to be 'Online' before the JOIN. Msg 41136 (S135, the text above); S7,
 * operational_state of a primary: "ONLINE: The availability group resource is online", PENDING
 * transient ("a primary replica can be stuck in this state if workers aren't available"), which
 * does not say whether the group resource is online. The fixture is SRV1's snapshot in that
 * wait: SRV1 PRIMARY and PENDING, SRV2 added and NOT_JOINED; the group's settings are the
 * script's, its ids invented, the cluster views absent.
 */
const fixture = (): JsonSnapshot =>
  JSON.parse(
    readFileSync(
      new URL('./fixtures/lab-andreasjordan-create-primary-pending.json', import.meta.url),
      'utf8',
    ),
  ) as JsonSnapshot;

const withPrimaryState = (state: string | null): JsonSnapshot => {
  const s = fixture();
  for (const r of rowsOf(s, 'sys.dm_hadr_availability_replica_states'))
    if (r.is_local === true) r.operational_state_desc = state;
  return s;
};

const joins = (s: JsonSnapshot) =>
  decide(factsOf(JSON.stringify(s)))
    .actions.filter((a) => a.event.type === 'replica.join')
    .map((a) => [a.event, a.why.map((x) => x.code)]);

describe('JOIN of an added replica: unknown until the group is shown online (Msg 41136)', () => {
  it('offers the JOIN while the primary is PENDING, as in the lab right after CREATE, with that unknown', () => {
    expect(joins(fixture())).toEqual([
      [
        { type: 'replica.join', replica: 'SRV2\\SQL2016' },
        ['JOIN_ADDED_REPLICA', 'JOIN_GROUP_ONLINE_UNKNOWN'],
      ],
    ]);
  });

  it('offers the JOIN once the primary is ONLINE', () => {
    expect(joins(withPrimaryState('ONLINE'))).toEqual([
      [{ type: 'replica.join', replica: 'SRV2\\SQL2016' }, ['JOIN_ADDED_REPLICA']],
    ]);
  });

  it("with the primary's operational state not shown, offers it with that unknown", () => {
    const actions = decide(factsOf(JSON.stringify(withPrimaryState(null)))).actions;
    const join = actions.find((a) => a.event.type === 'replica.join');
    expect(join?.why.map((x) => x.code)).toEqual([
      'JOIN_ADDED_REPLICA',
      'JOIN_GROUP_ONLINE_UNKNOWN',
    ]);
    expect(join?.why[1]?.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.operational_state_desc of SRV1\\SQL2016 (ONLINE)',
    ]);
  });
});
