import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { commitOutcome } from './commit.js';

/**
 * Whether a commit waits for a synchronous-commit secondary turns on that secondary's row: it
 * waits only for one connected, not suspended and SYNCHRONIZED (S1, "Availability modes"). A
 * snapshot whose row lacks one of those columns does not say, so neither does the answer
 * (properties/snapshot-subsets.test.ts found the snapshot without synchronization_state_desc
 * answered "acknowledged at once"). The SEED004 group: SQLNODE1 primary, SQLNODE2 synchronous,
 * SQLDR1 asynchronous.
 */
const running = (): ClusterFacts => {
  const { logs: _exact, ...facts } = new Driver(
    loadExampleConfig('resync-three-replicas.json'),
  ).facts();
  return facts;
};

const withRow = (
  facts: ClusterFacts,
  replica: string,
  change: Partial<DatabaseReplicaFacts>,
): ClusterFacts => ({
  ...facts,
  databaseReplicas: facts.databaseReplicas.map((d) =>
    d.replica === replica ? { ...d, ...change } : d,
  ),
});

describe('a commit whose synchronous secondary the snapshot does not fully show', () => {
  it('waits for SQLNODE2 when its row says SYNCHRONIZED', () => {
    const facts = running();
    const db = facts.config.databases[0]!;
    expect(commitOutcome(facts, db)).toMatchObject({
      acknowledgement: 'afterHardening',
      mustHarden: ['SQLNODE2'],
    });
  });

  it('is unknown without its synchronization state or suspension, naming the column', () => {
    const facts = running();
    const db = facts.config.databases[0]!;
    for (const [change, column] of [
      [{ synchronizationState: null }, 'synchronization_state_desc'],
      [{ isSuspended: null }, 'is_suspended'],
    ] as const) {
      const outcome = commitOutcome(withRow(facts, 'SQLNODE2', change), db);
      expect(outcome.acknowledgement).toBe('unknown');
      expect(outcome.reasons.map((r) => r.code)).toEqual(['COMMIT_PARTICIPANT_UNKNOWN']);
      expect(outcome.reasons[0]?.settledBy).toEqual([
        `sys.dm_hadr_database_replica_states.${column}`,
      ]);
    }
  });

  it('is known when another column already rules the secondary out', () => {
    const facts = running();
    const db = facts.config.databases[0]!;
    const suspended = withRow(facts, 'SQLNODE2', { synchronizationState: null, isSuspended: true });
    expect(commitOutcome(suspended, db).acknowledgement).toBe('immediately');
  });
});
