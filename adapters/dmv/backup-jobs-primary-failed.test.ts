import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * Azure China support article 'Azure 虚拟机中的 SQL Server AlwaysOn 可用性组集群配置最佳实践'
 * (MoonCake docs, aog-virtual-machines-windows-sql-alwayson-availability-groups, 2017-10-25): the
 * error log of the replica that was primary before the failover, node T-BJ-SQL-06:
 *   "The local availability replica of availability group 'XXX' is in a failed state. The replica
 *    failed to read or update the persisted configuration data (SQL Server error: 41034). To
 *    recover from this failure, either restart the local Windows Server Failover Clustering (WSFC)
 *    service or restart the local instance of SQL Server."
 * The snapshot is that moment on T-BJ-SQL-06: PRIMARY, operational_state_desc FAILED; the log does
 * not give the databases' state, the partner's name or the configuration (those are the
 * fixture's). S7: a primary is ready to process client requests only ONLINE; S34
 * (AvailabilityReplicaOperationalState): FAILED, "the replica cannot receive client requests".
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/blog-41034-primary-failed.json', import.meta.url), 'utf8'),
);
const onPrimary = (f: ClusterFacts) =>
  decide(f).backup[0]!.jobs.filter((j) => j.replica === 'T-BJ-SQL-06');
const withDatabaseState = (state: 'ONLINE'): ClusterFacts => ({
  ...facts,
  databaseReplicas: facts.databaseReplicas.map((d) =>
    d.replica === 'T-BJ-SQL-06' ? { ...d, databaseState: state } : d,
  ),
});

describe('backup jobs on a primary in a failed state (41034)', () => {
  it('refuses commits there, as the backup jobs now do', () => {
    const commit = decide(facts).commit[0]!;
    expect(commit.reasons.map((r) => r.code)).toContain('PRIMARY_NOT_ONLINE');
  });

  it('never takes a backup there: fail once the database is ONLINE, skip or fail while its state is not shown', () => {
    const online = onPrimary(withDatabaseState('ONLINE'));
    const reaching = online.filter((j) => j.outcome !== 'skip');
    // Ola's full and differential (primary only) and every dbatools type reach the BACKUP.
    expect(reaching.map((j) => `${j.convention} ${j.backupType}`).sort()).toEqual([
      'DBATOOLS DIFFERENTIAL',
      'DBATOOLS FULL',
      'DBATOOLS FULL_COPY_ONLY',
      'DBATOOLS LOG',
      'OLA_HALLENGREN DIFFERENTIAL',
      'OLA_HALLENGREN FULL',
    ]);
    for (const j of reaching) {
      expect(j.outcome).toBe('fail');
      expect(j.reasons.map((r) => r.code)).toContain('BACKUP_JOB_PRIMARY_NOT_ONLINE');
    }
    for (const j of onPrimary(facts)) expect(j.outcome).not.toBe('take');
    const unseen = onPrimary(facts).filter((j) => j.outcome === 'unknown');
    expect(unseen).toHaveLength(6);
    // dbatools' log and differential backups also need a full backup in that instance's msdb (S133).
    for (const j of unseen)
      expect(j.reasons.map((r) => r.code)).toEqual([
        'UNKNOWN_DATABASE_STATE',
        ...(j.convention === 'DBATOOLS' && ['LOG', 'DIFFERENTIAL'].includes(j.backupType)
          ? ['BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN']
          : []),
        'BACKUP_JOB_PRIMARY_NOT_ONLINE',
      ]);
  });

  it('takes them as before on an ONLINE primary', () => {
    const up: ClusterFacts = {
      ...withDatabaseState('ONLINE'),
      replicas: facts.replicas.map((r) =>
        r.name === 'T-BJ-SQL-06' ? { ...r, operationalState: 'ONLINE' } : r,
      ),
    };
    const ola = onPrimary(up).find(
      (j) => j.convention === 'OLA_HALLENGREN' && j.backupType === 'FULL',
    )!;
    expect(ola.outcome).toBe('take');
  });
});
