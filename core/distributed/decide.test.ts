import { describe, expect, it } from 'vitest';
import { decideDistributed } from './decide.js';
import { DistributedDriver } from './test-support.js';

/**
 * Each member group's decisions in a distributed availability group.
 * "Offload supported backups to secondary replicas of an availability group" (S10,
 * learn.microsoft.com/sql/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups):
 * "In a distributed availability group, backups can be performed on secondary replicas in the
 * same availability group as the active primary replica, or on the primary replica of any
 * secondary availability groups. Backups cannot be performed on a secondary replica in a
 * secondary availability group because secondary replicas only communicate with the primary
 * replica in their own availability group."
 * "Distributed availability groups" (S43): only one copy accepts writes; with synchronous
 * movement the group "will wait until all synchronous copies acknowledge that they have the data".
 */

const member = (d: DistributedDriver, name: string) =>
  decideDistributed(d.distributed).members.find((m) => m.member === name)!.decisions;

describe('decideDistributed', () => {
  it('writes: the global primary as its group decides, the forwarder never', () => {
    const d = new DistributedDriver();
    expect(member(d, 'ag1').commit[0]).toMatchObject({
      acknowledgement: 'afterHardening',
      mustHarden: ['server2'],
    });
    const forwarded = member(d, 'ag2').commit[0];
    expect(forwarded?.acknowledgement).toBe('refused');
    expect(forwarded?.reasons.map((r) => r.code)).toEqual(['FORWARDER_READ_ONLY']);
  });

  it('with SYNCHRONOUS_COMMIT both ways and SYNCHRONIZED, a commit also waits for the forwarder and its synchronous copy', () => {
    const d = new DistributedDriver();
    d.do({ type: 'distributed.setAvailabilityMode', member: 'ag1', mode: 'SYNCHRONOUS_COMMIT' });
    d.do({ type: 'distributed.setAvailabilityMode', member: 'ag2', mode: 'SYNCHRONOUS_COMMIT' });
    const c = member(d, 'ag1').commit[0];
    expect(c?.mustHarden).toEqual(['server2', 'server3', 'server4']);
    expect(c?.reasons.map((r) => r.code)).toContain('WAITS_FOR_FORWARDER');
  });

  it('backups: never on a secondary of the secondary group; on the secondaries of the global primary group as its preference says (S10)', () => {
    const d = new DistributedDriver();
    const far = member(d, 'ag2').backup[0]!;
    expect(far.preferred.replicas).not.toContain('server4');
    const server4 = far.decisions.find((x) => x.replica === 'server4')?.decision;
    expect(server4?.action).toBe('skip');
    expect(server4?.reasons.map((r) => r.code)).toEqual([
      'BACKUP_NOT_ON_SECONDARY_GROUP_SECONDARY',
    ]);
    const server3 = far.decisions.find((x) => x.replica === 'server3')?.decision;
    expect(server3?.reasons.map((r) => r.code)).not.toContain(
      'BACKUP_NOT_ON_SECONDARY_GROUP_SECONDARY',
    );
    const near = member(d, 'ag1').backup[0]!;
    expect(near.preferred.replicas).toEqual(['server2']);
  });

  it('backup jobs there fail where their own checks take the backup (Ola Hallengren issue #43: log backups "failing on AR4")', () => {
    const d = new DistributedDriver();
    const jobs = member(d, 'ag2').backup[0]!.jobs.filter((j) => j.replica === 'server4');
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.map((j) => j.outcome)).not.toContain('take');
    const ola = jobs.find((j) => j.convention === 'OLA_HALLENGREN' && j.backupType === 'LOG');
    expect(ola?.outcome).toBe('fail');
    expect(ola?.reasons[0]?.code).toBe('BACKUP_NOT_ON_SECONDARY_GROUP_SECONDARY');
    // A failed job does not also say that it takes the backup.
    expect(ola?.reasons.map((r) => r.code)).not.toContain('BACKUP_JOB_OLA_TAKES');
    // A job that fails there for a reason of its own (a full backup on a secondary, Msg 3059)
    // lists this one too.
    const full = jobs.find((j) => j.convention === 'DBATOOLS' && j.backupType === 'FULL');
    expect(full?.outcome).toBe('fail');
    expect(full?.reasons.map((r) => r.code)).toContain('BACKUP_NOT_ON_SECONDARY_GROUP_SECONDARY');
  });

  it('failover inside each member group, as for any group, beside the failover between them', () => {
    const d = new DistributedDriver();
    const all = decideDistributed(d.distributed);
    expect(all.globalPrimary).toBe('server1');
    expect(all.forwarder).toBe('server3');
    expect(all.failover.status).toBe('refused');
    expect(member(d, 'ag1').failover.targets.map((t) => t.replica)).toEqual(['server2']);
    expect(member(d, 'ag2').failover.targets.map((t) => t.replica)).toEqual(['server4']);
    expect(member(d, 'ag2').failover.targets[0]?.planned.status).toBe('allowed');
  });
});
