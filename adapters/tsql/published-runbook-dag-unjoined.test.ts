import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * A migration runbook in the code index (file 28042542230), "Runbook - GC SQL Server AlwaysOn
 * Availability Group (AOAG) Cluster : Re-platform" (December 2025): the AWS group is created with
 * SEEDING_MODE = MANUAL, AppDB restored "WITH NORECOVERY" on AWS, then only "Add DB to DAG on
 * Forwarder (AWS): ALTER DATABASE [<db name>] SET HADR AVAILABILITY GROUP = [<distributedAG
 * name>]". "Configure a distributed availability group" (S58), Join the database on the secondary
 * of the second availability group: "After the database on the secondary replica of the second
 * availability group is in a restoring state, you have to manually join it to the availability
 * group" (ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP = [ag2]). The copy on AWSSQL2 is never
 * joined; validate said "valid" without a word (the second group's CREATE names no database, so
 * the unjoined-restore warning did not look at it), and decide and check start from it joined.
 */
const name = 'runbook-dag-aws-secondary-not-joined.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.filter(besidesPrerequisites)
    .map((w) => [w.line, w.text]);

describe("a runbook that joins the database on the forwarder only (the second group's secondary)", () => {
  it('warns at the last NORECOVERY restore on AWSSQL2, naming the join into AwsAG and S58', () => {
    const found = warnings(text);
    expect(found.map(([line]) => line)).toEqual([87]);
    const [, said] = found[0]!;
    expect(said).toContain(
      'AppDB is restored WITH NORECOVERY on AWSSQL2, a secondary replica of AwsAG',
    );
    expect(said).toContain(
      'ALTER DATABASE [AppDB] SET HADR AVAILABILITY GROUP = [AwsAG] on AWSSQL2',
    );
    expect(said).toContain('you have to manually join it to the availability group');
  });

  it('says nothing once AppDB is joined on AWSSQL2, nor of the forwarder joined to the distributed group', () => {
    const joined = text.replace(
      '-- Cutover, as the runbook writes it',
      ':Connect AWSSQL2\nALTER DATABASE [AppDB] SET HADR AVAILABILITY GROUP = [AwsAG];\nGO',
    );
    expect(warnings(joined)).toEqual([]);
  });
});
