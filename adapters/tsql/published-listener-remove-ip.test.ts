import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../core/model/source.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "ALTER AVAILABILITY GROUP (Transact-SQL)" (S3, ms.date 01/02/2026), MODIFY LISTENER, REMOVE IP
 * (SQL Server 2025 and later): "The last remaining IP address can't be removed. Attempting to do so
 * results in error 19535." fixtures/docs-alter-listener-remove-ip.sql adds the page's listener
 * (WITH IP ('10.120.19.155','255.255.254.0')), a second address, then removes both: validate applied
 * the last REMOVE IP and reported a listener without an address (LISTENER_WITHOUT_ADDRESS), a
 * state SQL Server never reaches, and check refused to search the group.
 */
const name = 'docs-alter-listener-remove-ip.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const folded = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2025, fileName: name }).script);
// The statement's line: the ALTER above its MODIFY LISTENER line.
const lastRemove = text.split('\n').findIndex((l) => l.includes("REMOVE IP ('10.120.21.155')"));

describe('REMOVE IP of a listener’s last address (the ALTER AVAILABILITY GROUP page, 2025)', () => {
  it('is refused at its line with error 19535, and the listener keeps that address', () => {
    const [ag] = folded(text);
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [lastRemove, 'LISTENER_LAST_ADDRESS'],
    ]);
    expect(ag?.notApplied[0]?.reason.rule.document).toBe(DOCUMENTS.S3);
    expect(ag?.notApplied[0]?.reason.message).toContain('error 19535');
    expect(ag?.config.listener?.addresses.map((a) => a.address)).toEqual(['10.120.21.155']);
  });

  it('removes an address while another remains, as before', () => {
    const withoutLast = text.slice(0, text.indexOf("REMOVE IP ('10.120.21.155')"));
    const cut = withoutLast.slice(0, withoutLast.lastIndexOf('ALTER AVAILABILITY GROUP'));
    const [ag] = folded(cut);
    expect(ag?.notApplied).toEqual([]);
    expect(ag?.config.listener?.addresses.map((a) => a.address)).toEqual(['10.120.21.155']);
  });
});
