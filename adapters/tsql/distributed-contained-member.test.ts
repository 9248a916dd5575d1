import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { SqlServerVersion } from '../../core/model/enums.js';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * What is a contained availability group? (S42). The SQL Server 2022 revision lists "Distributed
 * availability groups" under "Not supported" with a contained group; the 2025 revision: "SQL Server
 * 2025 introduces distributed availability group support for contained availability groups", the
 * forwarder created "by using the AUTOSEEDING_SYSTEM_DATABASES clause". The fixture is the
 * distributed deployment of S58 with both groups created WITH (CONTAINED).
 */
const name = 'docs-contained-in-distributed.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
// The forwarder's group as the 2025 page says to create it.
const autoseeding = text.replace(
  /(CREATE AVAILABILITY GROUP \[ag2\]\n)WITH \(CONTAINED\)/,
  '$1WITH (CONTAINED AUTOSEEDING_SYSTEM_DATABASES)',
);

const linksOf = (script: string, version: SqlServerVersion) =>
  configsAfterScript(readScriptReport(script, { version, fileName: name }).script)
    .find((a) => a.config.kind === 'DISTRIBUTED')!
    .links.map((l) => `${l.line}:${l.column} ${l.reason.code}`);

describe('contained availability groups as members of a distributed group (S42)', () => {
  it('SQL Server 2022: each contained member breaks the rule, and the script is not decided', () => {
    expect(linksOf(text, 2022)).toEqual([
      '52:1 CONTAINED_GROUP_IN_DISTRIBUTED',
      '52:1 CONTAINED_GROUP_IN_DISTRIBUTED',
    ]);
    const decided = scriptInput(name, text, { json: false, version: 2022 });
    expect(E.isLeft(decided) && decided.left.problems).toEqual([
      expect.stringContaining('SQL Server 2022 does not support distributed availability groups'),
      expect.stringContaining('ag2, a contained availability group'),
    ]);
  });

  it('SQL Server 2025: two contained groups, the forwarder with AUTOSEEDING_SYSTEM_DATABASES, are right', () => {
    expect(linksOf(autoseeding, 2025)).toEqual([]);
    expect(E.isRight(scriptInput(name, autoseeding, { json: false, version: 2025 }))).toBe(true);
  });

  it('SQL Server 2025: a contained forwarder created without AUTOSEEDING_SYSTEM_DATABASES breaks the rule', () => {
    expect(linksOf(text, 2025)).toEqual(['52:1 CONTAINED_FORWARDER_WITHOUT_AUTOSEEDING']);
    const decided = scriptInput(name, text, { json: false, version: 2025 });
    expect(E.isLeft(decided) && decided.left.problems).toEqual([
      expect.stringContaining('must be created WITH (CONTAINED AUTOSEEDING_SYSTEM_DATABASES)'),
    ]);
  });
});
