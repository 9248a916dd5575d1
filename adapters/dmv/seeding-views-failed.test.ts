import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { asCsv, factsOf } from './test-support.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const grants = (facts: ClusterFacts) =>
  decide(facts).actions.filter((a) => a.event.type === 'replica.grantCreateDatabase');

const copyHealth = (facts: ClusterFacts, replica: string) =>
  decide(facts)
    .synchronizationHealth.databases.filter((d) => d.replica === replica)
    .flatMap((d) => d.reasons);

/*
 * dataplat/dbatools#8603, "New failure check for Add-DbaAgDatabase" (begin-dba, 2022-10-21):
 * "From times to times the seeding of some dbs fails on sqlserver side with a failure state = 21.
 * In such a case, the seeding never starts and the dmv dm_hadr_physical_seeding_stats is never
 * populated. ... After a few minutes another dmv dm_hadr_automatic_seeding is updated with
 * 'FAILED' in the current_state field." The issue gives no names or version: the group AG1 on
 * SQL01 and SQL02, DB1, SQL Server 2016 and the times are invented; failure_state_desc is the one
 * a primary showed for 21 (S92, MicrosoftDocs/sql-docs#7270: "21 Seeding Check Message Timeout").
 */
describe('a seeding FAILED with failure_state 21, shown by sys.dm_hadr_automatic_seeding', () => {
  const json = text('dbatools-8603-seeding-check-timeout.json');

  it.each([
    ['JSON', json],
    ['sqlcmd CSV', asCsv(json)],
  ])('%s: names the failure and offers the documented restart', (_form, input) => {
    const facts = factsOf(input);
    const copy = facts.databaseReplicas.find((d) => d.replica === 'SQL02')!;
    expect(copy.isSeeding).toBe(false);
    const d = decide(facts);
    const restart = d.actions.filter((a) => a.event.type === 'replica.setSeedingMode');
    // S19: "This will force a database to restart seeding if needed"; run on the primary.
    expect(restart.map((a) => [a.event, a.why.map((r) => [r.code, r.message])])).toEqual([
      [
        { type: 'replica.setSeedingMode', replica: 'SQL02', mode: 'AUTOMATIC' },
        [
          [
            'SEEDING_FAILED_RESTART',
            'the last automatic seeding of DB1 to SQL02 shown in sys.dm_hadr_automatic_seeding is FAILED: failure_state 21 (Seeding Check Message Timeout), completed 2022-10-21 09:03:00.000, number_of_attempts 1: run on the primary SQL01, SEEDING_MODE = AUTOMATIC for SQL02 restarts it ("This will force a database to restart seeding if needed"), once the cause that failure_state_desc and the SQL Server Log name is removed, or it fails again',
          ],
          // S66: whether SQL Server retries it by itself (Msg 19494 or 19495) is not in the views.
          [
            'SEEDING_RETRY_BY_SERVER_UNKNOWN',
            expect.stringContaining('whether SQL Server starts the seeding of DB1 to SQL02 again'),
          ],
        ],
      ],
    ]);
    expect(copyHealth(facts, 'SQL02').map((r) => r.code)).toEqual([
      'DATABASE_NOT_JOINED',
      'AUTOMATIC_SEEDING_FAILED',
    ]);
    expect(copyHealth(facts, 'SQL02')[1]?.message).toBe(
      'the last automatic seeding of DB1 to SQL02 FAILED: failure_state 21 (Seeding Check Message Timeout)',
    );
  });

  it('keeps the GRANT unknown: a FAILED row does not say whether the grant was given', () => {
    const why = grants(factsOf(json)).flatMap((a) => a.why);
    expect(why.map((r) => r.code)).toEqual(['GRANT_FOR_SEEDING_UNKNOWN']);
    expect(why[0]?.message).toContain(
      'sys.dm_hadr_automatic_seeding shows the last attempt for DB1 FAILED, failure_state 21 (Seeding Check Message Timeout), which does not say whether the grant was given',
    );
    // Both views were read: only the secondary's log message is left to settle it (SEED001).
    expect(why[0]?.settledBy).toEqual([
      expect.stringContaining(
        "SQL02's SQL Server Log: \"Local availability replica for availability group 'AG1' has not been granted permission",
      ),
    ]);
  });

  /*
   * MicrosoftDocs/sql-docs#7270 (S92): a primary's failure rows, "215 Seeding" among them. S20:
   * "A value of 2 in the hundred place digit indicates an error occurred on the seeding target";
   * failure_state_desc does not say so, so the answer does.
   */
  it('names the side of a three-digit failure_state, which failure_state_desc leaves out', () => {
    const rows = JSON.parse(json) as Record<string, Record<string, unknown>[]>;
    const row = rows['sys.dm_hadr_automatic_seeding']![0]!;
    rows['sys.dm_hadr_automatic_seeding'] = [
      { ...row, failure_state: 215, failure_state_desc: 'Seeding' },
    ];
    const facts = factsOf(JSON.stringify(rows));
    const side = 'failure_state 215 (Seeding), an error on the seeding target (hundreds digit 2)';
    const d = decide(facts);
    const messages = d.actions.flatMap((a) => a.why.map((r) => r.message));
    expect(messages.filter((m) => m.includes(side))).toHaveLength(2);
    expect(copyHealth(facts, 'SQL02')[1]?.message).toBe(
      `the last automatic seeding of DB1 to SQL02 FAILED: ${side}`,
    );
  });

  it('a later attempt still running (completion_time NULL) settles the grant and needs no restart', () => {
    const rows = JSON.parse(json) as Record<string, Record<string, unknown>[]>;
    const failed = rows['sys.dm_hadr_automatic_seeding']![0]!;
    rows['sys.dm_hadr_automatic_seeding'] = [
      failed,
      {
        ...failed,
        start_time: '2022-10-21 09:10:00.000',
        completion_time: null,
        current_state: 'SEEDING',
        failure_state: null,
        failure_state_desc: null,
        number_of_attempts: 2,
      },
    ];
    const facts = factsOf(JSON.stringify(rows));
    expect(facts.databaseReplicas.find((d) => d.replica === 'SQL02')?.isSeeding).toBe(true);
    const types = decide(facts).actions.map((a) => a.event.type);
    expect(types).not.toContain('replica.setSeedingMode');
    expect(types).not.toContain('replica.grantCreateDatabase');
  });
});

