import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looseSecondaryOnlyOnPrimary } from './loose-secondary-only.js';
import { readScriptReport } from './script.js';

/*
 * An ALTER-only script (no CREATE AVAILABILITY GROUP): DavidSchanzer/Sql-Server-DBA-Toolbox,
 * "Manually add database to an AG - needed for databases with a database master key.sql", an
 * earlier version (fixtures/lab-toolbox-add-db-join-on-primary.sql). It runs ALTER AVAILABILITY
 * GROUP AG1 ADD DATABASE SalesDB on SQLNODE1 (S3: "Supported only on the primary replica"),
 * restores SalesDB WITH NORECOVERY on SQLNODE2, then joins it on SQLNODE1. ALTER DATABASE SET HADR
 * (S50): "These options are supported only on secondary replicas", and the join needs the
 * database "already added to the availability group on the primary replica". validate said
 * "every option checked", exit 0; the repository's later version moves the join to SQLNODE2.
 */
const name = 'lab-toolbox-add-db-join-on-primary.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const found = (script: string) =>
  looseSecondaryOnlyOnPrimary(
    readScriptReport(script, { version: 2019, fileName: name }).script.statements,
  );
const lastJoin = ':CONNECT SQLNODE1\nALTER DATABASE SalesDB SET HADR';

describe('SET HADR AVAILABILITY GROUP where the script ran a primary-only statement (ALTER-only)', () => {
  it('is refused at its line, naming the statement that places the primary', () => {
    const out = found(text);
    expect(out.map((p) => [p.line, p.reason.code])).toEqual([[30, 'IS_PRIMARY_REPLICA']]);
    expect(out[0]?.reason.message).toContain(
      'which ran ALTER AVAILABILITY GROUP AG1 ADD DATABASE SalesDB at line 10',
    );
    expect(out[0]?.reason.rule.document).toBe('ALTER DATABASE (Transact-SQL) SET HADR');
  });

  it('is not judged on the secondary, as the later version runs it', () => {
    const fixed = text.replace(lastJoin, ':CONNECT SQLNODE2\nALTER DATABASE SalesDB SET HADR');
    expect(fixed).not.toBe(text);
    expect(found(fixed)).toEqual([]);
  });

  it('is not judged after a failover the script runs between them', () => {
    // SQLNODE2 takes over: SQLNODE1 is then a secondary, where the join is SQL Server's to run.
    const failedOver = text.replace(
      lastJoin,
      `:CONNECT SQLNODE2\nALTER AVAILABILITY GROUP AG1 FAILOVER;\nGO\n${lastJoin}`,
    );
    expect(failedOver).not.toBe(text);
    expect(found(failedOver)).toEqual([]);
  });

  it('is not judged where the script does not say where the statements run', () => {
    expect(found(text.replace(/^:CONNECT .*$/gm, ''))).toEqual([]);
  });

  it('is not judged for another group, or a distributed group', () => {
    expect(found(text.replace('= AG1;', '= AG2;'))).toEqual([]);
    const distributed = `${text}\n:CONNECT SQLNODE1\nALTER AVAILABILITY GROUP AG1 MODIFY AVAILABILITY GROUP ON 'ag2' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);\n`;
    expect(found(distributed)).toEqual([]);
  });
});
