import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster/build.js';
import { clusterFacts } from '../cluster/facts.js';
import { loadExampleConfig } from '../cluster/test-support.js';
import { toJSON } from '../model/json.js';
import { checkInput, decideInput, stepInput } from './inputs.js';

/**
 * The door for undecoded input: what a careless or hostile caller passes gets a placed problem
 * list, never a TypeError from deep inside, and never a decision on a contradiction.
 */

const config = loadExampleConfig('resync-three-replicas.json');
const cluster = createCluster(config);
/** The facts of the SEED004 group as JSON text would carry them: LSNs as decimal strings. */
const factsJson = (): Record<string, unknown> =>
  JSON.parse(toJSON(clusterFacts(cluster))) as Record<string, unknown>;

describe('decideInput', () => {
  it('refuses undefined and {} with their places, without throwing', () => {
    const none = decideInput(undefined);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.problems[0]).toMatchObject({ place: '', code: 'DECODE' });
    const empty = decideInput({});
    expect(empty.ok).toBe(false);
    if (!empty.ok)
      expect(empty.problems.map((p) => p.place)).toEqual(
        expect.arrayContaining(['/config', '/replicas', '/databaseReplicas']),
      );
  });

  it('decides on facts given as JSON, and on facts a program built', () => {
    const fromJson = decideInput(factsJson());
    const built = decideInput(clusterFacts(cluster));
    expect(fromJson.ok && built.ok).toBe(true);
    if (fromJson.ok && built.ok) expect(toJSON(fromJson.value)).toBe(toJSON(built.value));
  });

  it('refuses an impossible contradiction at its JSON pointer', () => {
    const doc = factsJson();
    const rows = doc.databaseReplicas as Record<string, unknown>[];
    const dr = rows.findIndex((r) => r.replica === 'SQLDR1');
    rows[dr] = { ...rows[dr], synchronizationState: 'SYNCHRONIZED' };
    const r = decideInput(doc);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        expect.objectContaining({
          place: `/databaseReplicas/${dr}/synchronizationState`,
          code: 'SYNCHRONIZED_ON_ASYNCHRONOUS_COMMIT',
          severity: 'error',
        }),
      ]);
  });

  it('refuses an LSN past numeric(25,0) and an LSN written as a number', () => {
    const doc = factsJson();
    const rows = doc.databaseReplicas as Record<string, unknown>[];
    rows[0] = { ...rows[0], lastHardenedLsn: '9'.repeat(26), lastRedoneLsn: 5 };
    const r = decideInput(doc);
    expect(r.ok ? [] : r.problems.map((p) => p.place)).toEqual([
      '/databaseReplicas/0/lastHardenedLsn',
      '/databaseReplicas/0/lastRedoneLsn',
    ]);
  });
});

describe('stepInput', () => {
  it('refuses an event of no known type, and ms written as a string', () => {
    const nope = stepInput(cluster, { type: 'nope' });
    expect(nope.ok ? null : nope.problems[0]).toMatchObject({ place: '/type', code: 'DECODE' });
    const ms = stepInput(cluster, { type: 'time.advance', ms: '1000' });
    expect(ms.ok ? null : ms.problems[0]).toMatchObject({ place: '/ms', code: 'DECODE' });
  });

  it('refuses an event naming a replica the group does not have, and steps a good one', () => {
    const r = stepInput(cluster, { type: 'replica.crash', replica: 'SQLNODE9' });
    expect(r.ok ? null : r.problems[0]).toMatchObject({ place: '/replica' });
    const ok = stepInput(cluster, { type: 'time.advance', ms: 1000 });
    expect(ok.ok && ok.value.cluster.nowMs).toBe(1000);
  });
});

describe('checkInput', () => {
  it('reads a configuration document that was never decoded, and never throws', () => {
    expect(checkInput('config', undefined)[0]).toMatchObject({ code: 'DECODE' });
    expect(checkInput('config', 'AG1')[0]).toMatchObject({ code: 'DECODE' });
    const doc = JSON.parse(
      readFileSync(new URL('../../examples/resync-three-replicas.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    expect(checkInput('config', doc)).toEqual([]);
    expect(checkInput('config', { ...doc, databases: ['Sales\u001b]0;x\u0007'] })).toEqual([
      expect.objectContaining({ code: 'INVALID_DATABASE_NAME' }),
    ]);
  });

  it('lists a suspicious fact as suspicious, with its place', () => {
    const doc = factsJson();
    const rows = doc.databaseReplicas as Record<string, unknown>[];
    const dr = rows.findIndex((r) => r.replica === 'SQLDR1');
    rows[dr] = { ...rows[dr], lastHardenedLsn: '999999999999999999' };
    expect(checkInput('facts', doc)).toEqual([
      expect.objectContaining({
        place: `/databaseReplicas/${dr}/lastHardenedLsn`,
        code: 'SECONDARY_AHEAD_OF_PRIMARY',
        severity: 'suspicious',
      }),
    ]);
  });

  it('refuses a scenario whose steps go back in time', () => {
    const problems = checkInput('scenario', {
      config: {
        name: 'AG',
        version: 2022,
        databases: ['Db'],
        replicas: [
          {
            name: 'A',
            endpointUrl: 'TCP://a:5022',
            availabilityMode: 'SYNCHRONOUS_COMMIT',
            failoverMode: 'MANUAL',
          },
        ],
      },
      steps: [
        { at: 5000, event: { type: 'db.commit', database: 'Db' } },
        { at: 1000, event: { type: 'db.commit', database: 'Db' } },
      ],
    });
    expect(problems.map((p) => p.place)).toEqual(['/steps/1/at']);
  });
});
