import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Configure a distributed Always On availability group" (S58, ms.date 05/27/2025 revision too),
 * Create second availability group, note: "The secondary availability group must use the same
 * database mirroring endpoint (in this example port 5022). Otherwise, replication will stop after
 * a local failover." The fixture is the page's deployment; the input here moves server4's
 * endpoint to port 5023, so a failover inside ag2 to server4 leaves the link's port behind.
 */
const name = 'docs-distributed-2022-failover.sql';
const page = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const moved = page.replace(
  "N'server4' WITH (ENDPOINT_URL = N'TCP://server4.contoso.com:5022'",
  "N'server4' WITH (ENDPOINT_URL = N'TCP://server4.contoso.com:5023'",
);

const linksOf = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2022, fileName: name }).script)
    .find((a) => a.config.kind === 'DISTRIBUTED')!
    .links.map((l) => `${l.line}:${l.column} ${l.reason.code} ${l.reason.rule.document}`);

describe('a member group whose replicas have their mirroring endpoints at different ports (S58)', () => {
  it('breaks the rule at the distributed group’s CREATE, naming each replica’s port', () => {
    expect(moved).not.toBe(page);
    expect(linksOf(moved)).toEqual([
      '54:1 MEMBER_ENDPOINT_PORTS_DIFFER Configure a distributed availability group',
    ]);
    const [finding] = configsAfterScript(
      readScriptReport(moved, { version: 2022, fileName: name }).script,
    ).find((a) => a.config.kind === 'DISTRIBUTED')!.links;
    expect(finding?.reason.message).toContain('server3 at 5022, server4 at 5023');
  });

  it('is right with one port on every replica, as on the page', () => {
    expect(linksOf(page)).toEqual([]);
  });

  it('is not decided', () => {
    const decided = scriptInput(name, moved, { json: false, version: 2022 });
    expect(E.isLeft(decided) && decided.left.problems).toEqual([
      expect.stringContaining('replication stops after a failover inside ag2'),
    ]);
    expect(E.isRight(scriptInput(name, page, { json: false, version: 2022 }))).toBe(true);
  });
});
