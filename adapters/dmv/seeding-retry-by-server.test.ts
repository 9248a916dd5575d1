import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

const json = readFileSync(
  new URL('./fixtures/dbatools-8603-seeding-check-timeout.json', import.meta.url),
  'utf8',
);

const withAttempt = (change: Record<string, unknown>): string => {
  const rows = JSON.parse(json) as Record<string, Record<string, unknown>[]>;
  rows['sys.dm_hadr_automatic_seeding'] = rows['sys.dm_hadr_automatic_seeding']!.map((r) => ({
    ...r,
    ...change,
  }));
  return JSON.stringify(rows);
};

const restartWhy = (text: string) =>
  decide(factsOf(text))
    .actions.filter((a) => a.event.type === 'replica.setSeedingMode')
    .flatMap((a) => a.why);

/*
 * dataplat/dbatools#8603 (begin-dba, 2022-10-21): "From times to times the seeding of some dbs
 * fails on sqlserver side with a failure state = 21 ... After a few minutes another dmv
 * dm_hadr_automatic_seeding is updated with 'FAILED' in the current_state field."
 * 'Database engine events and errors (19000 to 20999)' (S66) gives SQL Server's two messages
 * after such a failure: Msg 19494, "Automatic seeding of availability database '%ls' in
 * availability group '%.*ls' failed with a transient error. The operation will be retried.", and
 * Msg 19495, "... failed with an unrecoverable error. Correct the problem, then issue an ALTER
 * AVAILABILITY GROUP command to set SEEDING_MODE = AUTOMATIC on the replica to restart seeding."
 * A published error log (an Azure Arc migration lab, SQL Server 2022 CTP 1.3 seeding to an Arc
 * managed instance) shows 19494 after a restore the target could not run at all ("That version is
 * incompatible with this server"): which failures SQL Server calls transient is not documented,
 * so the FAILED row does not say whether the restart is needed.
 */
describe('a FAILED seeding: SQL Server may retry it by itself (Msg 19494) or not (Msg 19495)', () => {
  it('the restart says the retry is unknown and names what settles it', () => {
    const why = restartWhy(json);
    expect(why.map((r) => r.code)).toEqual([
      'SEEDING_FAILED_RESTART',
      'SEEDING_RETRY_BY_SERVER_UNKNOWN',
    ]);
    const retry = why[1]!;
    expect(retry.message).toContain(
      `Msg 19494 "Automatic seeding of availability database 'DB1' in availability group 'AG1' failed with a transient error. The operation will be retried."`,
    );
    expect(retry.message).toContain('Msg 19495');
    expect(retry.rule.document).toBe('Database engine events and errors (19000 to 20999)');
    expect(retry.settledBy).toEqual([
      'the SQL Server Logs of SQL01 and SQL02 (Msg 19494 or 19495 for DB1)',
      'sys.dm_hadr_automatic_seeding: a later attempt of DB1 to SQL02 (start_time, number_of_attempts)',
    ]);
  });

  it('a row without failure_state gets it too', () => {
    expect(restartWhy(withAttempt({ failure_state: null })).map((r) => r.code)).toContain(
      'SEEDING_RETRY_BY_SERVER_UNKNOWN',
    );
  });

  // 1: the user cancelled it (S19, SEEDING_MODE = MANUAL); 5: a change of primary (docs/seeding.md).
  it.each([
    [1, 'User Cancellation'],
    [5, 'Primary Failure'],
  ])('failure_state %i (%s) gets the restart alone', (state, desc) => {
    const why = restartWhy(withAttempt({ failure_state: state, failure_state_desc: desc }));
    expect(why.map((r) => r.code)).toEqual(['SEEDING_FAILED_RESTART']);
  });
});
