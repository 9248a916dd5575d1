import { describe, expect, it } from 'vitest';
import { combineByFaults, exploreByFaults, exploreByFaultsIterator } from './by-faults.js';
import { explore } from './explore.js';
import type { Answer } from './result.js';
import { group } from './test-support.js';

/** The searches at 0, 1, … `faults` faults, each to its end unless `maxStates` stops it. */
const budgets = (config: ReturnType<typeof group>, faults: number, maxStates?: number) =>
  Array.from({ length: faults + 1 }, (_, k) =>
    explore(config, { faults: k, commits: 2, ...(maxStates === undefined ? {} : { maxStates }) }),
  );

const faultsIn = (a: Answer): number => (a.trace ?? []).filter((s) => s.kind === 'fault').length;

describe('a search fault by fault', () => {
  // The pair with RSSTC 0 loses acknowledged commits (a forced failover after the primary
  // committed alone, S1 "Availability modes"); the three-replica group with an asynchronous one.
  const cases = [
    { name: 'pair, RSSTC 0', config: group(0, 2, 0), faults: 2 },
    { name: 'two synchronous and one asynchronous, RSSTC 1', config: group(1, 2, 1), faults: 2 },
  ];

  for (const c of cases)
    it(`answers as one search at the budget asked: ${c.name}`, () => {
      const direct = explore(c.config, { faults: c.faults, commits: 2 });
      const searches = budgets(c.config, c.faults);
      const result = combineByFaults(searches, c.faults);
      expect(result.complete).toBe(true);
      expect(result.byFaults.map((b) => [b.faults, b.complete])).toEqual([
        [0, true],
        [1, true],
        [2, true],
      ]);
      expect(result.statesExplored).toBe(searches.reduce((n, r) => n + r.statesExplored, 0));
      for (const [id, a] of [
        ...Object.entries(result.answers),
        ...Object.entries(result.noWritablePrimaryCauses),
      ]) {
        const alone =
          direct.answers[id as keyof typeof direct.answers] ??
          direct.noWritablePrimaryCauses[id as keyof typeof direct.noWritablePrimaryCauses];
        expect({ id, verdict: a.verdict }).toEqual({ id, verdict: alone.verdict });
        if (a.verdict !== 'yes') continue;
        // The way shown takes the fewest faults, and no way takes fewer: the budget below it,
        // searched alone to its end, does not find it.
        expect(faultsIn(a)).toBe(a.fewestFaults);
        const below = a.fewestFaults! - 1;
        if (below >= 0) {
          const fewer = explore(c.config, { faults: below, commits: 2 });
          expect(fewer.complete).toBe(true);
          const there =
            fewer.answers[id as keyof typeof fewer.answers] ??
            fewer.noWritablePrimaryCauses[id as keyof typeof fewer.noWritablePrimaryCauses];
          expect({ id, below, verdict: there.verdict }).toEqual({ id, below, verdict: 'no' });
        }
      }
      // The pair loses acknowledged commits with one fault: the primary alone, then forced over.
      if (c.name.startsWith('pair'))
        expect(result.answers.acknowledgedLoss.fewestFaults).toBeLessThanOrEqual(c.faults);
    });

  it('proves what the budgets it finished prove when a limit stops it', () => {
    const config = group(0, 2, 1);
    const whole = budgets(config, 1);
    expect(whole.every((r) => r.complete)).toBe(true);
    const cut = explore(config, { faults: 2, commits: 2, maxStates: 50 });
    expect(cut.complete).toBe(false);
    const result = combineByFaults([...whole, cut], 2);
    expect(result.complete).toBe(false);
    expect(result.stopped).toBe('the search reached its state cap (maxStates)');
    expect(result.byFaults.map((b) => b.complete)).toEqual([true, true, false]);
    const unknown = Object.values(result.answers).filter((a) => a.verdict === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const [id, a] of Object.entries(result.answers)) {
      const key = id as keyof typeof result.answers;
      // A way met by the stopped search is a "yes" all the same.
      if (whole[1]!.answers[key].answer || cut.answers[key].answer)
        expect({ id, verdict: a.verdict }).toEqual({ id, verdict: 'yes' });
      // Not "no" (the budget asked was not searched whole), but no with at most 1 fault.
      else
        expect({ id, verdict: a.verdict, upTo: a.noUpToFaults }).toEqual({
          id,
          verdict: 'unknown',
          upTo: 1,
        });
    }
  });

  it('says why it stopped before the budget asked, and proves nothing past the last whole one', () => {
    const config = group(0, 2, 0);
    const result = combineByFaults(
      budgets(config, 0),
      2,
      'the search reached its time limit (--max-seconds 5)',
    );
    expect(result.complete).toBe(false);
    expect(result.faults).toBe(2);
    expect(result.stopped).toBe('the search reached its time limit (--max-seconds 5)');
    for (const a of Object.values(result.answers)) if (!a.answer) expect(a.noUpToFaults).toBe(0);
  });

  it('refuses a budget or a state cap that is not a whole number it can search', () => {
    const config = group(0, 2, 0);
    expect(() => exploreByFaults(config, { faults: -1 })).toThrow(/faults must be a whole number/);
    expect(() => exploreByFaults(config, { faults: 1.5 })).toThrow(/faults must be/);
    expect(() => exploreByFaults(config, { faults: 1, maxStates: 0 })).toThrow(
      /maxStates must be a whole number ≥ 1/,
    );
    // One search alike, at the door of the public API.
    expect(() => explore(config, { faults: 1, commits: -2 })).toThrow(
      /explore: commits must be a whole number ≥ 0, got -2/,
    );
  });

  it('refuses searches that are not budgets 0, 1, … of one group', () => {
    const config = group(0, 2, 0);
    const [zero, one] = budgets(config, 1);
    expect(() => combineByFaults([one!], 1)).toThrow(RangeError);
    expect(() => combineByFaults([zero!, one!], 0)).toThrow(RangeError);
    expect(() => combineByFaults([], 1)).toThrow(RangeError);
  });

  it('is what exploreByFaults gives, under one state cap for the whole run', () => {
    const config = group(0, 2, 0);
    const searches = budgets(config, 2);
    expect(exploreByFaults(config, { faults: 2, commits: 2 })).toEqual(
      combineByFaults(searches, 2),
    );
    // A cap 10 states past the first two budgets: they are proved, the third is cut short.
    const cap = searches[0]!.statesExplored + searches[1]!.statesExplored + 10;
    const capped = exploreByFaults(config, { faults: 2, commits: 2, maxStates: cap });
    expect(capped.statesExplored).toBe(cap);
    expect(capped.byFaults.map((b) => [b.faults, b.complete, b.statesExplored])).toEqual([
      [0, true, searches[0]!.statesExplored],
      [1, true, searches[1]!.statesExplored],
      [2, false, 10],
    ]);
    expect(capped.complete).toBe(false);
    // A cap that ends exactly with a budget runs no further one.
    const exact = searches[0]!.statesExplored;
    expect(
      exploreByFaults(config, { faults: 2, commits: 2, maxStates: exact }).byFaults.length,
    ).toBe(1);
  });

  it('reports each budget as it goes, and stops where its caller says, with what it proved', () => {
    const config = group(0, 2, 1);
    const it = exploreByFaultsIterator(config, { faults: 2, commits: 2, progressEvery: 10 });
    const seen: number[] = [];
    let next = it.next();
    while (next.done !== true) {
      seen.push(next.value.faults);
      // A time limit, say, reached at the first report of the 1-fault budget.
      next = it.next(next.value.faults === 1 ? { stop: 'the time limit' } : undefined);
    }
    const result = next.value;
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort());
    expect(result.complete).toBe(false);
    expect(result.stopped).toBe('the time limit');
    expect(result.byFaults.map((b) => b.complete)).toEqual([true, false]);
    for (const a of Object.values(result.answers))
      if (a.verdict === 'unknown') expect(a.noUpToFaults).toBe(0);
  });
});
