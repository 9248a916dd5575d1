import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isUnknownReason } from '../../core/model/source.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * "Secondary to primary replica read/write connection redirection (Always On Availability
 * Groups)" (learn.microsoft.com/sql/database-engine/availability-groups/windows/secondary-replica-
 * connection-redirection-always-on-availability-groups), Example: the group MyAg (CLUSTER_TYPE =
 * NONE; COMPUTER01 primary, COMPUTER02 and COMPUTER03 at SECONDARY_ROLE (ALLOW_CONNECTIONS = ALL),
 * every replica with a READ_WRITE_ROUTING_URL): "a client application connects to COMPUTER02, with
 * ApplicationIntent=ReadWrite. The connection is redirected to the primary replica." The snapshot
 * is taken on COMPUTER02, which shows only its own row of sys.dm_hadr_availability_replica_states
 * (S7), so whether COMPUTER01 is ONLINE is not shown: the answer is unknown, not refused.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-rw-redirect-seen-from-secondary.json', import.meta.url),
    'utf8',
  ),
);
const codes = (c: { reasons: readonly { code: string }[] }) => c.reasons.map((r) => r.code);

describe("read/write redirection seen from the secondary's snapshot", () => {
  it('a read-write login on COMPUTER02 is unknown, naming what settles it', () => {
    const c = connectToReplica(facts, {
      replica: 'COMPUTER02',
      intent: 'READ_WRITE',
      database: 'Database1',
    });
    expect(c.outcome).toBe('unknown');
    expect(codes(c)).toEqual(['UNKNOWN_OPERATIONAL_STATE']);
    expect(c.reasons.every(isUnknownReason)).toBe(true);
  });

  it('straight to the primary: unknown for read-write, refused for read intent (READ_WRITE)', () => {
    const rw = connectToReplica(facts, {
      replica: 'COMPUTER01',
      intent: 'READ_WRITE',
      database: 'Database1',
    });
    expect(rw.outcome).toBe('unknown');
    const ro = connectToReplica(facts, {
      replica: 'COMPUTER01',
      intent: 'READ_ONLY',
      database: 'Database1',
    });
    // A known refusal stands whatever else is unknown, and every reason is listed.
    expect(ro.outcome).toBe('refused');
    expect(codes(ro)).toEqual(['UNKNOWN_OPERATIONAL_STATE', 'CONNECT_PRIMARY_READ_WRITE_ONLY']);
  });

  it('COMPUTER03, whose row this snapshot does not hold, is unknown either way', () => {
    for (const intent of ['READ_WRITE', 'READ_ONLY'] as const)
      expect(
        connectToReplica(facts, { replica: 'COMPUTER03', intent, database: 'Database1' }).outcome,
      ).toBe('unknown');
  });

  it('the read-intent login on COMPUTER02 itself connects', () => {
    expect(
      connectToReplica(facts, {
        replica: 'COMPUTER02',
        intent: 'READ_ONLY',
        database: 'Database1',
      }),
    ).toMatchObject({ outcome: 'connected', replica: 'COMPUTER02', readOnly: true });
  });
});
