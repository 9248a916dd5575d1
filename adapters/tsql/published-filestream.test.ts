import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * dbi services blog, "The case of FileTable with Basic Availability Groups"
 * (www.dbi-services.com/blog/the-case-of-filetable-with-basic-availability-groups/; the stored copy
 * shows no date): AdventureWorks2022 in AG1 on nodeA and NodeB gets a FILESTREAM filegroup, "ALTER
 * DATABASE [AdventureWorks2022] ADD FILEGROUP [FileTableFG] CONTAINS FILESTREAM", after FILESTREAM
 * was enabled "on both nodes" (a picture, not T-SQL). 'Use FILESTREAM and FileTable with Always On
 * availability groups' (S334), Prerequisites: "Before adding a database that uses FILESTREAM, with
 * or without FileTable, to an availability group, ensure that FILESTREAM is enabled on every server
 * instance that hosts an availability replica for the availability group". The script does not
 * show it on NodeB; validate said "valid" without a word. The group's CREATE, JOIN and manual
 * seeding are invented (fixture header).
 */
const name = 'blog-dbi-filetable-basic-ag.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const filestreamOf = (script: string) =>
  readScriptReport(script, { version: 2022, fileName: name })
    .script.warnings.filter((w) => w.text.includes('FILESTREAM filegroup'))
    .map((w) => [w.line, w.text] as const);
const lineOf = (script: string, start: string) =>
  script.split('\n').findIndex((l) => l.startsWith(start)) + 1;
const enableOn = (server: string) =>
  `:Connect ${server}\nEXEC sp_configure filestream_access_level, 2;\nRECONFIGURE;\nGO\n`;

describe('a FILESTREAM database in a group, FILESTREAM not shown on a replica (S334)', () => {
  it('the post’s ADD FILEGROUP in AG1: a warning there naming NodeB and what settles it', () => {
    const warnings = filestreamOf(text);
    expect(warnings.map(([line]) => line)).toEqual([
      lineOf(text, 'ALTER DATABASE [AdventureWorks2022] ADD FILEGROUP'),
    ]);
    expect(warnings[0]![1]).toContain(
      'AdventureWorks2022 gets a FILESTREAM filegroup here while in AG1, and the script never enables FILESTREAM on NodeB',
    );
    expect(warnings[0]![1]).toContain('ensure that FILESTREAM is enabled on every server instance');
    expect(warnings[0]![1]).toContain("SERVERPROPERTY('FilestreamEffectiveLevel') on NodeB");
    expect(warnings[0]![1]).not.toContain('nodeA,');
  });

  it('no warning once the script enables FILESTREAM on NodeB (sp_configure, the option quoted too)', () => {
    expect(filestreamOf(`${enableOn('NodeB')}${text}`)).toEqual([]);
    const quoted = `:Connect NodeB\nEXEC sp_configure 'filestream access level', 2;\nGO\n${text}`;
    expect(filestreamOf(quoted)).toEqual([]);
  });

  it('level 0 on NodeB does not count', () => {
    const off = `:Connect NodeB\nEXEC sp_configure filestream_access_level, 0;\nGO\n${text}`;
    expect(filestreamOf(off).length).toBe(1);
  });

  it('a FILESTREAM database added afterwards: the warning is at the ADD DATABASE', () => {
    const added = text
      .replace('    FOR DATABASE AdventureWorks2022\n', '')
      .replace(
        /:Connect NodeB\nALTER AVAILABILITY GROUP \[AG1\] JOIN;\nGO\n[\s\S]*$/,
        ':Connect NodeB\nALTER AVAILABILITY GROUP [AG1] JOIN;\nGO\n:Connect nodeA\nALTER DATABASE [AdventureWorks2022] ADD FILEGROUP [FileTableFG] CONTAINS FILESTREAM\nGO\nALTER AVAILABILITY GROUP [AG1] ADD DATABASE AdventureWorks2022;\nGO\n',
      );
    expect(added).toContain('ADD DATABASE');
    const warnings = filestreamOf(added);
    expect(warnings.map(([line]) => line)).toEqual([
      lineOf(added, 'ALTER AVAILABILITY GROUP [AG1] ADD DATABASE'),
    ]);
    expect(warnings[0]![1]).toContain(
      `AdventureWorks2022, which has a FILESTREAM filegroup (line ${lineOf(added, 'ALTER DATABASE [AdventureWorks2022] ADD FILEGROUP')}), is added to AG1`,
    );
  });

  it('no warning for a database without FILESTREAM', () => {
    const plain = text.replace(/^ALTER DATABASE \[AdventureWorks2022\] ADD FILEGROUP[^\n]*\n/m, '');
    expect(
      plain.split('\n').filter((l) => l.includes('CONTAINS FILESTREAM') && !l.startsWith('--')),
    ).toEqual([]);
    expect(filestreamOf(plain)).toEqual([]);
  });
});

/**
 * 'High Availability Support for In-Memory OLTP databases' (MicrosoftDocs/sql-docs,
 * relational-databases/in-memory-oltp/high-availability-support-for-in-memory-oltp-databases):
 * "Databases containing memory-optimized tables, with or without native compiled stored
 * procedures, are fully supported with Always On Availability Groups. There's no difference in the
 * configuration and support for databases that contain In-Memory OLTP objects as compared to those
 * without." A MEMORY_OPTIMIZED_DATA filegroup is not a FILESTREAM one: the same script with the
 * post's filegroup made memory-optimized draws no warning.
 */
describe('a memory-optimized filegroup in a group: nothing to enable on the replicas', () => {
  it('ADD FILEGROUP … CONTAINS MEMORY_OPTIMIZED_DATA draws no FILESTREAM warning', () => {
    const memory = text.replace(
      /^ALTER DATABASE \[AdventureWorks2022\] ADD FILEGROUP \[FileTableFG\] CONTAINS FILESTREAM$/m,
      'ALTER DATABASE [AdventureWorks2022] ADD FILEGROUP [imoltp_mod] CONTAINS MEMORY_OPTIMIZED_DATA',
    );
    expect(memory).toContain('CONTAINS MEMORY_OPTIMIZED_DATA');
    expect(filestreamOf(memory)).toEqual([]);
    const { script } = readScriptReport(memory, { version: 2022, fileName: name });
    expect(script.warnings).toEqual([]);
  });
});
