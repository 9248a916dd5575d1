import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * serversideos.polsia.app, "SQL Server Always On failover troubleshooting" (S136): the primary
 * unreachable, the secondary RESOLVING, the cloud witness unreachable through a stale DNS entry,
 * quorum lost; "A two-line PowerShell fix, manual failover, application back up." The fixture is
 * the secondary's own snapshot once the witness answers again (NORMAL_QUORUM), still RESOLVING,
 * its database's cluster state not shown (names and version invented). "Perform a forced manual
 * failover" (S44): "If the primary replica is still unavailable after quorum is regained, you can
 * perform a planned manual failover to a synchronized secondary replica"; S2: "manual failover
 * (without data loss) is possible even if the primary replica has crashed". Only the forced
 * failover, which may lose data, was offered.
 */
const text = readFileSync(
  new URL('./fixtures/blog-witness-back-secondary-resolving.json', import.meta.url),
  'utf8',
);

describe('a RESOLVING replica after quorum returns, no primary shown', () => {
  it('is offered the planned failover first, with what settles it, then the forced one', () => {
    const actions = decide(factsOf(text)).actions;
    expect(actions.map((a) => a.event)).toEqual([
      { type: 'ag.failover', target: 'SQLNODE2' },
      { type: 'ag.forceFailover', target: 'SQLNODE2' },
    ]);
    expect(actions[0]?.why.map((r) => r.code)).toEqual([
      'PLANNED_FAILOVER_UNSETTLED',
      'NO_PRIMARY_VIEW',
      'FAILOVER_READINESS_UNKNOWN',
    ]);
  });

  it('is not offered one on SQLNODE1, whose role the snapshot does not show', () => {
    const events = decide(factsOf(text)).actions.map((a) => a.event);
    expect(events).not.toContainEqual({ type: 'ag.failover', target: 'SQLNODE1' });
  });
});
