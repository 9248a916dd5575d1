import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * ALTER AVAILABILITY GROUP (Transact-SQL), LISTENER_URL port: "A port number that's associated
 * with the mirroring endpoint of the availability group. This isn't the port of the listener."
 * Configure a distributed availability group (S58), note: "In this example, that is port 5022
 * (not port 60173 used to create the listener)." The fixture is that page's deployment with the
 * LISTENER_URLs written with the listener's port.
 */
const name = 'docs-distributed-listener-port.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const right = text.replaceAll('contoso.com:60173', 'contoso.com:5022');

const linksOf = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2016, fileName: name }).script)
    .find((a) => a.config.kind === 'DISTRIBUTED')!
    .links.map((l) => `${l.line}:${l.column} ${l.reason.code} ${l.reason.rule.document}`);

describe('a distributed group whose LISTENER_URL names the listener port (S3, S58)', () => {
  it('breaks the rule for each member, at the CREATE, once its listener is added', () => {
    expect(linksOf(text)).toEqual([
      '47:1 LISTENER_URL_IS_LISTENER_PORT ALTER AVAILABILITY GROUP (Transact-SQL)',
      '47:1 LISTENER_URL_IS_LISTENER_PORT ALTER AVAILABILITY GROUP (Transact-SQL)',
    ]);
  });

  it('is right with the mirroring endpoint port the page writes', () => {
    expect(linksOf(right)).toEqual([]);
  });

  it('is not decided: the link would reach the listener, not an endpoint', () => {
    const decided = scriptInput(name, text, { json: false, version: 2016 });
    expect(E.isLeft(decided) && decided.left.problems).toEqual([
      expect.stringContaining(
        "at LISTENER_URL = 'tcp://ag1-listener.contoso.com:60173', the port of its listener ag1-listener (PORT = 60173)",
      ),
      expect.stringContaining("write 'TCP://ag2-listener.contoso.com:5022'"),
    ]);
    expect(E.isRight(scriptInput(name, right, { json: false, version: 2016 }))).toBe(true);
  });
});
