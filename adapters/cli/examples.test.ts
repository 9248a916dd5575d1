import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/** The bundled scenarios, run as a user runs them. */
interface Simulated {
  readonly trace: readonly {
    readonly refused: readonly unknown[];
    readonly states: {
      readonly databaseReplicas: readonly {
        replica: string;
        database: string;
        synchronizationState: string | null;
      }[];
    };
  }[];
}

describe('the bundled scenarios', () => {
  it('automatic seeding from a T-SQL script: every step accepted, SYNCHRONIZED on the synchronous secondary, SYNCHRONIZING on the asynchronous one', async () => {
    const r = await run([
      'simulate',
      'examples/scenarios/automatic-seeding.json',
      '--version',
      '2019',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const { trace } = result(r) as unknown as Simulated;
    expect(trace.filter((t) => t.refused.length > 0)).toEqual([]);
    const last = trace[trace.length - 1]!.states.databaseReplicas;
    const state = (replica: string, database: string) =>
      last.find((d) => d.replica === replica && d.database === database)?.synchronizationState;
    expect(state('SQLNODE2', 'Inventory')).toBe('SYNCHRONIZED');
    expect(state('SQLNODE2', 'Billing')).toBe('SYNCHRONIZED');
    expect(state('SQLNODE3', 'Inventory')).toBe('SYNCHRONIZING');
    expect(state('SQLNODE3', 'Billing')).toBe('SYNCHRONIZING');
  });

  it('the SEED004 walk-through that npm start runs: every step accepted', async () => {
    const r = await run(['simulate', 'examples/scenarios/resync-walkthrough.json', '--json']);
    expect(r.code).toBe(0);
    expect((result(r) as unknown as Simulated).trace.filter((t) => t.refused.length > 0)).toEqual(
      [],
    );
  });
});
