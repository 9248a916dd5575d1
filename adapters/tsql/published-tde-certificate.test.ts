import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * 'Transparent data encryption (TDE)' (S331, ms.date 01/19/2024): its Enable TDE example on
 * SQLNODE1, then the automatic-seeding group of 'Automatically initialize Always On availability
 * group' (S19) and the database added to it. The TDE page, TDE and availability groups: "If a
 * certificate is used to protect the DEK, back up the certificate created on the primary replica,
 * and then create the certificate from a file on all secondary replicas before creating the DEK on
 * the primary replica"; 'Move a TDE Protected Database to Another SQL Server' (S332): "The
 * certificate or asymmetric key must be installed in the master database of the destination
 * server". The seeding's restore on SQLNODE2 fails without it (Msg 33111, "Cannot find server
 * certificate with thumbprint"); validate said "valid" without a word. The fixture header says
 * what is the pages' and what is invented (names, hosts, the backup path).
 */
const name = 'docs-tde-enable-then-automatic-seeding.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const tdeOf = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.filter((w) => w.text.includes('Cannot find server certificate'))
    .map((w) => [w.line, w.text] as const);
const lineOf = (script: string, start: string) =>
  script.split('\n').findIndex((l) => l.startsWith(start)) + 1;
const certificateOnSecondary = (create: string) =>
  text
    .replace(
      "CREATE CERTIFICATE MyServerCert WITH SUBJECT = 'My DEK Certificate';\nGO\n",
      "CREATE CERTIFICATE MyServerCert WITH SUBJECT = 'My DEK Certificate';\nGO\nBACKUP CERTIFICATE MyServerCert TO FILE = N'\\\\share\\MyServerCert.cer' WITH PRIVATE KEY (FILE = N'\\\\share\\MyServerCert.pvk', ENCRYPTION BY PASSWORD = 'pw');\nGO\n",
    )
    .replace(':Connect SQLNODE2\n', `:Connect SQLNODE2\nUSE master;\nGO\n${create}\nGO\n`);

