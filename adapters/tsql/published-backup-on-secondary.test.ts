import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * "Always On Availability Groups — Complete Reference" (code index file 22696920930,
 * fixtures/ref-backup-strategy-secondary.sql): its backup job, "Run on all replicas", takes
 * "Full backup on secondary: use COPY_ONLY to preserve the differential base on primary" and a
 * regular log backup, here on the secondary SQL02. 'Offload supported backups to secondary
 * replicas of an availability group' (S10): "BACKUP DATABASE supports only copy-only full backups
 * of databases, files, or filegroups when it's executed on secondary replicas" (full and
 * differential from SQL Server 2025). The page's job is right; the same job without COPY_ONLY
 * passed as silently, though SQL Server refuses it on a secondary.
 */
const name = 'ref-backup-strategy-secondary.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string, version: 2016 | 2025 = 2016) =>
  readScriptReport(script, { version, fileName: name })
    .script.warnings.filter(besidesPrerequisites)
    .map((w) => [w.line, w.text.split(': it runs on the primary only')[0]]);
const withoutCopyOnly = text.replace('CHECKSUM, COPY_ONLY;', 'CHECKSUM;');
const fullLine = text.split('\n').findIndex((l) => l.includes('BACKUP DATABASE [AppDB1]')) + 1;

describe("a reference page's backup job run on a secondary replica", () => {
  it('says nothing of the copy-only full and regular log backup the page takes', () => {
    expect(warnings(text)).toEqual([]);
  });

  it('warns at a full backup without COPY_ONLY on the secondary, up to SQL Server 2022', () => {
    expect(warnings(withoutCopyOnly)).toEqual([
      [
        fullLine,
        "BACKUP DATABASE [AppDB1] TO DISK = N'\\\\Backup\\AppDB1_Full.bak' WITH COMPRESSI... runs on SQL02, a secondary replica of AG_Production: SQL Server 2016 takes only copy-only full and regular log backups on a secondary (full and differential from SQL Server 2025), not a full backup (FULL)",
      ],
    ]);
    expect(warnings(withoutCopyOnly, 2025)).toEqual([]);
  });

  it('warns at a copy-only log backup there, and at neither on the primary', () => {
    const copyOnlyLog = text.replace('CHECKSUM;\nEND;\nGO', 'CHECKSUM, COPY_ONLY;\nEND;\nGO');
    expect(warnings(copyOnlyLog).map(([, w]) => w)).toEqual([
      expect.stringContaining('is never supported on a secondary replica'),
    ]);
    const onPrimary = withoutCopyOnly.replace(/:Connect SQL02\nIF/, ':Connect SQL01\nIF');
    expect(warnings(onPrimary)).toEqual([]);
  });
});