/*
 * The same failure seen on SQL02's own snapshot: sys.dm_hadr_automatic_seeding "is populated on the
 * primary replica and all secondary replicas" (SEED001), the secondary's row with is_source 0
 * ("Indicates whether this replica is the source (primary) of the seeding operation", S20) and
 * ag_remote_replica_id the primary's. SQL02 lists only its own replica and copy rows (S7).
 */
describe('the FAILED attempt on the secondary that was seeded', () => {
  const rows = JSON.parse(text('dbatools-8603-seeding-check-timeout.json')) as Record<
    string,
    Record<string, unknown>[]
  >;
  const own = (view: string) => rows[view]!.filter((r) => String(r.replica_id).endsWith('A2'));
  const onSecondary = {
    ...rows,
    'sys.dm_hadr_availability_replica_states': own('sys.dm_hadr_availability_replica_states').map(
      (r) => ({ ...r, is_local: true, operational_state_desc: 'ONLINE' }),
    ),
    'sys.dm_hadr_database_replica_states': own('sys.dm_hadr_database_replica_states').map((r) => ({
      ...r,
      is_local: true,
    })),
    'sys.dm_hadr_automatic_seeding': rows['sys.dm_hadr_automatic_seeding']!.map((r) => ({
      ...r,
      is_source: false,
      ag_remote_replica_id: '9A3C2E1B-0000-4000-8000-0000000000A1',
    })),
    'sys.dm_hadr_availability_group_states': [
      {
        group_id: '9A3C2E1B-0000-4000-8000-000000000001',
        primary_replica: 'SQL01',
        primary_recovery_health_desc: null,
        synchronization_health_desc: 'NOT_HEALTHY',
      },
    ],
  };

  it('reads its own row and offers the same restart, to run on the primary', () => {
    const facts = factsOf(JSON.stringify(onSecondary));
    expect(facts.localReplica).toBe('SQL02');
    expect(
      facts.databaseReplicas.find((d) => d.replica === 'SQL02')?.seeding?.attempt,
    ).toMatchObject({
      currentState: 'FAILED',
      failureState: 21,
    });
    expect(
      decide(facts)
        .actions.filter((a) => a.event.type === 'replica.setSeedingMode')
        .map((a) => a.event),
    ).toEqual([{ type: 'replica.setSeedingMode', replica: 'SQL02', mode: 'AUTOMATIC' }]);
  });

  it("a row with is_source 1 there is another seeding's: the copy is not matched to it", () => {
    const swapped = {
      ...onSecondary,
      'sys.dm_hadr_automatic_seeding': rows['sys.dm_hadr_automatic_seeding'],
    };
    const copy = factsOf(JSON.stringify(swapped)).databaseReplicas.find(
      (d) => d.replica === 'SQL02',
    );
    expect(copy?.seeding?.attempt).toBeNull();
    expect(copy?.isSeeding).toBeNull();
  });
});

/*
 * The same group, with SQL02's own snapshot beside the primary's: SQL02 shows its own rows only
 * (S6, S7) and both seeding views without a row for DB1 (the attempt is the primary's, is_source
 * 1, S20). Merged, the primary's FAILED row still speaks for the copy.
 */
describe('a secondary snapshot without seeding rows merged with the primary FAILED one', () => {
  const primaryJson = text('dbatools-8603-seeding-check-timeout.json');
  const secondaryJson = (() => {
    const rows = JSON.parse(primaryJson) as Record<string, Record<string, unknown>[]>;
    const sql02 = '9A3C2E1B-0000-4000-8000-0000000000A2';
    for (const view of [
      'sys.dm_hadr_availability_replica_states',
      'sys.dm_hadr_database_replica_states',
    ])
      rows[view] = rows[view]!.filter((r) => r.replica_id === sql02).map((r) => ({
        ...r,
        is_local: true,
      }));
    rows['sys.dm_hadr_automatic_seeding'] = [];
    rows['sys.dm_hadr_physical_seeding_stats'] = [];
    return JSON.stringify(rows);
  })();

  it('keeps the failure and its restart, in either order', () => {
    const primary = { source: 'sql01.json', facts: factsOf(primaryJson) };
    const secondary = { source: 'sql02.json', facts: factsOf(secondaryJson) };
    expect(secondary.facts.localReplica).toBe('SQL02');
    for (const merged of [mergeFacts(primary, secondary), mergeFacts(secondary, primary)]) {
      const copy = merged.facts.databaseReplicas.find((d) => d.replica === 'SQL02')!;
      expect(copy.seeding?.attempt?.currentState).toBe('FAILED');
      expect(copy.isSeeding).toBe(false);
      expect(copyHealth(merged.facts, 'SQL02').map((r) => r.code)).toContain(
        'AUTOMATIC_SEEDING_FAILED',
      );
      expect(decide(merged.facts).actions.flatMap((a) => a.why.map((r) => r.code))).toContain(
        'SEEDING_FAILED_RESTART',
      );
    }
  });
});
