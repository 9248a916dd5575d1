import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * joshthecoder.com, "A bug with AG health checks" (2020-06-22,
 * https://joshthecoder.com/2020/06/22/a-bug-with-ag-health-checks.html, S97): a 2-node sync AG with
 * file share witness on SQL Server 2016 SP2; on the primary SVR20 "REMOVE DATABASE", restore,
 * "ADD DATABASE"; on SVR19 "Restore the latest production (full and log) backups over the database
 * WITH NORECOVERY", then "SET HADR AVAILABILITY GROUP = [myAgName]". "Both AGs go into the RESOLVING
 * state at step 4", and the join fails: "cannot accept signal 'JOIN_DB' in its current replica
 * role, 'RESOLVING_NORMAL', and state (configuration is in Windows Server Failover Clustering
 * store, local availability replica has joined)". The fixture is SVR19's own snapshot then:
 * RESOLVING, primary_replica NULL, MyDatabaseName not joined; quorum, SVR20's state and every LSN
 * are not in the post and are left out.
 *
 * decide offered FORCE_FAILOVER_ALLOW_DATA_LOSS on SVR19 with only the quorum unknown (or, with
 * quorum shown, "log the target lacks is lost"), though its own loss prediction says the forced
 * failover loses all of MyDatabaseName there. 'Perform a forced manual failover' (S44),
 * Recommendations: "If possible, force failover only to a failover target whose secondary
 * databases are either in the NOT SYNCHRONIZED, SYNCHRONIZED, or SYNCHRONIZING state".
 */
const load = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const FIXTURE = 'blog-health-check-loop-secondary-resolving.json';

const forceOn = (text: string, target: string) =>
  decide(factsOf(text)).actions.find(
    (a) => a.event.type === 'ag.forceFailover' && 'target' in a.event && a.event.target === target,
  );

describe('a forced failover offered on a replica whose copy is not joined (S44)', () => {
  it('names the whole database it loses, beside the quorum unknown', () => {
    const force = forceOn(load(FIXTURE), 'SVR19');
    expect(force?.why.map((r) => r.code)).toEqual([
      'QUORUM_UNKNOWN',
      'POSSIBLE_DATA_LOSS',
      'FORCE_LOSES_WHOLE_DATABASE',
      'FORCE_QUORUM_STATE_UNKNOWN',
    ]);
    const loss = force?.why.find((r) => r.code === 'FORCE_LOSES_WHOLE_DATABASE');
    expect(loss?.message).toContain('loses all of MyDatabaseName: it is not joined on SVR19');
    expect(loss?.rule.document).toBe('Perform a forced manual failover of an availability group');
  });

  it('names it too where quorum is shown and the forced failover is allowed', () => {
    const raw = JSON.parse(load(FIXTURE)) as Record<string, unknown>;
    raw['sys.dm_hadr_cluster'] = [
      {
        cluster_name: 'CLU',
        quorum_type_desc: 'NODE_AND_FILE_SHARE_MAJORITY',
        quorum_state_desc: 'NORMAL_QUORUM',
      },
    ];
    const force = forceOn(JSON.stringify(raw), 'SVR19');
    expect(force?.why.map((r) => r.code)).toEqual([
      'POSSIBLE_DATA_LOSS',
      'FORCE_LOSES_WHOLE_DATABASE',
    ]);
  });

  it('adds nothing where the copy is joined', () => {
    const raw = JSON.parse(load(FIXTURE)) as Record<string, Record<string, unknown>[]>;
    for (const row of raw['sys.dm_hadr_database_replica_cluster_states'] ?? [])
      row.is_database_joined = true;
    const codes = forceOn(JSON.stringify(raw), 'SVR19')?.why.map((r) => r.code);
    // Joined, its synchronization state not shown: whether it would start is unknown.
    expect(codes).toEqual([
      'QUORUM_UNKNOWN',
      'POSSIBLE_DATA_LOSS',
      'DATABASE_START_UNKNOWN',
      'FORCE_QUORUM_STATE_UNKNOWN',
    ]);
  });
});
