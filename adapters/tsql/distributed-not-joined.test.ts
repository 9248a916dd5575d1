import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { scriptInput, scriptScenario } from '../cli/commands/decide-distributed-model.js';

/*
 * Configure a distributed availability group (S58): the distributed group is created on the first
 * cluster, "Then join the distributed availability group on the second WSFC" with ALTER
 * AVAILABILITY GROUP [distributedag] JOIN AVAILABILITY GROUP ON … on the forwarder. The fixture
 * stops before that (it cancels the forwarder's automatic seeding, "Run the command on the global
 * primary"): ag2 is not in the distributed group yet, and no log crosses. It was decided as if
 * server3 were its running forwarder.
 */
const name = 'docs-distributed-not-joined.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const options = { json: false, version: 2016 as const };

describe('a distributed group the second group has not joined (S58)', () => {
  it('is not decided as a running link, and says which statement is missing', () => {
    const input = scriptInput(name, text, options);
    expect(E.isLeft(input) && input.left.problems).toEqual([
      expect.stringContaining(
        "the script never joins distributedag on ag2's side (ALTER AVAILABILITY GROUP [distributedag] JOIN AVAILABILITY GROUP ON … on ag2's primary",
      ),
    ]);
    expect(E.isLeft(scriptScenario(name, text, options))).toBe(true);
  });

  it('is decided once the page’s JOIN on the forwarder follows', () => {
    const example = readFileSync(
      new URL('../../examples/tsql/distributed.sql', import.meta.url),
      'utf8',
    );
    expect(E.isRight(scriptInput('distributed.sql', example, options))).toBe(true);
  });
});
