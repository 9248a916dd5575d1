import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/**
 * 'Remove a secondary replica from an availability group' (S74), Transact-SQL example: "ALTER
 * AVAILABILITY GROUP MyAG REMOVE REPLICA ON 'COMPUTER02\HADR_INSTANCE';", Follow Up: "the replica
 * removes the availability group settings from its databases, which remain on the local server
 * instance". Added back and joined (S98), its db1 is still not joined: 'Join a secondary database
 * to an availability group' (S115): "After you prepare a secondary database for a secondary
 * replica, you need to join the database to the availability group as soon as possible. This will
 * start data movement from the corresponding primary database to the secondary database."
 */
const document = JSON.parse(
  readFileSync(
    new URL('./fixtures/docs-remove-replica-add-back-join-database.json', import.meta.url),
    'utf8',
  ),
);
const sim = simulateScenario(document);
const R = 'COMPUTER02\\HADR_INSTANCE';

const joins = (facts: (typeof sim.trace)[number]['facts']) =>
  recommendedActions(facts)
    .filter((a) => a.event.type === 'db.join')
    .map((a) => [a.event, a.why.map((r) => r.code)]);

describe('a RESTORING copy on a replica added back: the decisions offer its JOIN (S115)', () => {
  it('runs the procedure, nothing refused, and the copy catches up once joined', () => {
    expect(sim.trace.flatMap((s, i) => (s.refused.length > 0 ? [i] : []))).toEqual([]);
    const end = sim.trace[sim.trace.length - 1]!.facts;
    expect(end.databaseReplicas.find((d) => d.replica === R)?.synchronizationState).toBe(
      'SYNCHRONIZING',
    );
  });

  it('offers SET HADR AVAILABILITY GROUP once the replica has joined, and not before or after', () => {
    expect(joins(sim.trace[7]!.facts)).toEqual([
      [{ type: 'db.join', replica: R, database: 'db1' }, ['JOIN_PREPARED_DATABASE']],
    ]);
    // Removed, then added and not joined: the replica's JOIN comes first (JOIN_ADDED_REPLICA).
    for (const i of [1, 6, 8]) expect(joins(sim.trace[i]!.facts)).toEqual([]);
  });

  it('does not offer it where a log backup truncated the log the copy needs (the join is refused)', () => {
    const steps = [...document.steps];
    steps.splice(6, 0, {
      event: { type: 'db.backup', replica: 'SQL1', database: 'db1', backupType: 'LOG' },
    });
    const truncated = simulateScenario({ ...document, steps: steps.slice(0, 9) });
    expect(joins(truncated.trace[8]!.facts)).toEqual([]);
    const join = simulateScenario({ ...document, steps: steps.slice(0, 10) }).trace[9]!;
    expect(join.refused.map((r) => r.code)).toEqual(['LOG_TRUNCATED_PAST_COPY']);
  });
});
