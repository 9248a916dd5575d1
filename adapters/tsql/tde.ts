import type { IToken } from 'chevrotain';
import { instanceKey } from '../../core/validation/codes.js';
import { nameValue, stringValue } from './lexer.js';
import { same } from './names.js';
import { copyKeyOf } from './prepared-copies.js';
import type { StatementResult } from './result.js';
import { automaticSetBy } from './seeding-mode-set.js';
import { upper } from './statements.js';

/** What a statement says of transparent data encryption (TDE) on the instance it runs on. */
export type TdeFact =
  | { readonly kind: 'use'; readonly database: string }
  /**
   * CREATE CERTIFICATE or ASYMMETRIC KEY; `imported` when FROM a file, binary or assembly WITH
   * PRIVATE KEY (a certificate), or FROM a provider (an asymmetric key).
   */
  | {
      readonly kind: 'protector';
      readonly name: string;
      readonly imported: boolean;
      readonly file: string | null;
    }
  | { readonly kind: 'backupCertificate'; readonly name: string; readonly file: string | null }
  /** CREATE DATABASE ENCRYPTION KEY … ENCRYPTION BY SERVER CERTIFICATE | ASYMMETRIC KEY name. */
  | { readonly kind: 'encryptionKey'; readonly protector: string | null }
  /** ALTER DATABASE … SET ENCRYPTION ON | OFF. */
  | { readonly kind: 'encryption'; readonly database: string; readonly on: boolean };

