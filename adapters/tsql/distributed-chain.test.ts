import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { scriptInput, scriptScenario } from '../cli/commands/decide-distributed-model.js';

/*
 * Distributed availability groups (S43), Scale out readable replicas: "The primary replica (or
 * forwarder) of AG 2 is both a secondary replica for Distributed AG 1 and a primary replica of
 * Distributed AG 2." Decided alone, distributedag2 was said to have a global primary server3 that
 * "takes writes the forwarder may never receive"; server3 is distributedag's forwarder.
 */
const name = 'docs-distributed-chain.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const options = (group: string) => ({ json: false, version: 2016 as const, group });

describe('a chain of two distributed groups through ag2 (S43)', () => {
  it('does not decide the second as if it stood alone: its sending group takes no writes', () => {
    const input = scriptInput(name, text, options('distributedag2'));
    expect(E.isLeft(input) && input.left.problems).toEqual([
      expect.stringContaining(
        "ag2 sends in distributedag2 and is the second group of distributedag too: its primary is distributedag's forwarder and takes no writes",
      ),
    ]);
    expect(E.isLeft(scriptScenario(name, text, options('distributedag2')))).toBe(true);
  });

  it('decides the first, whose global primary starts the chain', () => {
    const input = scriptInput(name, text, options('distributedag'));
    expect(E.isRight(input) && input.right.kind === 'model' && input.right.refused).toEqual([]);
  });
});
