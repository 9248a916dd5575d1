import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFailoverSequence } from '../../core/distributed/sequence.js';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';
import { renderDistributedSequence } from './distributed.js';

/*
 * Configure a distributed availability group, revised 05/27/2025 (S88), "Fail over a distributed
 * availability group", tab "SQL Server 2022 and later": REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT
 * = 1 on the global primary at step 4, before "6. On the global primary, set the distributed
 * availability group role to SECONDARY", and "8. On the new forwarder (previous global primary,
 * N1), clear ... by setting it to 0". The fixture runs the page's steps 2 and 4.
 */
const name = 'docs-distributed-2022-failover.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const decided = () => {
  const input = scriptInput(name, text, { json: false, version: 2022 });
  if (E.isLeft(input) || input.right.kind !== 'model') throw new Error('not decided');
  expect(input.right.refused).toEqual([]);
  return distributedFailoverSequence(input.right.distributed);
};

describe('the SQL Server 2022 failover of a distributed group, as the page now orders it (S88)', () => {
  it('counts REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 before the demotion as done, and goes on at step 5', () => {
    const left = decided().filter((s) => !s.done);
    expect(left.map((s) => `${s.step} ${s.server} ${s.action.kind}`)).toEqual([
      '5 server1 checkSynchronization',
      '5 server3 checkSynchronization',
      '6 server1 setRoleSecondary',
      '7 server3 forceFailover',
      '8 server1 setRequiredSecondaries',
    ]);
  });

  it('clears it on the previous global primary, where it was set, not on the new global primary', () => {
    const script = renderDistributedSequence(decided());
    const block = script.split('\n\n').find((b) => b.includes('COMMIT = 0'));
    expect(block).toContain(':Connect server1');
    expect(block).toContain('on the new forwarder (the previous global primary');
  });
});
