import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Config } from '../model/config.js';
import { decodeConfig } from '../model/decode.js';
import { DOCUMENTS } from '../model/source.js';
import { codesOf, exampleConfig, exampleReplica, replicasNamed, withReplicas } from './examples.js';
import { validateConfig } from './validate.js';

const titles: readonly string[] = Object.values(DOCUMENTS);

const deepFreeze = <A>(value: A): A => {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

describe('validateConfig', () => {
  it('accepts the example configuration', () => {
    expect(validateConfig(exampleConfig())).toEqual([]);
  });

  it('accepts the bundled example file', () => {
    const text = readFileSync(
      new URL('../../examples/resync-three-replicas.json', import.meta.url),
      'utf8',
    );
    const decoded = decodeConfig(JSON.parse(text));
    expect(E.isRight(decoded)).toBe(true);
    if (E.isRight(decoded)) expect(validateConfig(decoded.right)).toEqual([]);
  });

  it('reports three distinct violations at once, each with its source', () => {
    const config = exampleConfig({
      healthCheckTimeout: 1000,
      replicas: [
        exampleReplica('SQLNODE1', { failoverMode: 'AUTOMATIC' }),
        exampleReplica('SQLNODE2', { backupPriority: 101 }),
        exampleReplica('SQLDR1', {
          availabilityMode: 'ASYNCHRONOUS_COMMIT',
          failoverMode: 'AUTOMATIC',
        }),
      ],
    });
    const reasons = validateConfig(config);
    expect(reasons.map((r) => r.code).sort()).toEqual([
      'AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT',
      'BACKUP_PRIORITY_OUT_OF_RANGE',
      'HEALTH_CHECK_TIMEOUT_OUT_OF_RANGE',
    ]);
    const byCode = new Map(reasons.map((r) => [r.code, r]));
    expect(byCode.get('AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT')?.rule).toEqual({
      document: DOCUMENTS.S3,
      section: 'FAILOVER_MODE = { AUTOMATIC | MANUAL }',
    });
    expect(byCode.get('BACKUP_PRIORITY_OUT_OF_RANGE')?.rule).toEqual({
      document: DOCUMENTS.S3,
      section: 'BACKUP_PRIORITY = n',
    });
    expect(byCode.get('HEALTH_CHECK_TIMEOUT_OUT_OF_RANGE')?.rule).toEqual({
      document: DOCUMENTS.S3,
      section: 'HEALTH_CHECK_TIMEOUT = milliseconds',
    });
    expect(byCode.get('AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT')?.message).toContain(
      "'SQLDR1'",
    );
    expect(byCode.get('BACKUP_PRIORITY_OUT_OF_RANGE')?.message).toContain("'SQLNODE2'");
  });

  it('cites a known document and a section in every reason', () => {
    const broken = exampleConfig({
      version: 2012,
      name: '',
      clusterType: 'NONE',
      requiredSynchronizedSecondariesToCommit: 7,
      listener: { name: 'bad name', port: 0, addresses: [] },
      replicas: [
        exampleReplica('W', { availabilityMode: 'CONFIGURATION_ONLY', failoverMode: 'AUTOMATIC' }),
        exampleReplica('w', { endpointUrl: 'w', sessionTimeout: 1, seedingMode: 'AUTOMATIC' }),
      ],
    });
    const reasons = validateConfig(broken);
    expect(reasons.length).toBeGreaterThan(10);
    for (const r of reasons) {
      expect(titles).toContain(r.rule.document);
      expect(r.rule.section.length).toBeGreaterThan(0);
      expect(r.message.length).toBeGreaterThan(0);
    }
  });

  it('neither throws on nor changes a frozen configuration', () => {
    const config: Config = deepFreeze(exampleConfig({ databases: ['A', 'A'] }));
    const before = structuredClone(config);
    expect(codesOf(config)).toEqual(['DUPLICATE_DATABASE_NAME']);
    expect(config).toEqual(before);
  });
});

describe('version boundaries', () => {
  const sync = { availabilityMode: 'SYNCHRONOUS_COMMIT' } as const;
  const auto = { availabilityMode: 'SYNCHRONOUS_COMMIT', failoverMode: 'AUTOMATIC' } as const;

  it('three automatic-failover replicas: fine in 2016, refused in 2014', () => {
    expect(codesOf(withReplicas(replicasNamed(3, auto), { version: 2016 }))).toEqual([]);
    expect(codesOf(withReplicas(replicasNamed(3, auto), { version: 2014 }))).toEqual([
      'TOO_MANY_AUTOMATIC_FAILOVER_REPLICAS',
    ]);
  });

  it('five synchronous-commit replicas: fine in 2019, refused in 2017', () => {
    expect(codesOf(withReplicas(replicasNamed(5, sync), { version: 2019 }))).toEqual([]);
    expect(codesOf(withReplicas(replicasNamed(5, sync), { version: 2017 }))).toEqual([
      'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS',
    ]);
  });

  it('five automatic-failover replicas: fine in 2019 (D2), refused in 2017', () => {
    expect(codesOf(withReplicas(replicasNamed(5, auto), { version: 2019 }))).toEqual([]);
    expect(codesOf(withReplicas(replicasNamed(5, auto), { version: 2017 }))).toEqual([
      'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS',
      'TOO_MANY_AUTOMATIC_FAILOVER_REPLICAS',
    ]);
  });

  it('nine replicas: fine in 2014, refused in 2012 (five at most)', () => {
    const async = { availabilityMode: 'ASYNCHRONOUS_COMMIT' } as const;
    expect(codesOf(withReplicas(replicasNamed(9, async), { version: 2014 }))).toEqual([]);
    expect(codesOf(withReplicas(replicasNamed(5, async), { version: 2012 }))).toEqual([]);
    expect(codesOf(withReplicas(replicasNamed(6, async), { version: 2012 }))).toEqual([
      'TOO_MANY_REPLICAS',
    ]);
  });
});
