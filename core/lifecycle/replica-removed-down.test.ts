import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * "Remove a Secondary Replica from an Availability Group (SQL Server)" (S74, MicrosoftDocs/sql-docs
 * @00e01244), Follow Up: "If you specify a replica that is currently unavailable, when the replica
 * comes online, it will discover that it has been removed." The instance's start was refused as an
 * unknown replica, and JOIN ran on the instance while it was still down.
 */
const fixture = () =>
  simulateScenario(
    JSON.parse(
      readFileSync(
        new URL('./fixtures/docs-remove-unavailable-replica.json', import.meta.url),
        'utf8',
      ),
    ),
  );

describe('a replica removed while down learns of it when it starts (S74)', () => {
  const sim = fixture();
  const at = (i: number) => sim.trace[i]!;
  const notes = (i: number) =>
    at(i).observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []));

  it('refuses JOIN on the instance before it has started, and only that', () => {
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([4]);
    expect(at(4).refused.map((r) => r.code)).toEqual(['REPLICA_DOWN']);
  });

  it('says at REMOVE REPLICA that the stopped SQL2 learns of it only when it starts', () => {
    const left = at(1).observations.flatMap((o) =>
      o.type === 'note' && o.reason.code === 'DATABASE_LEFT_GROUP' ? [o.reason.message] : [],
    );
    expect(left).toEqual([
      expect.stringMatching(/; SQL2 is down and learns of its removal when its instance starts$/),
    ]);
  });

  it('accepts the start of the removed instance and says it discovers the removal', () => {
    expect(notes(5)).toEqual(['REMOVED_REPLICA_DISCOVERED']);
    expect(notes(6)).toContain('RESTORING_COPY_KEPT');
  });

  it('joins SQL2 again from the copy it kept, and it catches up', () => {
    const copy = sim.final.replicas.find((r) => r.name === 'SQL2');
    expect(copy).toBeDefined();
    expect(
      at(9).facts.databaseReplicas.find((d) => d.replica === 'SQL2')?.synchronizationState,
    ).toBe('SYNCHRONIZED');
  });
});
