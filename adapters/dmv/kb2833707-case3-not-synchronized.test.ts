import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "Troubleshooting automatic failover problems in SQL Server Always On environments" (KB2833707,
 * MicrosoftDocs/SupportArticles-docs), Case 3, "The availability databases aren't in a
 * SYNCHRONIZED state": "if one availability database in the availability group is in the
 * synchronizing or NOT SYNCHRONIZED state, automatic failover won't successfully transition the
 * secondary replica into the primary role"; the partner's SQL Server error log says "One or more
 * databases aren't synchronized or haven't joined the availability group" (the text of Msg 41142,
 * which goes on: "If the cluster was started in Force Quorum mode or the availability replica uses
 * the asynchronous-commit mode, consider performing a forced manual failover (with possible data
 * loss). Otherwise, once all local secondary databases are joined and synchronized, you can
 * perform a planned manual failover"); the check is is_failover_ready on the secondary: "A value
 * of zero for any of the availability databases can prevent automatic failover".
 *
 * The fixture is Case 1's snapshot of the partner SQL2 (kb2833707-threshold-resolving.json: SQL2
 * RESOLVING, no primary_replica, quorum normal) with a second database, aocarchive, whose copy on
 * SQL2 is_failover_ready = 0. Invented: the database, its ids and LSNs.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/kb2833707-case3-one-database-not-ready.json', import.meta.url),
    'utf8',
  ),
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('KB2833707 Case 3: one database of the partner not failover ready (41142)', () => {
  const d = decide(facts);
  const sql2 = d.failover.targets.find((t) => t.replica === 'SQL2')!;

  it('no automatic failover, and the planned one is refused naming that database', () => {
    expect(d.failover.automaticTarget).toBeNull();
    expect(codes(sql2.automatic.reasons)).toContain('DATABASE_NOT_FAILOVER_READY');
    expect(sql2.planned.allowed).toBe(false);
    expect(sql2.planned.status).toBe('refused');
    expect(codes(sql2.planned.reasons)).toEqual(['DATABASE_NOT_FAILOVER_READY']);
    expect(sql2.planned.reasons[0]!.message).toContain('aocarchive on SQL2');
  });

  it('the forced failover is what is left: it loses nothing of aocdb, an unknown amount of aocarchive', () => {
    expect(sql2.forced.allowed).toBe(true);
    const loss = Object.fromEntries(sql2.forcedLoss.map((l) => [l.database, l.extent]));
    expect(loss).toEqual({ aocdb: 'none', aocarchive: 'unknown' });
    // SQL1, whose copies the cluster marks failover ready, is offered a planned failover first
    // (S44: recover the original primary where possible; PLANNED_FAILOVER_UNSETTLED), then this one.
    expect(d.actions.map((a) => a.event)).toEqual([
      { type: 'ag.failover', target: 'SQL1' },
      { type: 'ag.forceFailover', target: 'SQL2' },
    ]);
  });
});
