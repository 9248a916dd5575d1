import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFailoverSequence } from '../../core/distributed/sequence.js';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';

/*
 * A failover inside a member group once the distributed group exists. "Distributed availability
 * groups" (S43), Version and edition requirements, patching: "3. As with a standard availability
 * group, fail over the primary availability group to one of its own replicas (not to the primary
 * of the second availability group) and patch it." Overview: "The primary replica of AG 2 is also
 * known as a forwarder." The fixture is the deployment of "Configure a distributed availability
 * group" (S88); the scripts here add that failover, run on the replica that takes over.
 */
const name = 'docs-distributed-2022-failover.sql';
const page = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const failoverOn = (server: string, group: string) =>
  `${page}\n:Connect ${server}\nALTER AVAILABILITY GROUP [${group}] FAILOVER;\nGO\n`;

const steps = (text: string) => {
  const input = scriptInput(name, text, { json: false, version: 2022 });
  if (E.isLeft(input) || input.right.kind !== 'model') throw new Error('not decided');
  expect(input.right.refused).toEqual([]);
  return distributedFailoverSequence(input.right.distributed)
    .filter((s) => !s.done)
    .map((s) => `${s.step} ${s.server} ${s.action.kind}`);
};

describe('a failover inside a member group after the distributed group is created (S43)', () => {
  it('moves the global primary to the replica the primary group failed over to', () => {
    expect(steps(failoverOn('server2', 'ag1'))).toEqual([
      '5 server2 checkSynchronization',
      '5 server3 checkSynchronization',
      '6 server2 setRoleSecondary',
      '7 server3 forceFailover',
      '8 server2 setRequiredSecondaries',
    ]);
  });

  it('moves the forwarder to the replica the second group failed over to', () => {
    expect(steps(failoverOn('server4', 'ag2'))).toEqual([
      '5 server1 checkSynchronization',
      '5 server4 checkSynchronization',
      '6 server1 setRoleSecondary',
      '7 server4 forceFailover',
      '8 server1 setRequiredSecondaries',
    ]);
  });

  it('leaves the page’s deployment as it was', () => {
    expect(steps(page)).toEqual([
      '5 server1 checkSynchronization',
      '5 server3 checkSynchronization',
      '6 server1 setRoleSecondary',
      '7 server3 forceFailover',
      '8 server1 setRequiredSecondaries',
    ]);
  });
});
