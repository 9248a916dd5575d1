import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * "Remove a Secondary Replica from an Availability Group (SQL Server)" (S74, MicrosoftDocs/sql-docs
 * @00e01244), Follow Up: "If you specify a replica that is currently unavailable, when the replica
 * comes online, it will discover that it has been removed." SQL3 is removed while its network to
 * the primary is broken, its instance running; the network coming back was refused as an event on
 * an unknown replica.
 */
const scenario = () =>
  JSON.parse(
    readFileSync(new URL('./fixtures/docs-remove-cut-off-replica.json', import.meta.url), 'utf8'),
  );

describe('a replica removed while cut off learns of it when the network comes back (S74)', () => {
  const sim = simulateScenario(scenario());
  const at = (i: number) => sim.trace[i]!;
  const notes = (i: number) =>
    at(i).observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

  it('says at the removal that SQL3 learns of it when the network comes back', () => {
    expect(notes(6).map((r) => r.message)).toContainEqual(
      expect.stringMatching(/SQL3 is cut off from the primary and learns of its removal/),
    );
  });

  it('accepts the network coming back, and SQL3 discovers the removal', () => {
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([]);
    expect(notes(8)).toEqual([
      expect.objectContaining({
        code: 'REMOVED_REPLICA_DISCOVERED',
        rule: expect.objectContaining({
          document: 'Remove a secondary replica from an availability group (SQL Server)',
        }),
      }),
    ]);
  });

  it('joins SQL3 again from the copy it kept, and it receives the log', () => {
    const copy = (name: string) => at(13).facts.databaseReplicas.find((d) => d.replica === name);
    expect(copy('SQL3')?.synchronizationState).toBe('SYNCHRONIZING');
    expect(copy('SQL3')?.lastHardenedLsn).toBe(copy('SQL1')?.lastHardenedLsn);
  });
});

describe('a replica removed while cut off, added back and joined before the network returns', () => {
  const s = scenario();
  // Drop the reconnect: add and JOIN while the network is still broken, then reconnect.
  const [reconnect, add, join, ...rest] = s.steps.slice(8);
  const sim = simulateScenario({
    ...s,
    steps: [...s.steps.slice(0, 8), add, join, reconnect, ...rest],
  });
  const at = (i: number) => sim.trace[i]!;
  const sql3 = (i: number) => at(i).facts.replicas.find((r) => r.name === 'SQL3');

  it('stays DISCONNECTED after its JOIN, and connects when the network comes back', () => {
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([]);
    expect(sql3(9)?.connectedState).toBe('DISCONNECTED');
    expect(sql3(10)?.connectedState).toBe('CONNECTED');
  });
});
