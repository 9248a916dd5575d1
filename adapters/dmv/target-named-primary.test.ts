import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plannedFailover } from '../../core/failover/failover.js';
import { factsOf } from './test-support.js';

/*
 * dbi services blog (David Barbarin), "SQL Server AlwaysOn and availability groups : session
 * timeout parameter" (S165): "A connection timeout has occurred on a previously established
 * connection to availability replica 'WIN20162\SQL14' with id [B9B83D6D-…]. Either a networking or
 * a firewall issue exists or the availability replica has transitioned to the resolving role.",
 * caused by a Veeam backup "while performing a virtual machine snapshot either on the primary or
 * the secondary replicas" (the VMware "stun period"). The fixture is the snapshot of
 * WIN20161\SQL14, which logged the message, while the primary WIN20162\SQL14 is stunned:
 * DISCONNECTED, db1 NOT SYNCHRONIZING, the primary named by
 * sys.dm_hadr_availability_group_states.primary_replica, its row not shown (S7: NULL for a replica
 * not local). The group's name, the database and the catalog options are not in the post; those
 * of the fixture are placeholders.
 */
const text = readFileSync(
  new URL('./fixtures/blog-dbi-35206-vm-stun-secondary.json', import.meta.url),
  'utf8',
);

describe('a planned failover to the primary primary_replica names, seen from a secondary (S165)', () => {
  const facts = factsOf(text, { version: 2014 });

  it('is refused as already primary, without calling its role or its connection unknown', () => {
    const codes = plannedFailover(facts, 'WIN20162\\SQL14').reasons.map((r) => r.code);
    expect(codes).toContain('TARGET_IS_PRIMARY');
    expect(codes).not.toContain('TARGET_ROLE_UNKNOWN');
    expect(codes).not.toContain('TARGET_CONNECTION_UNKNOWN');
    // Whether its instance runs is still not in WIN20161\SQL14's snapshot.
    expect(codes).toContain('TARGET_STATE_UNKNOWN');
  });

  it('still refuses the disconnected secondary for every reason it has', () => {
    expect(plannedFailover(facts, 'WIN20161\\SQL14').reasons.map((r) => r.code)).toEqual([
      'TARGET_DISCONNECTED',
      'DATABASE_NOT_SYNCHRONIZED',
    ]);
  });
});