describe('a TDE database seeded to a secondary without its certificate (S331, S332)', () => {
  it('the script as the pages give it: a warning at the ADD DATABASE naming MyServerCert, SQLNODE2 and Msg 33111', () => {
    const warnings = tdeOf(text);
    expect(warnings.map(([line]) => line)).toEqual([
      lineOf(text, 'ALTER AVAILABILITY GROUP [AG1] ADD DATABASE'),
    ]);
    const [, warning] = warnings[0]!;
    expect(warning).toContain(
      `AdventureWorks2022, encrypted on SQLNODE1 (line ${lineOf(text, 'CREATE DATABASE ENCRYPTION KEY')}), is seeded from here to SQLNODE2 (SEEDING_MODE = AUTOMATIC), and the script never creates the certificate MyServerCert with its private key on SQLNODE2`,
    );
    expect(warning).toContain('create the certificate from a file on all secondary replicas');
    expect(warning).toContain('sys.certificates on SQLNODE2');
  });

  it('no warning once SQLNODE2 creates MyServerCert from the primary’s backup, as the page asks', () => {
    const followed = certificateOnSecondary(
      "CREATE CERTIFICATE MyServerCert FROM FILE = N'\\\\share\\MyServerCert.cer' WITH PRIVATE KEY (FILE = N'\\\\share\\MyServerCert.pvk', DECRYPTION BY PASSWORD = 'pw');",
    );
    expect(followed).toContain('FROM FILE');
    expect(tdeOf(followed)).toEqual([]);
  });

  it('no warning for the backup file imported under another name (SQL Server matches the thumbprint)', () => {
    const renamed = certificateOnSecondary(
      "CREATE CERTIFICATE TdeFromPrimary FROM FILE = N'\\\\share\\MyServerCert.cer' WITH PRIVATE KEY (FILE = N'\\\\share\\MyServerCert.pvk', DECRYPTION BY PASSWORD = 'pw');",
    );
    expect(tdeOf(renamed)).toEqual([]);
  });

  it('the certificate imported without its private key does not count: still warned', () => {
    // S331: "you need backups of the certificate and private key. Otherwise, you can't open the database".
    const publicOnly = certificateOnSecondary(
      "CREATE CERTIFICATE MyServerCert FROM FILE = N'\\\\share\\MyServerCert.cer';",
    );
    expect(publicOnly).toContain("FROM FILE = N'\\\\share\\MyServerCert.cer';");
    expect(tdeOf(publicOnly).map(([line]) => line)).toEqual([
      lineOf(publicOnly, 'ALTER AVAILABILITY GROUP [AG1] ADD DATABASE'),
    ]);
  });

  it('a certificate of the same name created afresh on SQLNODE2 is another certificate: still warned', () => {
    const fresh = certificateOnSecondary(
      "CREATE CERTIFICATE MyServerCert WITH SUBJECT = 'My DEK Certificate';",
    );
    expect(tdeOf(fresh).map(([line]) => line)).toEqual([
      lineOf(fresh, 'ALTER AVAILABILITY GROUP [AG1] ADD DATABASE'),
    ]);
  });

  it('a group created FOR DATABASE: the seeding starts at the GRANT on SQLNODE2, warned there', () => {
    const created = text
      .replace(
        'CREATE AVAILABILITY GROUP [AG1]\n',
        'CREATE AVAILABILITY GROUP [AG1]\n    FOR DATABASE AdventureWorks2022\n',
      )
      .replace(
        ':Connect SQLNODE1\nALTER AVAILABILITY GROUP [AG1] ADD DATABASE AdventureWorks2022;\nGO\n',
        '',
      );
    expect(tdeOf(created).map(([line]) => line)).toEqual([
      lineOf(created, 'ALTER AVAILABILITY GROUP [AG1] GRANT'),
    ]);
  });

  it('manual seeding: the RESTORE on SQLNODE2 is warned with Msg 33111, a RESTORE LOG after it is not', () => {
    const manual =
      `${text.replaceAll('SEEDING_MODE = AUTOMATIC', 'SEEDING_MODE = MANUAL')}:Connect SQLNODE2\n` +
      "RESTORE DATABASE AdventureWorks2022 FROM DISK = N'\\\\SQLNODE1\\backup\\AdventureWorks2022.bak' WITH NORECOVERY;\nGO\n" +
      "RESTORE LOG AdventureWorks2022 FROM DISK = N'\\\\SQLNODE1\\backup\\AdventureWorks2022.trn' WITH NORECOVERY;\nGO\n";
    const warnings = tdeOf(manual);
    expect(warnings.map(([line]) => line)).toEqual([lineOf(manual, 'RESTORE DATABASE')]);
    expect(warnings[0]![1]).toContain(
      'AdventureWorks2022, encrypted on SQLNODE1 (line 20), is restored on SQLNODE2',
    );
    expect(warnings[0]![1]).toContain('SQL Server refuses this restore with Msg 33111');
  });

  it('the page’s ALTER DATABASE with SET ENCRYPTION ON on the next line is one statement', () => {
    const { script } = readScriptReport(text, { version: 2019, fileName: name });
    const at = lineOf(text, 'ALTER DATABASE AdventureWorks2022\n'.trimEnd());
    const statement = script.statements.find((s) => s.line === at);
    expect(statement?.outcome).toMatchObject({
      kind: 'skipped',
      tde: { kind: 'encryption', database: 'AdventureWorks2022', on: true },
    });
    expect(script.statements.some((s) => s.line === at + 1)).toBe(false);
  });

  it('no warning without TDE: the same group and database, the encryption left out', () => {
    const plain = text.replace(
      text.slice(
        text.indexOf('USE AdventureWorks2022;'),
        text.indexOf('USE master;\nGO\nALTER DATABASE'),
      ),
      '',
    );
    expect(plain).not.toContain('ENCRYPTION KEY');
    expect(tdeOf(plain)).toEqual([]);
  });
});

/**
 * S19's automatic-seeding group with its database seeded to SQLNODE2, then S331's Enable TDE
 * example run on the primary for that database. S331, TDE and availability groups: "To encrypt
 * databases that are part of an availability group, create the master key and certificates, or
 * asymmetric key (EKM) on all secondary replicas before creating the database encryption key on
 * the primary replica". The script never does so on SQLNODE2; validate said "valid" without a word.
 */
const seededName = 'docs-tde-enable-on-seeded-database.sql';
const seeded = readFileSync(new URL(`./fixtures/${seededName}`, import.meta.url), 'utf8');
const encryptedWhileJoined = (script: string) =>
  readScriptReport(script, { version: 2016, fileName: seededName })
    .script.warnings.filter((w) => w.text.includes('is encrypted here on'))
    .map((w) => [w.line, w.text] as const);

