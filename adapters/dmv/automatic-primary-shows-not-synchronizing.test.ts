import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automaticFailover, automaticFailoverAnswer } from '../../core/failover/failover.js';
import { isUnknownReason } from '../../core/model/source.js';
import { factsOf, type JsonSnapshot, type Row, rowsOf } from './test-support.js';

/*
 * The error log of LZHANG1S (SQL Server 2017 RTM 14.0.1000.169), group FirstHadron, databases
 * hadron1 and hadron2, published as zeroch/FailoverDetector
 * FailoverDetectorTests/Data/UnitTest/ErrorLog/TestCase_2.txt (S234): at 09:29:49 "has changed
 * from 'SECONDARY_NORMAL' to 'RESOLVING_NORMAL'", at 09:29:53.83 "from 'PRIMARY_PENDING' to
 * 'PRIMARY_NORMAL'", then "DbMgrPartnerCommitPolicy::SetSyncAndRecoveryPoint:
 * 2838BF89-2530-4349-8171-5F98C1321D3A:1" for LZHANG1T, the former primary; its connection is
 * "successfully established" only at 09:30:36 and SetSyncState ":4" follows at 09:30:38. State 1 is
 * "Not Synchronized", 4 "Synchronized" (S235). The fixture is LZHANG1S's snapshot at 09:30:00:
 * primary, LZHANG1T DISCONNECTED, both copies NOT SYNCHRONIZING, is_failover_ready not given
 * (failover modes AUTOMATIC and the other settings invented). S2, Conditions required for an
 * automatic failover: "The automatic failover target has a healthy synchronization state"; TIP:
 * "Until the former primary replica comes online, no automatic failover target exists". agstate
 * answered "unknown: LZHANG1T", reading only the missing is_failover_ready.
 */
const text = readFileSync(
  new URL('./fixtures/lab-failoverdetector-new-primary-old-primary-not-back.json', import.meta.url),
  'utf8',
);

const withRows = (edit: (s: JsonSnapshot) => void): string => {
  const raw = JSON.parse(text) as JsonSnapshot;
  edit(raw);
  return JSON.stringify(raw);
};

const copyRow = (s: JsonSnapshot, replicaId: string, database: string): Row =>
  rowsOf(s, 'sys.dm_hadr_database_replica_states').find(
    (r) => r.replica_id === replicaId && r.database_name === database,
  )!;

const LZHANG1S = 'E06A3D01-6E2E-4236-8226-68FC5282EC03';
const LZHANG1T = '2838BF89-2530-4349-8171-5F98C1321D3A';

describe('automatic failover to a copy the running primary shows NOT SYNCHRONIZING', () => {
  it('is refused for each such database, citing S2, and no replica is the automatic target', () => {
    const facts = factsOf(text);
    const verdict = automaticFailover(facts, 'LZHANG1T');
    expect(verdict.status).toBe('refused');
    const notSynchronized = verdict.reasons.filter((r) => r.code === 'DATABASE_NOT_SYNCHRONIZED');
    expect(notSynchronized.map((r) => r.message.split(' ')[0])).toEqual(['hadron1', 'hadron2']);
    for (const r of notSynchronized) {
      expect(r.rule.document).toBe('Failover and failover modes (Always On availability groups)');
      expect(r.rule.section).toMatch(/^Conditions required for an automatic failover/);
    }
    expect(notSynchronized.some(isUnknownReason)).toBe(false);
    expect(verdict.reasons.map((r) => r.code)).not.toContain('FAILOVER_READINESS_UNKNOWN');
    expect(automaticFailoverAnswer(facts)).toEqual({ target: null, undecided: [], among: [] });
  });

  it('stays unknown where the primary database is not ONLINE (its copies then read NOT SYNCHRONIZING)', () => {
    const recovering = withRows((s) => {
      copyRow(s, LZHANG1S, 'hadron1').database_state_desc = 'RECOVERING';
    });
    const codes = automaticFailover(factsOf(recovering), 'LZHANG1T').reasons.map((r) => r.code);
    expect(codes.filter((c) => c === 'FAILOVER_READINESS_UNKNOWN')).toHaveLength(1);
    expect(codes.filter((c) => c === 'DATABASE_NOT_SYNCHRONIZED')).toHaveLength(1);
  });

  it('stays unknown for a SYNCHRONIZING copy, and is_failover_ready still settles it where given', () => {
    const synchronizing = withRows((s) => {
      copyRow(s, LZHANG1T, 'hadron1').synchronization_state_desc = 'SYNCHRONIZING';
      copyRow(s, LZHANG1T, 'hadron2').synchronization_state_desc = 'SYNCHRONIZING';
    });
    const unknown = automaticFailover(factsOf(synchronizing), 'LZHANG1T');
    expect(unknown.status).toBe('unknown');
    expect(unknown.reasons.map((r) => r.code)).not.toContain('DATABASE_NOT_SYNCHRONIZED');
    const notReady = withRows((s) => {
      for (const r of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
        if (r.replica_id === LZHANG1T) r.is_failover_ready = false;
    });
    const codes = automaticFailover(factsOf(notReady), 'LZHANG1T').reasons.map((r) => r.code);
    expect(codes.filter((c) => c === 'DATABASE_NOT_FAILOVER_READY')).toHaveLength(2);
  });
});
