import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/*
 * CREATE AVAILABILITY GROUP (S4), Example A (fixtures/docs-create-example-a.sql): NODE01 and
 * NODE02 each route read intent to NODE03 (READ_ONLY_ROUTING_LIST = (NODE03)), and the group gets
 * the listener 'MyAgListenerIvP6' on PORT = 60173. Here NODE03's READ_ONLY_ROUTING_URL names that
 * listener instead of NODE03. S13: the URL's system-address "unambiguously identifies the
 * destination computer system"; Matt Neerincx, "Calculating read_only_routing_url for AlwaysOn"
 * (S144): the listener endpoint "always points to the primary replica", and a login through it is
 * routed; his URL script takes the TSQL port '-- Avoid availability group listeners'. SQL Server
 * accepts the URL; every login routed there comes back to the primary and is routed again.
 */
const original = readFileSync(
  new URL('./fixtures/docs-create-example-a.sql', import.meta.url),
  'utf8',
);
const name = 'docs-create-example-a-routing-url-listener.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.filter((w) => w.text.includes('READ_ONLY_ROUTING_URL'))
    .map((w) => [w.line, w.text.split(': such a login')[0]]);

describe('a READ_ONLY_ROUTING_URL that names the group’s listener, in a script', () => {
  it('warns at the CREATE that gives NODE03 the listener as its URL', () => {
    expect(warnings(text)).toEqual([
      [
        1,
        "NODE03's READ_ONLY_ROUTING_URL 'TCP://MyAgListenerIvP6:60173' names the listener MyAgListenerIvP6 on its port 60173, not NODE03, and the READ_ONLY_ROUTING_LIST of NODE01, NODE02 routes read-intent logins to NODE03",
      ],
    ]);
  });

  it('says nothing of the published example, whose URL names NODE03', () => {
    expect(warnings(original)).toEqual([]);
  });

  it('warns at the MODIFY REPLICA that sets such a URL later, with the FQDN', () => {
    const later = `${original}\nALTER AVAILABILITY GROUP [MyAg] MODIFY REPLICA ON 'NODE03' WITH (SECONDARY_ROLE (READ_ONLY_ROUTING_URL = 'TCP://myaglistenerivp6.contoso.com:60173'));\nGO\n`;
    const line =
      later.split('\n').findIndex((l) => l.startsWith('ALTER AVAILABILITY GROUP [MyAg] MODIFY')) +
      1;
    expect(warnings(later).map(([at]) => at)).toEqual([line]);
  });

  it('says nothing where no routing list names the replica, or the port is not the listener’s', () => {
    const unlisted = text.replaceAll(
      'READ_ONLY_ROUTING_LIST = (NODE03)',
      'READ_ONLY_ROUTING_LIST = NONE',
    );
    expect(warnings(unlisted)).toEqual([]);
    expect(warnings(text.replace('MyAgListenerIvP6:60173', 'MyAgListenerIvP6:1433'))).toEqual([]);
  });
});
