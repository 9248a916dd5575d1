import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * pastebin.com/cCCBmLRA, a DBA's published fix: "--On secondary database with error "NOT
 * SYNCHRONIZED / RECOVERY PENDING", run: ALTER DATABASE <database_name> SET HADR OFF; ALTER
 * DATABASE <database_name> SET HADR AVAILABILITY GROUP = <ag_name>;". The fixture is that
 * secondary's own snapshot: AppDB NOT SYNCHRONIZING and RECOVERY_PENDING on SQLNODE2, SQLNODE1
 * named primary (names, version and modes invented; suspension, LSNs and connection not given).
 * KB2857849, 'Troubleshoot Always On availability databases in Recovery Pending or Suspect state'
 * (SupportArticles-docs alwayson-availability-databases-recovery-pending-suspect.md): at the
 * secondary, SET HADR OFF fails "because the database is still in the Recovery Pending state: Msg
 * 921 ... has not been recovered yet"; Resolution when the database is in the secondary role:
 * "Remove from the availability group the replica that's hosting the damaged database ... Resolve
 * any issues ... Restore the replica to the availability group", by "ALTER AVAILABILITY GROUP
 * <AvailabilityGroupName> REMOVE REPLICA ON '<SQLServerNodeName>'" on the primary. decide offered a
 * RESUME alone there, and on the KB's own moment (kb2857849-recovery-pending-secondary-role.json,
 * the copy not suspended) "nothing to do", though "Database states" (S80) says of RECOVERY PENDING:
 * "Additional action by the user is required".
 */
const fixture = (name: string): ClusterFacts =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const paste = fixture('paste-secondary-not-synchronized-recovery-pending.json');
const kb = fixture('kb2857849-recovery-pending-secondary-role.json');

const removals = (f: ClusterFacts) =>
  decide(f).actions.filter((a) => a.event.type === 'replica.remove');

describe('a secondary copy left RECOVERY_PENDING or SUSPECT (KB2857849)', () => {
  it('offers REMOVE REPLICA of that secondary on the primary, beside the RESUME', () => {
    const actions = decide(paste).actions;
    expect(actions.map((a) => a.event.type)).toEqual(['db.resume', 'replica.remove']);
    const [remove] = removals(paste);
    expect(remove?.event).toEqual({ type: 'replica.remove', replica: 'SQLNODE2' });
    expect(remove?.why.map((r) => r.code)).toEqual(['REMOVE_REPLICA_DAMAGED_COPY']);
    expect(remove?.why[0]?.message).toContain('Msg 921');
    expect(remove?.why[0]?.message).toContain('on the primary SQLNODE1');
    expect(remove?.why[0]?.rule.document).toContain('KB2857849');
  });

  it("no longer answers 'nothing to do' on the KB's own moment after the failover", () => {
    expect(removals(kb).map((a) => a.event)).toEqual([
      { type: 'replica.remove', replica: 'sqlnode1' },
    ]);
  });

  it('offers it for a SUSPECT copy too, without the Msg 921 of RECOVERY_PENDING', () => {
    const suspect: ClusterFacts = {
      ...paste,
      databaseReplicas: paste.databaseReplicas.map((d) => ({
        ...d,
        databaseState: d.replica === 'SQLNODE2' ? ('SUSPECT' as const) : d.databaseState,
      })),
    };
    const [remove] = removals(suspect);
    expect(remove?.event).toEqual({ type: 'replica.remove', replica: 'SQLNODE2' });
    expect(remove?.why[0]?.message).not.toContain('Msg 921');
  });

  it('offers nothing of the kind for an ONLINE copy, nor where the primary is not known', () => {
    const online: ClusterFacts = {
      ...paste,
      databaseReplicas: paste.databaseReplicas.map((d) => ({ ...d, databaseState: 'ONLINE' })),
    };
    expect(removals(online)).toEqual([]);
    expect(removals({ ...paste, primary: null })).toEqual([]);
  });

  it("offers nothing of the kind for the primary's own copy: that is the failover verdicts' matter", () => {
    expect(removals(fixture('kb2857849-recovery-pending-on-primary.json'))).toEqual([]);
  });
});
