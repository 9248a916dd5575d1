import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * A scenario adds a database to the group (ALTER AVAILABILITY GROUP … ADD DATABASE) with what the
 * primary instance's catalog says about it. "Prerequisites, Restrictions, and Recommendations for
 * Always On availability groups" (S5), Availability database prerequisites: the database uses the
 * full recovery model and has had at least one full database backup.
 */
const scenario = (catalog: unknown) => ({
  name: 'add databases',
  config: {
    name: 'AG',
    version: 2022,
    databases: ['Db'],
    replicas: [
      {
        name: 'A',
        endpointUrl: 'TCP://a:5022',
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'AUTOMATIC',
      },
      {
        name: 'B',
        endpointUrl: 'TCP://b:5022',
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'AUTOMATIC',
      },
    ],
  },
  catalog,
  steps: [
    { event: { type: 'db.add', database: 'Orders' } },
    { event: { type: 'db.add', database: 'Ledger' } },
  ],
});

interface Trace {
  readonly trace: readonly {
    readonly refused: readonly { code: string }[];
    readonly states: { databaseReplicas: readonly { replica: string; database: string }[] };
  }[];
}

describe('agstate simulate: db.add with the catalog a scenario gives (S5 availability database prerequisites)', () => {
  it('refuses a SIMPLE-recovery database without a full backup with both reasons, and adds one that meets them', async () => {
    const doc = scenario({
      Orders: { recoveryModel: 'SIMPLE', hasFullBackup: false, sizeBytes: 5_000_000_000 },
      Ledger: { recoveryModel: 'FULL', hasFullBackup: true, sizeBytes: 2_000_000 },
    });
    const r = await run(['simulate', 's.json', '--json'], {
      files: { 's.json': JSON.stringify(doc) },
    });
    expect(r.code).toBe(0);
    const s = (JSON.parse(r.stdout) as { result: Trace }).result;
    expect(s.trace[0]?.refused.map((x) => x.code)).toEqual(
      expect.arrayContaining(['RECOVERY_MODEL_NOT_FULL', 'NO_FULL_BACKUP']),
    );
    expect(s.trace[1]?.refused).toEqual([]);
    const ledger = s.trace[1]?.states.databaseReplicas.filter((d) => d.database === 'Ledger');
    expect(ledger?.map((d) => d.replica)).toContain('A');
  });

  it('refuses a database the catalog does not know (S3 ADD DATABASE: the database exists on the primary)', async () => {
    const r = await run(['simulate', 's.json', '--json'], {
      files: { 's.json': JSON.stringify(scenario({ Ledger: { hasFullBackup: true } })) },
    });
    const s = (JSON.parse(r.stdout) as { result: Trace }).result;
    expect(s.trace[0]?.refused.map((x) => x.code)).toContain('DATABASE_NOT_FOUND');
  });

  it('names the JSON pointer of a catalog entry it cannot read', async () => {
    const doc = scenario({ Orders: { recoveryModel: 'PARTIAL' } });
    const r = await run(['simulate', 's.json'], { files: { 's.json': JSON.stringify(doc) } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^agstate simulate: s\.json: at \/catalog\/Orders\/recoveryModel/);
  });
});
