import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * 'Configure read-scale for an Always On availability group' (S46) creates ag1 with no database
 * (SEEDING_MODE = AUTOMATIC), joins each secondary and runs "ALTER AVAILABILITY GROUP [ag1] GRANT
 * CREATE ANY DATABASE;" there, then its include 'Add a database to the availability group' runs,
 * on the primary, CREATE DATABASE [db1], SET RECOVERY FULL, BACKUP DATABASE and "ALTER
 * AVAILABILITY GROUP [ag1] ADD DATABASE [db1];", and "Verify that the database is created on the
 * secondary servers". Without the secondary's GRANT, SEED001: it logs "has not been granted
 * permission to create databases, but has a SEEDING_MODE of AUTOMATIC" and no copy is seeded. The
 * warning for that was given only where CREATE itself names a database.
 */
const name = 'docs-read-scale.sql';
const page = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const join = 'ALTER AVAILABILITY GROUP [ag1] JOIN WITH (CLUSTER_TYPE = NONE);\n';
const grant = '\nALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE;\n';
const addDb1 = `:Connect node1
CREATE DATABASE [db1];
ALTER DATABASE [db1] SET RECOVERY FULL;
BACKUP DATABASE [db1]
   TO DISK = N'/var/opt/mssql/data/db1.bak';
GO
ALTER AVAILABILITY GROUP [ag1] ADD DATABASE [db1];
GO
`;
const warningsOf = (script: string) =>
  readScriptReport(script, { version: 2017, fileName: name })
    .script.warnings.map((w) => [w.line, w.text] as const)
    .filter(([, t]) => t.includes('GRANT CREATE ANY DATABASE there'));

describe('a group created empty, its database added later (S46, SEED001)', () => {
  it('as the page writes it, the GRANT after the JOIN: nothing to say', () => {
    expect(page).toContain(join + grant);
    expect(warningsOf(page + addDb1)).toEqual([]);
  });

  it('without the secondary’s GRANT: a warning at the JOIN naming db1', () => {
    const script = page.replace(join + grant, join) + addDb1;
    const warnings = warningsOf(script);
    expect(warnings).toHaveLength(1);
    const [line, message] = warnings[0]!;
    expect(line).toBe(23);
    expect(message).toContain(
      'node2 joins ag1 with SEEDING_MODE = AUTOMATIC, and the script never runs ALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE there after it',
    );
    expect(message).toContain('nor restores db1 there');
  });

  it('without the GRANT and without a database added: nothing to seed, nothing to say', () => {
    expect(warningsOf(page.replace(join + grant, join))).toEqual([]);
  });
});
