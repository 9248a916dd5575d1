import * as E from 'fp-ts/lib/Either.js';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeScriptBytes } from './encoding.js';
import { readScriptBytes } from './script.js';

// A no-break space after CREATE and before FOR, as pasted from a web page.
const text = [
  '-- Réplica de démonstration',
  ':Connect SQLCAFÉ',
  'CREATE\u00a0AVAILABILITY GROUP [Café]',
  "\u00a0FOR DATABASE [Crème] REPLICA ON N'SQLCAFÉ' WITH (ENDPOINT_URL = N'TCP://café:5022',",
  '  AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC)',
  'GO',
  "BACKUP DATABASE [Crème] TO DISK = N'C:\\Sauvegardes\\Crème.bak' WITH COPY_ONLY",
  '',
].join('\r\n');

const utf16be = (s: string): Uint8Array => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
};

const variants: Record<string, Uint8Array> = {
  'UTF-8': Buffer.from(text, 'utf8'),
  'UTF-8 with BOM': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
  'UTF-16 LE with BOM': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
  'UTF-16 BE with BOM': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]),
  'Windows-1252': iconv.encode(text, 'windows-1252'),
};

describe('decodeScriptBytes', () => {
  it.each(Object.entries(variants))('decodes %s to the same text', (_, bytes) => {
    expect(decodeScriptBytes(bytes)).toBe(text);
  });

  it('reads bytes that are not UTF-8 as Windows-1252', () => {
    expect(decodeScriptBytes(Uint8Array.from([0x91, 0x41, 0x92, 0x20, 0x80]))).toBe(
      '\u2018A\u2019 \u20ac',
    );
  });
});

describe('readScriptBytes', () => {
  const results = Object.values(variants).map((bytes) => readScriptBytes(bytes, { version: 2019 }));

  it('gives the same result for every encoding', () => {
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it('keeps accented names and reads no-break spaces as white space', () => {
    const r = results[0];
    expect(r !== undefined && E.isRight(r)).toBe(true);
    if (r === undefined || E.isLeft(r)) return;
    expect(r.right.configs[0]).toMatchObject({
      name: 'Café',
      databases: ['Crème'],
      replicas: [{ name: 'SQLCAFÉ', endpointUrl: 'TCP://café:5022' }],
    });
    expect(r.right.events).toEqual([
      {
        type: 'db.backup',
        replica: 'SQLCAFÉ',
        database: 'Crème',
        backupType: 'FULL_COPY_ONLY',
        file: 'C:\\Sauvegardes\\Crème.bak',
      },
    ]);
  });
});
