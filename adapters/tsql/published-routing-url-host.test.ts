import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * the.agilesql.club (S173), "Fixing SQL AG Routing 'Cannot find host' using packet analysis (and a
 * spell checker)": a read-intent login through the listener failed with "The host cannot be found";
 * "the read-only routing URL ... of course it was totally wrong. That was the fix". SQL Server takes
 * any READ_ONLY_ROUTING_URL and the primary reports it to the client unchecked (S144); "Configure
 * read-only routing" (S13) wants an address that "unambiguously identifies the destination computer
 * system". decide said so of a snapshot (ROUTING_URL_HOST_NOT_REPLICA); validate passed the same
 * URL in a script without a word. The script is CREATE AVAILABILITY GROUP's Example A with NODE03's
 * routing URL misspelt, as the blog's was.
 */
const exampleA = readFileSync(
  new URL('./fixtures/docs-create-example-a.sql', import.meta.url),
  'utf8',
);
const unknownCodes = (text: string) => {
  const [after] = configsAfterScript(
    readScriptReport(text, { version: 2019, fileName: 'ag.sql' }).script,
  );
  return after === undefined ? [] : judgeConfig(after.config).unknown;
};

describe('a READ_ONLY_ROUTING_URL naming another host than its replica, in a script', () => {
  it('is unknown in validate, naming the host and what settles it', () => {
    const misspelt = exampleA.replace("'TCP://NODE03:1433'", "'TCP://NOED03:1433'");
    expect(misspelt).not.toBe(exampleA);
    const [unknown, ...rest] = unknownCodes(misspelt);
    expect(rest).toEqual([]);
    expect(unknown?.code).toBe('ROUTING_URL_HOST_NOT_REPLICA');
    expect(unknown?.message).toContain('names the host noed03, which is neither NODE03');
    expect(unknown?.settledBy?.[0]).toBe(
      'nslookup noed03 from the client, against the address of NODE03',
    );
  });

  it("is not raised for the documentation's own URLs, nor for the replica's FQDN", () => {
    expect(unknownCodes(exampleA)).toEqual([]);
    const fqdn = exampleA.replace("'TCP://NODE03:1433'", "'TCP://node03.contoso.com:1433'");
    expect(unknownCodes(fqdn)).toEqual([]);
  });

  it('leaves a URL naming the listener to its own warning', () => {
    const listener = readFileSync(
      new URL('./fixtures/docs-create-example-a-routing-url-listener.sql', import.meta.url),
      'utf8',
    );
    expect(unknownCodes(listener)).toEqual([]);
  });
});
