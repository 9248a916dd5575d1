import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { clusterFacts } from '../cluster/facts.js';
import {
  AgstateError,
  ClusterFacts,
  createCluster,
  createClusterEither,
  createClusterOrThrow,
  decodeConfig,
  decodeConfigOrThrow,
  fromJSON,
  toJSON,
} from '../index.js';

/** The public faces: plain results, `…OrThrow`, `…Either`, and JSON with exact LSNs. */

const document = JSON.parse(
  readFileSync(new URL('../../examples/resync-three-replicas.json', import.meta.url), 'utf8'),
) as { replicas: { backupPriority?: number }[] };

describe('plain results', () => {
  it('decodes a configuration into { ok: true, value } and a bad one into placed problems', () => {
    const good = decodeConfig(document);
    expect(good.ok && good.value.replicas.map((r) => r.name)).toEqual([
      'SQLNODE1',
      'SQLNODE2',
      'SQLDR1',
    ]);
    const bad = decodeConfig({ ...document, replicas: 'three' });
    expect(bad).toMatchObject({ ok: false, problems: [{ pointer: '/replicas' }] });
    expect(() => decodeConfigOrThrow({ name: 'AG' })).toThrow(/at \/version: expected/);
  });

  it('refuses to create a cluster for a configuration validateConfig rejects, with its violations', () => {
    // CREATE AVAILABILITY GROUP (Transact-SQL), BACKUP_PRIORITY = n: "an integer in the range of
    // 0..100". SQL Server refuses the statement; the model refuses the cluster.
    const tooHigh = decodeConfigOrThrow({
      ...document,
      replicas: document.replicas.map((r, i) => (i === 1 ? { ...r, backupPriority: 500 } : r)),
    });
    const refused = createCluster(tooHigh);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems.map((p) => p.code)).toEqual([
      'BACKUP_PRIORITY_OUT_OF_RANGE',
    ]);
    expect(E.isLeft(createClusterEither(tooHigh))).toBe(true);
    try {
      createClusterOrThrow(tooHigh);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AgstateError);
      expect((e as AgstateError).problems).toHaveLength(1);
      expect((e as Error).message).toContain('[BACKUP_PRIORITY_OUT_OF_RANGE]');
    }
    const created = createCluster(decodeConfigOrThrow(document));
    expect(created.ok && created.value.replicas.length).toBe(3);
  });
});

describe('toJSON and fromJSON', () => {
  it('keep LSNs exact through JSON: numeric(25,0) exceeds 2^53', () => {
    // sys.dm_hadr_database_replica_states: last_hardened_lsn is numeric(25,0).
    const baseLsn = 9_999_999_999_999_999_999_999_999n;
    const facts = clusterFacts(createClusterOrThrow(decodeConfigOrThrow(document), { baseLsn }));
    const text = toJSON(facts);
    expect(text).toContain('"9999999999999999999999999"');
    const back = fromJSON(ClusterFacts, text);
    expect(back.ok && back.value).toEqual(facts);
    expect(fromJSON(ClusterFacts, '{"config":')).toMatchObject({
      ok: false,
      problems: [{ pointer: '', message: expect.stringMatching(/^invalid JSON/) }],
    });
  });
});
