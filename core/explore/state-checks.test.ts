import { describe, expect, it } from 'vitest';
import { stateViolations } from '../cluster/invariants.js';
import type { Cluster } from '../cluster/types.js';
import { breadthFirst } from './breadth-first.js';
import {
  keyOf,
  move,
  newFindings,
  noteState,
  offered,
  searchSpace,
  startPosition,
} from './search.js';
import { makeStore } from './store/index.js';
import { group } from './test-support.js';

/**
 * A search checks a state's invariants once, when it first reaches it, and each step's own
 * invariants (what its observations show) on every move. A cluster built broken on purpose (the
 * group's machine names a secondary as its primary: "primaryRoleMatchesGroup", S7 role_desc) stands
 * for a step that broke an invariant, since the model's own steps break none.
 */
const config = group(0, 2, 1);
const space = searchSpace(config, { faults: 1, commits: 1 });
const broken = (c: Cluster): Cluster => ({
  ...c,
  ag: { ...c.ag, context: { ...c.ag.context, primary: 'S2' } },
});
const brokenSpace = { ...space, start: broken(space.start) };
const brokenStart = startPosition(brokenSpace);
const BROKEN = 'primaryRoleMatchesGroup';
const names = (vs: readonly { readonly invariant: string }[]) => vs.map((v) => v.invariant);

/** What a breadth-first search of the first 2,000 states of `within` finds. */
const searched = (within: typeof space) => {
  const found = newFindings();
  const store = makeStore();
  const start = startPosition(within);
  store.visit(keyOf(within, start), true);
  noteState(found, start, () => []);
  const it = breadthFirst(
    within,
    store,
    found,
    [{ position: start, path: [] }],
    { maxStates: 2000, progressEvery: Number.POSITIVE_INFINITY },
    [],
  );
  for (let r = it.next(); r.done !== true; r = it.next());
  return found;
};

describe('state invariants, checked once per state', () => {
  it('the broken state is broken, and the moves out of it keep it so', () => {
    expect(names(stateViolations(space.start))).toEqual([]);
    expect(names(stateViolations(brokenStart.cluster))).toContain(BROKEN);
  });

  it('a move checks the state it reaches only when asked to; noteState checks it', () => {
    const fault = offered(brokenSpace, brokenStart).find((a) => a.kind === 'fault');
    expect(fault).toBeDefined();
    const checked = move(brokenStart, fault!, true);
    const unchecked = move(brokenStart, fault!, false);
    expect(checked).not.toBeNull();
    expect(names(stateViolations(checked!.position.cluster))).toContain(BROKEN);
    expect(names(checked!.violations)).toContain(BROKEN);
    expect(names(unchecked!.violations)).not.toContain(BROKEN);
    const found = newFindings();
    noteState(found, unchecked!.position, () => [7]);
    expect(found.violations).toContainEqual({
      violation: expect.objectContaining({ invariant: BROKEN }),
      path: [7],
    });
  });

  it('the state between two events of one action is checked either way', () => {
    // Log delivery ships, then hardens: the state after shipping is passed through, never stored.
    const commit = offered(brokenSpace, brokenStart).find((a) => a.label === 'commit db1');
    const committed = move(brokenStart, commit!, false)!.position;
    const deliver = offered(brokenSpace, committed).find((a) => a.events.length > 1);
    expect(deliver?.events.map((e) => e.type)).toEqual(['log.ship', 'log.harden']);
    const unchecked = move(committed, deliver!, false);
    expect(unchecked).not.toBeNull();
    expect(names(unchecked!.violations)).toContain(BROKEN);
  });

  it('a whole search reports the broken invariant from the first state that breaks it', () => {
    const found = searched(brokenSpace);
    expect(found.violations.find((f) => f.violation.invariant === BROKEN)?.path).toEqual([]);
    // Searched from the unbroken start, the same budget breaks nothing.
    expect(searched(space).violations).toEqual([]);
  });
});
