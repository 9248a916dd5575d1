import { describe, expect, it } from 'vitest';
import { INITIAL, SEEDING } from '../../kernel/machines.js';
import { transition } from '../../kernel/run.js';
import type { SeedingEvent, SeedingStart } from './events.js';
import { seedingMachine } from './machine.js';
import { automaticSeedingState, hasPhysicalSeedingStats, seedingPhase } from './selectors.js';

/** The seeding machine alone: the states of sys.dm_hadr_automatic_seeding and how it moves between them. */

const start: SeedingStart = {
  atMs: 0,
  fromLsn: 100n,
  bytesToStream: 1000,
  catchUp: false,
  source: 'P',
};
const request = (granted: boolean, running: number): SeedingEvent => ({
  type: 'seeding.request',
  granted,
  running,
  ticket: 1,
  start,
});

const run = (...events: SeedingEvent[]) =>
  events.reduce((s, e) => transition(SEEDING, s, e), INITIAL.seeding);

describe('the seeding machine', () => {
  it('starts at once with the grant and a free place; streams; completes when every byte arrived', () => {
    const starting = run(request(true, 4));
    expect(seedingPhase(starting)).toBe('STARTING');
    expect(automaticSeedingState(starting)).toBe('SEEDING');
    expect(hasPhysicalSeedingStats(starting)).toBe(false);
    expect(starting.context).toMatchObject({ attempts: 1, fromLsn: 100n });
    const streaming = transition(SEEDING, starting, {
      type: 'seeding.progress',
      atMs: 5,
      bytes: 400,
    });
    expect(seedingPhase(streaming)).toBe('TRANSFERRING');
    expect(hasPhysicalSeedingStats(streaming)).toBe(true);
    const done = transition(SEEDING, streaming, {
      type: 'seeding.progress',
      atMs: 9,
      bytes: 600,
    });
    expect(seedingPhase(done)).toBe('COMPLETED');
    expect(done.context.fromLsn).toBeNull();
    expect(done.context.history).toEqual([
      expect.objectContaining({
        currentState: 'COMPLETED',
        completedAtMs: 9,
        transferredBytes: 1000,
      }),
    ]);
  });

  it('waits for the grant, then for a place on the thread', () => {
    const waiting = run(request(false, 0));
    expect(seedingPhase(waiting)).toBe('WAITING_FOR_GRANT');
    expect(automaticSeedingState(waiting)).toBeNull();
    const queued = transition(SEEDING, waiting, {
      type: 'permission.granted',
      running: 5,
      start,
    });
    expect(seedingPhase(queued)).toBe('QUEUED');
    expect(seedingPhase(transition(SEEDING, queued, { type: 'permission.denied' }))).toBe(
      'WAITING_FOR_GRANT',
    );
    expect(seedingPhase(transition(SEEDING, queued, { type: 'slot.freed', start }))).toBe(
      'STARTING',
    );
  });

  it('times out the seeding check only without an answer (failure_state 21); restarts after a failure', () => {
    const starting = run(request(true, 0));
    const reachable = transition(SEEDING, starting, {
      type: 'clock.tick',
      nowMs: 10 ** 6,
      reachable: true,
    });
    expect(seedingPhase(reachable)).toBe('STARTING');
    const failed = transition(SEEDING, starting, {
      type: 'clock.tick',
      nowMs: 180_000,
      reachable: false,
    });
    expect(seedingPhase(failed)).toBe('FAILED');
    expect(failed.context.failureState).toBe(21);
    const again = transition(SEEDING, failed, request(true, 0));
    expect(seedingPhase(again)).toBe('STARTING');
    expect(again.context.attempts).toBe(2);
  });

  it('a cancellation fails a running seeding with failure_state 1 and forgets a waiting one', () => {
    const cancel: SeedingEvent = { type: 'seeding.cancel', atMs: 7 };
    expect(run(request(true, 0), cancel).context.failureState).toBe(1);
    const forgotten = run(request(true, 5), cancel);
    expect(seedingPhase(forgotten)).toBe('IDLE');
    expect(forgotten.context.history).toEqual([]);
  });

  it('every state has a description', () => {
    const walk = (node: { description?: string; states?: Record<string, unknown> }): string[] =>
      Object.entries(node.states ?? {}).flatMap(([name, child]) => {
        const c = child as { description?: string; states?: Record<string, unknown> };
        return [...(c.description === undefined ? [name] : []), ...walk(c)];
      });
    expect(walk(seedingMachine.config as never)).toEqual([]);
  });
});
