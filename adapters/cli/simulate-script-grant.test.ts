import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * A scenario whose configuration is a T-SQL script starts from the group as the script leaves it,
 * the secondaries' GRANT CREATE ANY DATABASE included. The script is the example of 'Use automatic
 * seeding to initialize a secondary replica for an Always On availability group' (SEED001): Create
 * an availability group with automatic seeding, then 'After joining, grant the availability group
 * permission to create databases on the secondary replica instance', ALTER AVAILABILITY GROUP
 * [<AGName>] GRANT CREATE ANY DATABASE. Its section Add a database to an availability group with
 * automatic seeding: 'If the secondary replica used automatic seeding when it was added to the
 * availability group, nothing additional needs to be done.'
 */
const dir = 'adapters/cli/fixtures/seeding';
const sql = readFileSync(`${dir}/docs-seed001-add-database.sql`, 'utf8');
const scenario = readFileSync(`${dir}/docs-seed001-add-database.json`, 'utf8');

interface Doc {
  readonly result: {
    readonly trace: readonly {
      readonly observations: readonly { readonly reason?: { readonly code: string } }[];
      readonly refused: readonly unknown[];
      readonly states: {
        readonly databaseReplicas: readonly {
          readonly replica: string;
          readonly database: string;
          readonly synchronizationState: string | null;
        }[];
      };
    }[];
  };
}

const simulate = async (script: string): Promise<Doc> => {
  const r = await run(['simulate', 's.json', '--sql-version', '2019', '--json'], {
    files: { 's.json': scenario, 'docs-seed001-add-database.sql': script },
  });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Doc;
};

const codesAt = (doc: Doc, i: number): string[] =>
  (doc.result.trace[i]?.observations ?? []).flatMap((o) => o.reason?.code ?? []);

describe('agstate simulate: a T-SQL configuration keeps its GRANT CREATE ANY DATABASE (SEED001)', () => {
  it('seeds a database added later to the secondary the script granted, without asking for the grant', async () => {
    const doc = await simulate(sql);
    expect(codesAt(doc, 0)).toContain('SEEDING_STARTED');
    expect(codesAt(doc, 0)).not.toContain('SEEDING_NOT_PERMITTED');
    const db2 = doc.result.trace[1]?.states.databaseReplicas.find(
      (d) => d.replica === 'Secondary_Replica' && d.database === 'db2',
    );
    expect(db2?.synchronizationState).toBe('SYNCHRONIZED');
  });

  it('waits for the grant when the script denies it after granting it', async () => {
    const denied = `${sql}\nALTER AVAILABILITY GROUP [AGName] DENY CREATE ANY DATABASE\nGO\n`;
    const doc = await simulate(denied);
    expect(codesAt(doc, 0)).toContain('SEEDING_NOT_PERMITTED');
    expect(codesAt(doc, 0)).not.toContain('SEEDING_STARTED');
  });

  it('grants nothing by a GRANT run before the JOIN (S3: run it after that secondary joins)', async () => {
    const join = 'ALTER AVAILABILITY GROUP [AGName] JOIN;\nGO\n';
    const grant = 'ALTER AVAILABILITY GROUP [AGName]\n    GRANT CREATE ANY DATABASE\nGO\n';
    expect(sql).toContain(join + grant);
    const early = sql.replace(join + grant, grant + join);
    const doc = await simulate(early);
    expect(codesAt(doc, 0)).toContain('SEEDING_NOT_PERMITTED');
  });
});
