import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster/build.js';
import { clusterFacts } from '../cluster/facts.js';
import { decide } from '../decide/decide.js';
import { toJSON } from '../model/json.js';
import { explore } from './explore.js';
import { group } from './test-support.js';

/**
 * A database's name is an opaque sysname (S4: any nvarchar(128) name), so a group whose database
 * is named like a property every JavaScript object has behaves exactly as the same group with
 * another name. `__proto__` is the one an assignment would take for the record's prototype.
 */
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;

const named = (database: string) => ({ ...group(0, 2, 1), databases: [database] });

/** An explorer result with the database's name written as `db1`. */
const asDb1 = (value: unknown, database: string): string =>
  toJSON(value).replaceAll(JSON.stringify(database).slice(1, -1), 'db1');

describe('database names that objects already hold', () => {
  const plain = explore(named('db1'), { faults: 2, commits: 2 });

  it.each(NAMES)(
    'the explorer meets the same states and answers with a database named %s',
    (name) => {
      const result = explore(named(name), { faults: 2, commits: 2 });
      expect(result.statesExplored).toBe(plain.statesExplored);
      expect(result.transitions).toBe(plain.transitions);
      expect(result.depth).toBe(plain.depth);
      expect(asDb1(result.answers, name)).toBe(toJSON(plain.answers));
    },
  );

  it.each(NAMES)('decide answers a group whose database is named %s as it answers db1', (name) => {
    const facts = (database: string) => clusterFacts(createCluster(named(database)));
    expect(asDb1(decide(facts(name)), name)).toBe(toJSON(decide(facts('db1'))));
  });
});
