import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/*
 * 'Distributed availability groups' (S43; the 07/31/2018 revision, MicrosoftDocs/sql-docs
 * @aa2dee96, and the 09/15/2022 one): "Rather than provide the underlying server name for a
 * standalone instance … you specify the configured listener for the distributed availability group
 * with the parameter ENDPOINT_URL when you create it." CREATE AVAILABILITY GROUP (S4) has no
 * ENDPOINT_URL in <ag_spec>: "LISTENER_URL = 'TCP://system-address:port' Specifies the URL path for
 * the listener associated with the availability group. The LISTENER_URL clause is required." The
 * input is the documentation's script (docs-distributed.sql) with the distributed group's CREATE
 * written as that sentence says, ENDPOINT_URL for ag1; validate, explain and decide refuse it at its
 * place (exit 2), as SQL Server refuses its syntax, naming the clause it takes.
 */
const name = 'docs-distributed.sql';
const page = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const dag = page.indexOf('CREATE AVAILABILITY GROUP [distributedag]');
const asTheOverviewSays =
  page.slice(0, dag) +
  page
    .slice(dag)
    .replace(
      "LISTENER_URL = 'tcp://ag1-listener.contoso.com:5022'",
      "ENDPOINT_URL = 'tcp://ag1-listener.contoso.com:5022'",
    );
const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('a member of a distributed group given ENDPOINT_URL, as the overview words it (S43, S4)', () => {
  it('is a syntax error at the clause, naming LISTENER_URL', () => {
    expect(asTheOverviewSays).not.toBe(page);
    const errors = readScriptReport(asTheOverviewSays, { version: 2016, fileName: name }).errors;
    expect(errors.map((e) => [e.line, e.found])).toContainEqual([
      lineOf(asTheOverviewSays, "ENDPOINT_URL = 'tcp://ag1-listener"),
      "'ENDPOINT_URL'",
    ]);
    expect(errors.map((e) => e.expected).join('\n')).toContain('LISTENER_URL');
  });

  it('reads the page’s own LISTENER_URL', () => {
    expect(readScriptReport(page, { version: 2016, fileName: name }).errors).toEqual([]);
  });
});
