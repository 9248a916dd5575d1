import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forcedFailover } from '../../core/failover/failover.js';
import { forcedFailoverLoss } from '../../core/failover/forced-loss.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "Troubleshoot: Availability group exceeded RPO" (S130, MicrosoftDocs/sql-docs
 * docs/database-engine/availability-groups/windows/troubleshoot-availability-group-exceeded-rpo.md):
 * "After you perform a forced manual failover on an availability group to an asynchronous-commit
 * secondary replica, you may find that data loss is more than your recovery point objective
 * (RPO)"; "the potential data loss of an asynchronous-commit secondary replica depends on how much
 * log is still waiting to be hardened on the secondary replica"; "The most common reason for the
 * databases exceeding their RPO is that they cannot be sent to the secondary replica fast enough."
 *
 * The fixtures: AGOrders, SQLAG1 and SQLAG2 synchronous at the main site, SQLDR1 asynchronous at
 * DR. docs-rpo-async-dr-primary.json is the primary's snapshot with 2.4 GB of OrdersDB's log not
 * yet sent to SQLDR1; docs-rpo-async-dr-forced-quorum.json is SQLDR1's own snapshot once the main
 * site is lost and quorum forced there: RESOLVING, its copy NOT SYNCHRONIZING, its cluster row's
 * recovery_lsn the MAX value (S8), no other replica's rows. Names, LSNs, sizes and times are
 * invented; the page gives none.
 */
const text = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const drText = () => text('docs-rpo-async-dr-forced-quorum.json');
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a forced failover to the DR replica, asked of its own snapshot (S130)', () => {
  const facts = factsOf(drText());

  it('does not say the DR copy holds the group’s end of log: the other copies are not shown', () => {
    const [loss] = forcedFailoverLoss(facts, 'SQLDR1');
    expect(loss?.extent).toBe('unknown');
    expect(codes(loss?.reasons ?? [])).toEqual(['LOSS_END_OF_LOG_UNKNOWN']);
    expect(loss?.reasons[0]?.message).toContain('SQLAG1, SQLAG2');
    expect(loss?.reasons[0]?.settledBy).toContain(
      'sys.dm_hadr_database_replica_states.end_of_log_lsn (the rows of SQLAG1, SQLAG2, in snapshots taken there)',
    );
  });

  it('still allows the forced failover itself', () => {
    expect(forcedFailover(facts, 'SQLDR1').status).toBe('allowed');
  });

  it('says nothing is lost when every other copy is shown not joined', () => {
    const raw = JSON.parse(drText()) as JsonSnapshot;
    const cluster = rowsOf(raw, 'sys.dm_hadr_database_replica_cluster_states');
    for (const id of [
      '7B2E3D4C-0001-4000-8000-00000000B001',
      '7B2E3D4C-0002-4000-8000-00000000B001',
    ])
      cluster.push({ ...cluster[0], replica_id: id, is_database_joined: false });
    const [loss] = forcedFailoverLoss(factsOf(JSON.stringify(raw)), 'SQLDR1');
    expect(loss?.extent).toBe('none');
  });
});

describe('the same failover asked of the primary’s snapshot', () => {
  it('loses the log past what SQLDR1 hardened, to the primary’s end of log', () => {
    const [loss] = forcedFailoverLoss(factsOf(text('docs-rpo-async-dr-primary.json')), 'SQLDR1');
    expect(loss?.extent).toBe('log');
    expect(loss?.lsnRange).toEqual({
      afterLsn: 5100000051200000001n,
      throughLsn: 5100000077700000001n,
    });
  });
});
