import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideTarget } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * `decide --target` naming the primary itself. sys.dm_hadr_database_replica_states (S6):
 * last_hardened_lsn on a primary database reflects "the minimum hardened LSN" across its
 * secondaries (ag-rules §3, "on a sync primary DB = minimum hardened LSN across secondaries"),
 * while its end_of_log_lsn is the group's end of log. The predicted loss compared the two and
 * gave the secondaries' lag as the log a failover to the primary would lose, and where the
 * primary's row did not show them it was unknown, naming those very columns. The primary holds
 * its own log: nothing is lost.
 * Inputs: the dbi services account's snapshot (adapters/dmv/estimates-primary-target.test.ts),
 * with the state columns left out; and the KB2922898 Scenario 2 fixture, whose primary row shows
 * the minimum hardened LSN, SQL2's, as S6 says it does.
 */
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const lossOn = (snapshot: string, replica: string) =>
  decideTarget(factsOf(snapshot), replica)!.forcedLoss[0]!;

describe('the predicted loss of a failover to the primary itself', () => {
  it('is nothing, where the primary’s row shows no LSN', () => {
    const loss = lossOn(
      fixture('blog-dbi-log-reuse-availability-replica-primary.json'),
      'SQLNODE1',
    );
    expect(loss).toMatchObject({ extent: 'none', lsnRange: null, reasons: [] });
    expect(loss.acknowledgedLost).toEqual([]);
  });

  it('is nothing, where its last_hardened_lsn is the secondaries’ minimum, below its end of log', () => {
    const s = JSON.parse(fixture('kb2922898-redo-latency-truncation.json')) as JsonSnapshot;
    const [primary, sql2] = rowsOf(s, 'sys.dm_hadr_database_replica_states');
    Object.assign(primary!, { last_hardened_lsn: sql2!.truncation_lsn });
    const text = JSON.stringify(s);
    expect(lossOn(text, 'SQL1')).toMatchObject({ extent: 'none', lsnRange: null, ranges: [] });
    // A secondary is still judged by its own row against the primary's end of log.
    expect(lossOn(text, 'SQL3').extent).toBe('log');
  });
});