describe('a database encrypted while its copy on a secondary is joined, the certificate not there (S331)', () => {
  it('the script as the pages give it: a warning at the CREATE DATABASE ENCRYPTION KEY', () => {
    const warnings = encryptedWhileJoined(seeded);
    expect(warnings.map(([line]) => line)).toEqual([
      lineOf(seeded, 'CREATE DATABASE ENCRYPTION KEY'),
    ]);
    expect(warnings[0]![1]).toContain(
      'AdventureWorks2022 is encrypted here on SQLNODE1 while its copy on SQLNODE2 is joined, and the script never creates the certificate MyServerCert with its private key on SQLNODE2',
    );
    expect(warnings[0]![1]).toContain(
      'on all secondary replicas before creating the database encryption key',
    );
  });

  it('no warning once SQLNODE2 creates MyServerCert from the primary’s backup before the key', () => {
    const followed = seeded.replace(
      "CREATE CERTIFICATE MyServerCert WITH SUBJECT = 'My DEK Certificate';\nGO\n",
      "CREATE CERTIFICATE MyServerCert WITH SUBJECT = 'My DEK Certificate';\nGO\nBACKUP CERTIFICATE MyServerCert TO FILE = N'\\\\share\\MyServerCert.cer' WITH PRIVATE KEY (FILE = N'\\\\share\\MyServerCert.pvk', ENCRYPTION BY PASSWORD = 'pw');\nGO\n:Connect SQLNODE2\nCREATE CERTIFICATE MyServerCert FROM FILE = N'\\\\share\\MyServerCert.cer' WITH PRIVATE KEY (FILE = N'\\\\share\\MyServerCert.pvk', DECRYPTION BY PASSWORD = 'pw');\nGO\n:Connect SQLNODE1\n",
    );
    expect(followed).toContain('FROM FILE');
    expect(encryptedWhileJoined(followed)).toEqual([]);
  });

  it('a copy joined by hand (MANUAL, restored and joined) is warned the same way', () => {
    const manual = seeded
      .replaceAll('SEEDING_MODE = AUTOMATIC', 'SEEDING_MODE = MANUAL')
      .replace(
        'ALTER AVAILABILITY GROUP [AG1] GRANT CREATE ANY DATABASE\nGO\n',
        "RESTORE DATABASE AdventureWorks2022 FROM DISK = N'\\\\share\\aw.bak' WITH NORECOVERY;\nGO\nALTER DATABASE AdventureWorks2022 SET HADR AVAILABILITY GROUP = [AG1];\nGO\n",
      );
    expect(manual).toContain('SET HADR AVAILABILITY GROUP');
    expect(encryptedWhileJoined(manual).map(([line]) => line)).toEqual([
      lineOf(manual, 'CREATE DATABASE ENCRYPTION KEY'),
    ]);
  });

  it('a secondary never granted holds no copy: no warning at the encryption', () => {
    const ungranted = seeded.replace(
      'ALTER AVAILABILITY GROUP [AG1] GRANT CREATE ANY DATABASE\nGO\n',
      '',
    );
    expect(ungranted).not.toBe(seeded);
    expect(encryptedWhileJoined(ungranted)).toEqual([]);
  });
});

/**
 * 'Add an encrypted database to an Always On availability group' (S333, ms.date 01/19/2024),
 * Limitations: "Even if an encrypted database has been decrypted, its log backups might contain
 * encrypted data. In this case, full initial data synchronization could fail on the database. This
 * is because the restore log operation might require the certificate that was used by the
 * database encryption keys (DEKs), and that certificate might be unavailable"; its four steps
 * (full and log backup, both restored on the secondary) for S331's database, decrypted.
 */
const decryptedName = 'docs-tde-decrypted-manual-seeding.sql';
const decrypted = readFileSync(new URL(`./fixtures/${decryptedName}`, import.meta.url), 'utf8');
const tdeWarnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: decryptedName })
    .script.warnings.filter((w) => w.text.includes('MyServerCert'))
    .map((w) => [w.line, w.text] as const);

describe('a decrypted TDE database restored where its certificate is not (S333)', () => {
  it('one warning, at the first restore on SQLNODE2, saying the restore might need the certificate', () => {
    const warnings = tdeWarnings(decrypted);
    expect(warnings.map(([line]) => line)).toEqual([lineOf(decrypted, 'RESTORE DATABASE')]);
    expect(warnings[0]![1]).toContain(
      // The statement starts on the ALTER DATABASE line before its SET.
      `decrypted (SET ENCRYPTION OFF at line ${lineOf(decrypted, 'SET ENCRYPTION OFF') - 1})`,
    );
    expect(warnings[0]![1]).toContain('the restore log operation might require the certificate');
    // Not the certain refusal of a database still encrypted.
    expect(warnings[0]![1]).not.toContain('refuses this restore');
  });

  it('encrypted again after the decryption: the restore is refused with Msg 33111 as before', () => {
    const again = decrypted.replace(
      'SET ENCRYPTION OFF;\nGO\n',
      'SET ENCRYPTION OFF;\nGO\nALTER DATABASE AdventureWorks2022 SET ENCRYPTION ON;\nGO\n',
    );
    expect(again).not.toBe(decrypted);
    const warnings = tdeWarnings(again);
    expect(warnings.map(([line]) => line)).toEqual([lineOf(again, 'RESTORE DATABASE')]);
    expect(warnings[0]![1]).toContain('SQL Server refuses this restore with Msg 33111');
  });
});