const fileAfter = (span: readonly IToken[], from: number): string | null => {
  for (let k = from; k + 2 < span.length; k++)
    if (upper(span[k]) === 'FILE' && span[k + 1]?.image === '=')
      return span[k + 2]?.image.match(/^N?'/i) ? stringValue(span[k + 2]!.image) : null;
  return null;
};

/** Read a statement agstate otherwise passes over for what it says of TDE, or null. */
export const tdeFact = (span: readonly IToken[]): TdeFact | null => {
  const [a, b, c, d] = span.slice(0, 4).map(upper);
  const nameAt = (k: number) => (span[k] === undefined ? null : nameValue(span[k]!.image));
  if (a === 'USE' && span.length === 2) return { kind: 'use', database: nameAt(1)! };
  if (a === 'CREATE' && (b === 'CERTIFICATE' || (b === 'ASYMMETRIC' && c === 'KEY'))) {
    const at = b === 'CERTIFICATE' ? 2 : 3;
    const name = nameAt(at);
    if (name === null) return null;
    const from = upper(span[at + 1]) === 'FROM';
    // A certificate opens the database encryption key only with its private key (S331: "you need
    // backups of the certificate and private key. Otherwise, you can't open the database"); an EKM
    // asymmetric key comes from its provider.
    const privateKey = span.some((t, k) => upper(t) === 'PRIVATE' && upper(span[k + 1]) === 'KEY');
    const imported = from && (b !== 'CERTIFICATE' || privateKey);
    return { kind: 'protector', name, imported, file: from ? fileAfter(span, at + 2) : null };
  }
  if (a === 'BACKUP' && b === 'CERTIFICATE' && span[2] !== undefined)
    return { kind: 'backupCertificate', name: nameAt(2)!, file: fileAfter(span, 3) };
  if (a === 'CREATE' && b === 'DATABASE' && c === 'ENCRYPTION' && d === 'KEY') {
    const by = span.findIndex((t, k) => upper(t) === 'SERVER' && upper(span[k - 1]) === 'BY');
    const kind = upper(span[by + 1]);
    const at = kind === 'CERTIFICATE' ? by + 2 : kind === 'ASYMMETRIC' ? by + 3 : -1;
    return { kind: 'encryptionKey', protector: by < 0 || at < 0 ? null : nameAt(at) };
  }
  if (
    a === 'ALTER' &&
    b === 'DATABASE' &&
    upper(span[3]) === 'SET' &&
    upper(span[4]) === 'ENCRYPTION' &&
    (upper(span[5]) === 'ON' || upper(span[5]) === 'OFF') &&
    upper(span[2]) !== 'CURRENT'
  )
    return { kind: 'encryption', database: nameAt(2)!, on: upper(span[5]) === 'ON' };
  return null;
};

/** A copy of an encrypted database made on an instance the script never gives its protector. */
export interface TdeCopyWithoutCertificate {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface Encrypted {
  readonly server: string;
  readonly protector: string | null;
  readonly line: number;
  /** The line of SET ENCRYPTION OFF since, or null. */
  decryptedAt: number | null;
}

interface Instance {
  /** Imported protectors: the name each was created under and its file. */
  readonly imported: { readonly name: string; readonly file: string | null }[];
  /** The database the session uses, while the script stays on this instance. */
  database: string | null;
}

interface Seeded {
  readonly group: string;
  readonly replica: string;
  automatic: boolean;
  joined: boolean;
  granted: boolean;
}

const S331 =
  '\'Transparent data encryption (TDE)\' (S331), TDE and availability groups: "If a certificate is used to protect the DEK, back up the certificate created on the primary replica, and then create the certificate from a file on all secondary replicas before creating the DEK on the primary replica"; "when you restore these backups, the certificate that protects the DEK must be available"';

const S333 =
  '\'Add an encrypted database to an Always On availability group\' (S333), Limitations: "Even if an encrypted database has been decrypted, its log backups might contain encrypted data. In this case, full initial data synchronization could fail on the database. This is because the restore log operation might require the certificate that was used by the database encryption keys (DEKs), and that certificate might be unavailable"';

const S332 =
  '\'Move a TDE Protected Database to Another SQL Server\' (S332): "The certificate or asymmetric key must be installed in the master database of the destination server, so that SQL Server can access the database files"';

/**
 * A database the script encrypts with TDE on one instance (CREATE DATABASE ENCRYPTION KEY under
 * USE, or ALTER DATABASE … SET ENCRYPTION ON) and then copies to another instance, where the
 * script never creates the key's protector from the original (CREATE CERTIFICATE … FROM FILE of
 * the same name or of the file BACKUP CERTIFICATE wrote; CREATE ASYMMETRIC KEY … FROM for EKM):
 * a RESTORE there, or automatic seeding there (which restores the database on the secondary), fails
 * with Msg 33111, "Cannot find server certificate with thumbprint", unless the certificate was put
 * there outside the script. A certificate created there afresh (WITH SUBJECT) is another
 * certificate, whatever its name. A warning, at the statement that makes the copy: the restore,
 * or where the seeding starts (the database added, the replica joined and granted, all three).
 * A database encrypted while a copy of it is joined on another instance that lacks the
 * certificate is warned at the encryption: S331 asks the certificate on all secondaries "before
 * creating the database encryption key on the primary replica".
 */
export const tdeCopiesWithoutCertificate = (
  statements: readonly StatementResult[],
): TdeCopyWithoutCertificate[] => {
  const instances = new Map<string, Instance>();
  const instanceOf = (server: string) => {
    const key = instanceKey(server);
    const found = instances.get(key) ?? { imported: [], database: null };
    instances.set(key, found);
    return found;
  };
  const encrypted = new Map<string, Encrypted>();
  const backups = new Map<string, string[]>();
  const seeded = new Map<string, Seeded>();
  const added = new Map<string, Set<string>>();
  const found: TdeCopyWithoutCertificate[] = [];
  // The joined copies of each database (by hand, or seeded where the certificate was not missing).
  const copies = new Map<string, string[]>();
  const copied = (database: string, replica: string) =>
    copies.set(instanceKey(database), [...(copies.get(instanceKey(database)) ?? []), replica]);
  const restoredDecrypted = new Set<string>();
  let lastServer: string | null = null;

  const hasProtector = (server: string, protector: string | null): boolean => {
    const imported = instanceOf(server).imported;
    if (protector === null) return imported.length > 0;
    const files = backups.get(instanceKey(protector)) ?? [];
    return imported.some(
      (p) => same(p.name, protector) || (p.file !== null && files.some((f) => same(f, p.file))),
    );
  };
  const missing = (database: string, server: string) => {
    const e = encrypted.get(instanceKey(database));
    if (e === undefined || same(e.server, server) || hasProtector(server, e.protector)) return null;
    return e;
  };
  const protectorText = (e: Encrypted) =>
    e.protector === null
      ? 'the certificate that protects its database encryption key, with its private key,'
      : `the certificate ${e.protector} with its private key`;
  const settles = (database: string, e: Encrypted, server: string) =>
    `sys.certificates on ${server} (a thumbprint equal to sys.dm_database_encryption_keys.encryptor_thumbprint of ${database} on ${e.server}) settles it`;
  const decryptedText = (database: string, e: Encrypted, replica: string, what: string) =>
    `${database}, encrypted on ${e.server} (line ${e.line}) and decrypted (SET ENCRYPTION OFF at line ${e.decryptedAt}), ${what}, and the script never creates ${protectorText(e)} on ${replica} from ${e.server}'s backup of it. ${S333}; ${settles(database, e, replica)}`;
  const seedingStarts = (s: StatementResult, group: string, database: string, replica: string) => {
    const e = missing(database, replica);
    if (e === null) {
      copied(database, replica);
      return;
    }
    if (e.decryptedAt !== null) {
      copied(database, replica);
      found.push({
        line: s.line,
        column: s.column,
        text: `${decryptedText(database, e, replica, `is seeded from here to ${replica} (SEEDING_MODE = AUTOMATIC)`)}, with sys.dm_hadr_automatic_seeding (current_state, failure_state_desc) on the primary`,
      });
      return;
    }
    found.push({
      line: s.line,
      column: s.column,
      text: `${database}, encrypted on ${e.server} (line ${e.line}), is seeded from here to ${replica} (SEEDING_MODE = AUTOMATIC), and the script never creates ${protectorText(e)} on ${replica} from ${e.server}'s backup of it. ${S331}. Automatic seeding restores ${database} on ${replica} (SEED001: the secondary keeps that restore in msdb's history), and without the certificate the restore fails with Msg 33111, "Cannot find server certificate with thumbprint", so no copy is created there, while validate, explain and check judge ${group} with every copy joined; ${settles(database, e, replica)}, with sys.dm_hadr_automatic_seeding (current_state, failure_state_desc) on the primary`,
    });
  };

  for (const s of statements) {
    if (s.server !== null && !same(s.server, lastServer) && lastServer !== null)
      // Another connection: back on this instance the session starts over.
      instanceOf(lastServer).database = null;
    lastServer = s.server ?? lastServer;
    const o = s.outcome;
    if (o.kind === 'skipped' && o.tde !== undefined && s.server !== null) {
      const f = o.tde;
      const here = instanceOf(s.server);
      if (f.kind === 'use') here.database = f.database;
      if (f.kind === 'protector' && f.imported) here.imported.push({ name: f.name, file: f.file });
      if (f.kind === 'backupCertificate' && f.file !== null)
        backups.set(instanceKey(f.name), [...(backups.get(instanceKey(f.name)) ?? []), f.file]);
      const database =
        f.kind === 'encryptionKey' ? here.database : f.kind === 'encryption' ? f.database : null;
      if (database === null) continue;
      const known = encrypted.get(instanceKey(database));
      if (f.kind === 'encryption' && !f.on) {
        // Decrypted: its log may still need the certificate (S333); encrypted outside the script
        // when the script never shows the key.
        if (known !== undefined) known.decryptedAt = s.line;
        else
          encrypted.set(instanceKey(database), {
            server: s.server,
            protector: null,
            line: s.line,
            decryptedAt: s.line,
          });
        continue;
      }
      if (known !== undefined) {
        known.decryptedAt = null;
        continue;
      }
      const enc: Encrypted = {
        server: s.server,
        protector: f.kind === 'encryptionKey' ? f.protector : null,
        line: s.line,
        decryptedAt: null,
      };
      encrypted.set(instanceKey(database), enc);
      for (const replica of copies.get(instanceKey(database)) ?? [])
        if (missing(database, replica) !== null)
          found.push({
            line: s.line,
            column: s.column,
            text: `${database} is encrypted here on ${s.server} while its copy on ${replica} is joined, and the script never creates ${protectorText(enc)} on ${replica} from ${s.server}'s backup of it. 'Transparent data encryption (TDE)' (S331), TDE and availability groups: "To encrypt databases that are part of an availability group, create the master key and certificates, or asymmetric key (EKM) on all secondary replicas before creating the database encryption key on the primary replica"; ${settles(database, enc, replica)}, with sys.dm_hadr_database_replica_states (synchronization_state_desc, is_suspended, suspend_reason_desc) of ${database} on ${replica}`,
          });
      continue;
    }
    if (o.kind === 'config' && o.config.kind !== 'DISTRIBUTED') {
      const config = o.config;
      added.set(instanceKey(config.name), new Set(config.databases));
      for (const r of config.replicas)
        if (!same(r.name, s.server))
          seeded.set(`${instanceKey(config.name)}|${instanceKey(r.name)}`, {
            group: config.name,
            replica: r.name,
            automatic: r.seedingMode === 'AUTOMATIC',
            joined: false,
            granted: false,
          });
      continue;
    }
    if (o.kind !== 'events') continue;
    for (const e of o.events) {
      if (e.type === 'db.restore') {
        const enc = missing(e.database, e.replica);
        const key = copyKeyOf(e.replica, e.database);
        if (enc?.decryptedAt != null && !restoredDecrypted.has(key)) {
          // Decrypted: the first restore there, of the database or of a log, may need it (S333).
          restoredDecrypted.add(key);
          found.push({
            line: s.line,
            column: s.column,
            text: decryptedText(e.database, enc, e.replica, `is restored on ${e.replica}`),
          });
        }
        if (enc !== null && enc.decryptedAt === null && e.log !== true)
          found.push({
            line: s.line,
            column: s.column,
            text: `${e.database}, encrypted on ${enc.server} (line ${enc.line}), is restored on ${e.replica}, and the script never creates ${protectorText(enc)} there from ${enc.server}'s backup of it. ${S332}; ${S331}. Without it SQL Server refuses this restore with Msg 33111, "Cannot find server certificate with thumbprint", and the copy is not prepared; ${settles(e.database, enc, e.replica)}`,
          });
      }
      if (e.type === 'db.join') copied(e.database, e.replica);
      if (s.group === null) continue;
      const group = s.group;
      if (e.type === 'db.add') {
        const set = added.get(instanceKey(group)) ?? new Set<string>();
        set.add(e.database);
        added.set(instanceKey(group), set);
        for (const m of seeded.values())
          if (same(m.group, group) && m.automatic && m.joined && m.granted)
            seedingStarts(s, group, e.database, m.replica);
        continue;
      }
      if (!('replica' in e) || typeof e.replica !== 'string') continue;
      const m = seeded.get(`${instanceKey(group)}|${instanceKey(e.replica)}`);
      if (m === undefined) continue;
      const before = m.automatic && m.joined && m.granted;
      if (e.type === 'replica.join') m.joined = true;
      if (e.type === 'replica.grantCreateDatabase') m.granted = true;
      if (e.type === 'replica.denyCreateDatabase') m.granted = false;
      m.automatic = automaticSetBy(e) ?? m.automatic;
      if (!before && m.automatic && m.joined && m.granted)
        for (const d of added.get(instanceKey(group)) ?? []) seedingStarts(s, group, d, m.replica);
    }
  }
  return found.filter((f, i) => found.findIndex((x) => x.text === f.text) === i);
};
