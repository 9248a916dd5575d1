import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Configure distributed transactions for an Always On availability group' (S218), Manage
 * unresolved transactions: "The outcome for the active transactions that exists during RMID change
 * cannot be recovered after a failover", a change of DTC_SUPPORT being one such change; the new
 * primary cannot get the outcome from DTC, "Therefore the database goes into SUSPECT state". The
 * fixture opens a transaction on DB1, runs the page's SET (DTC_SUPPORT = PER_DB) twice and fails
 * over. db.begin does not say whether the transaction is distributed: unknown, settled by
 * sys.dm_tran_active_transactions (S219).
 */
const fixture = JSON.parse(
  readFileSync(
    new URL('./fixtures/docs-dtc-change-open-transaction-failover.json', import.meta.url),
    'utf8',
  ),
);
const notes = (sim: ReturnType<typeof simulateScenario>, i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

describe('DTC_SUPPORT changed while a transaction is open (S218)', () => {
  const sim = simulateScenario(fixture);

  it('takes the SET and says, for DB1 alone, what a failover does to a distributed transaction open across it', () => {
    expect(sim.trace[1]!.refused).toEqual([]);
    const [note, ...rest] = notes(sim, 1);
    expect(rest).toEqual([]);
    expect(note?.code).toBe('DTC_RMID_CHANGE_OPEN_TRANSACTION');
    expect(note?.message).toMatch(/open on DB1 while DTC_SUPPORT changes from NONE to PER_DB/);
    expect(note?.message).toMatch(/DB1 goes SUSPECT there/);
    expect(note?.message).toMatch(/KILL '<UOW>' WITH COMMIT or WITH ROLLBACK/);
    expect(note?.message).toMatch(/ALTER DATABASE \[DB1\] SET ONLINE/);
    expect(note?.settledBy).toEqual([
      'sys.dm_tran_active_transactions.transaction_type (4 = distributed transaction) and transaction_uow of the transactions sys.dm_tran_database_transactions shows open on DB1, on the primary',
    ]);
    expect(sim.final.config.dtcSupport).toBe('PER_DB');
  });

  it('says nothing when the SET changes nothing, nor with no transaction open', () => {
    expect(notes(sim, 2)).toEqual([]);
    const none = simulateScenario({ ...fixture, steps: fixture.steps.slice(1) });
    expect(notes(none, 0)).toEqual([]);
  });

  it('the failover still rolls the transaction back on Server2', () => {
    expect(notes(sim, 3).map((r) => r.code)).toContain('OPEN_TRANSACTIONS_ROLLED_BACK');
  });
});
