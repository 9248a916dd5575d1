import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Basic availability groups for a single database (S41), Limitations: "Basic availability groups
 * can not be part of a distributed availability group." The fixture is the deployment of
 * "Configure a distributed Always On availability group" with its first group created WITH (BASIC).
 */
const name = 'docs-basic-in-distributed.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const advanced = text.replace('WITH (BASIC)\n', '');

const linksOf = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2019, fileName: name }).script)
    .find((a) => a.config.kind === 'DISTRIBUTED')!
    .links.map((l) => `${l.line}:${l.column} ${l.reason.code} ${l.reason.rule.document}`);

describe('a basic availability group named as a member of a distributed group (S41)', () => {
  it('breaks the rule at the distributed group’s CREATE', () => {
    expect(linksOf(text)).toEqual(['48:1 BASIC_GROUP_IN_DISTRIBUTED Basic availability groups']);
  });

  it('is right when the member is an advanced group, as on the page', () => {
    expect(linksOf(advanced)).toEqual([]);
  });

  it('is not decided', () => {
    const decided = scriptInput(name, text, { json: false, version: 2019 });
    expect(E.isLeft(decided) && decided.left.problems).toEqual([
      expect.stringContaining('distributedag names ag1, a basic availability group'),
    ]);
    expect(E.isRight(scriptInput(name, advanced, { json: false, version: 2019 }))).toBe(true);
  });
});
