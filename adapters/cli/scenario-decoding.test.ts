import { describe, expect, it } from 'vitest';
import { linesOf, run } from './test-support.js';

/**
 * A scenario is refused at decoding, exit 2, one line naming the JSON pointer, when a value cannot
 * be what it stands for: a time or a count that is negative, a string where a number belongs, a
 * number no JSON reader holds exactly (1e300), an LSN past numeric(25,0) (S6: LSNs are
 * numeric(25,0)), a step before the previous one, or an event naming a replica or database the
 * group does not have.
 */

const scenario = (steps: readonly unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'decoding',
  config: {
    name: 'AG',
    version: 2022,
    databases: ['Db'],
    replicas: ['A', 'B'].map((name) => ({
      name,
      endpointUrl: `TCP://${name.toLowerCase()}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT',
      failoverMode: 'AUTOMATIC',
    })),
  },
  steps,
  ...extra,
});

const refused = async (doc: unknown) => {
  const r = await run(['simulate', 's.json'], { files: { 's.json': JSON.stringify(doc) } });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(linesOf(r.stderr)).toHaveLength(1);
  return r.stderr;
};

describe('scenario decoding', () => {
  it('refuses a step written before the previous one, instead of running it later', async () => {
    const stderr = await refused(
      scenario([
        { at: 5000, event: { type: 'db.commit', database: 'Db' } },
        { at: 1000, event: { type: 'db.commit', database: 'Db' } },
      ]),
    );
    expect(stderr).toBe(
      'agstate simulate: s.json: at /steps/1/at: step 1 is at 1000 ms, before step 0 at 5000 ms: time only moves forward\n',
    );
  });

  it('refuses a negative time, a negative wait and a count of zero', async () => {
    expect(
      await refused(scenario([{ at: -1, event: { type: 'db.commit', database: 'Db' } }])),
    ).toMatch(/at \/steps\/0\/at: /);
    expect(await refused(scenario([{ event: { type: 'time.advance', ms: -1000 } }]))).toMatch(
      /at \/steps\/0\/event\/ms: /,
    );
    expect(
      await refused(scenario([{ event: { type: 'db.commit', database: 'Db', count: 0 } }])),
    ).toMatch(/at \/steps\/0\/event\/count: /);
  });

  it('refuses a string where a number belongs, and 1e300 as a count', async () => {
    expect(await refused(scenario([{ event: { type: 'time.advance', ms: '1000' } }]))).toMatch(
      /at \/steps\/0\/event\/ms: .*"1000"/,
    );
    expect(
      await refused(scenario([{ event: { type: 'db.commit', database: 'Db', count: 1e300 } }])),
    ).toMatch(/at \/steps\/0\/event\/count: /);
  });

  it('refuses an LSN past numeric(25,0)', async () => {
    const stderr = await refused(
      scenario([{ event: { type: 'db.commit', database: 'Db' } }], { baseLsn: '1'.repeat(26) }),
    );
    expect(stderr).toMatch(/at \/baseLsn: /);
  });

  it('refuses an event naming a replica or a database the group does not have', async () => {
    expect(await refused(scenario([{ event: { type: 'replica.crash', replica: 'C' } }]))).toBe(
      'agstate simulate: s.json: at /steps/0/event/replica: replica.crash names replica "C", which AG does not have; expected one of A, B\n',
    );
    expect(await refused(scenario([{ event: { type: 'ag.failover', target: 'Z' } }]))).toMatch(
      /at \/steps\/0\/event\/target: /,
    );
    expect(await refused(scenario([{ event: { type: 'db.commit', database: 'Other' } }]))).toMatch(
      /at \/steps\/0\/event\/database: db\.commit names database "Other"/,
    );
  });

  it('takes a replica named in another case, and one an earlier step adds', async () => {
    const doc = scenario([
      { event: { type: 'replica.crash', replica: 'b' } },
      {
        event: {
          type: 'replica.add',
          spec: {
            name: 'C',
            endpointUrl: 'TCP://c:5022',
            availabilityMode: 'ASYNCHRONOUS_COMMIT',
            failoverMode: 'MANUAL',
          },
        },
      },
      { event: { type: 'replica.join', replica: 'C' } },
    ]);
    const r = await run(['simulate', 's.json'], { files: { 's.json': JSON.stringify(doc) } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
