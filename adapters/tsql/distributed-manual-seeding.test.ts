import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { scriptInput, scriptScenario } from '../cli/commands/decide-distributed-model.js';

/*
 * Configure a distributed availability group (S58), Manual seeding: a full and a log backup of the
 * global primary restored WITH NORECOVERY on the forwarder, "After that, run the following on the
 * forwarder: ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP = [distributedag]". The script is
 * decided from the second group seeded and caught up, which that join leads to: it is not a
 * second join of a copy already joined.
 */
const name = 'docs-distributed-manual-seeding.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('the documented manual seeding of the forwarder (S58)', () => {
  it('is decided with no statement refused', () => {
    const input = scriptInput(name, text, { json: false, version: 2016 });
    expect(E.isRight(input) && input.right.kind === 'model' && input.right.refused).toEqual([]);
  });

  it('is searched by check, not refused as bad input', () => {
    const scenario = scriptScenario(name, text, { json: false, version: 2016 });
    expect(E.isRight(scenario) && scenario.right?.name).toBe('distributedag');
  });

  it('still refuses a join on the forwarder with no restore before it', () => {
    const unrestored = text.replace(/^RESTORE .*$/gm, '');
    const input = scriptInput(name, unrestored, { json: false, version: 2016 });
    expect(E.isRight(input) && input.right.kind === 'model' && input.right.refused).toEqual([
      expect.stringContaining('distributed.join refused'),
    ]);
  });
});
