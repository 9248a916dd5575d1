import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * What the warning at a BACKUP on a secondary quotes and advises. 'Offload supported backups to
 * secondary replicas of an availability group' (S10) gives one sentence per refusal: "BACKUP
 * DATABASE supports only copy-only full backups of databases, files, or filegroups when it's
 * executed on secondary replicas", "Differential backups aren't supported on secondary replicas",
 * "BACKUP LOG supports only regular log backups (the COPY_ONLY option is not supported for log
 * backups on secondary replicas)"; 'Basic Always On availability groups for a single database'
 * (S41), Limitations: "No backups on secondary replica." The warning quoted the BACKUP DATABASE
 * sentence and advised "add WITH COPY_ONLY to a full backup" for all of them, so a copy-only log
 * backup was told nothing of dropping COPY_ONLY, and a basic group's copy-only full backup, which
 * already has COPY_ONLY, was told to add it.
 */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string, fileName: string) =>
  readScriptReport(script, { version: 2017, fileName })
    .script.warnings.filter(besidesPrerequisites)
    .map((w) => w.text);

describe("the reference page's job with its log backup made COPY_ONLY, on the secondary SQL02", () => {
  // fixtures/ref-backup-strategy-secondary.sql ("Run on all replicas"), its BACKUP LOG given
  // COPY_ONLY as a user copying the full backup's options would.
  const name = 'ref-backup-strategy-secondary.sql';
  const copyOnlyLog = fixture(name).replace(
    'CHECKSUM;\nEND;\nGO',
    'CHECKSUM, COPY_ONLY;\nEND;\nGO',
  );

  it("quotes S10's BACKUP LOG sentence and says to drop COPY_ONLY, not to add it", () => {
    const [w, ...rest] = warnings(copyOnlyLog, name);
    expect(rest).toEqual([]);
    expect(w).toContain(
      '"BACKUP LOG supports only regular log backups (the COPY_ONLY option is not supported for log backups on secondary replicas)"',
    );
    expect(w).toMatch(
      /; take it without COPY_ONLY \(a regular log backup runs on a secondary\), or run it on the primary$/,
    );
    expect(w).not.toContain('add WITH COPY_ONLY');
  });

  it("quotes S10's sentence on differential backups for a differential one", () => {
    const differential = fixture(name).replace(
      'WITH COMPRESSION, CHECKSUM, COPY_ONLY;',
      'WITH DIFFERENTIAL, COMPRESSION, CHECKSUM;',
    );
    const [w] = warnings(differential, name);
    expect(w).toContain(`"Differential backups aren't supported on secondary replicas"`);
    expect(w).toMatch(/; take a copy-only full backup there instead, or run it on the primary$/);
  });

  it('keeps the BACKUP DATABASE sentence and COPY_ONLY advice for a full backup', () => {
    const full = fixture(name).replace('CHECKSUM, COPY_ONLY;', 'CHECKSUM;');
    const [w] = warnings(full, name);
    expect(w).toContain(
      `"BACKUP DATABASE supports only copy-only full backups of databases, files, or filegroups when it's executed on secondary replicas"`,
    );
    expect(w).toMatch(/; add WITH COPY_ONLY, or run it on the primary$/);
  });
});

describe('a copy-only full backup on the secondary of the documented basic group', () => {
  // S41's "example to create a basic availability group" (fixtures/docs-basic-ag-example.sql),
  // placed on SQLVM1 and joined on SQLVM2 as S4's examples do, then the job of 'Configure backups
  // on secondary replicas' (S11), Follow Up: "BACKUP DATABASE @DBNAME TO DISK=<disk> WITH
  // COPY_ONLY;", run on SQLVM2 (the file name invented).
  const name = 'docs-basic-ag-example.sql';
  const script = [
    ':Connect SQLVM1\\MSSQLSERVER',
    fixture(name).slice(fixture(name).indexOf('CREATE AVAILABILITY GROUP')),
    ':Connect SQLVM2\\MSSQLSERVER',
    'ALTER AVAILABILITY GROUP [BasicAG] JOIN;',
    'ALTER AVAILABILITY GROUP [BasicAG] GRANT CREATE ANY DATABASE;',
    'GO',
    "BACKUP DATABASE [AdventureWorks] TO DISK = N'\\\\backup\\AdventureWorks.bak' WITH COPY_ONLY;",
    'GO',
  ].join('\n');

  it("quotes S41's limitation and advises the primary alone, not COPY_ONLY it already has", () => {
    const [w, ...rest] = warnings(script, name);
    expect(rest).toEqual([]);
    expect(w).toContain('a basic availability group takes no backups on its secondary replica');
    expect(w).toContain(
      `'Basic Always On availability groups for a single database', Limitations: "No backups on secondary replica."`,
    );
    expect(w).toMatch(/; run it on the primary$/);
    expect(w).not.toContain('COPY_ONLY to');
  });
});
