import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFailoverReadiness } from '../../core/distributed/readiness.js';
import { linkSynchronizationState } from '../../core/distributed/select.js';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';

/*
 * "Configure a distributed Always On availability group" (S58, ms.date 05/27/2025), "Create
 * distributed availability group on failover cluster instances": "you don't need an availability
 * group listener. Use the virtual network name (VNN) for the primary replica of the FCI instance …
 * SQLFCIAG has two FCI replicas"; "The listener URL is the VNN of the primary FCI instance."
 * "Manually fail over FCI in distributed availability group": "To manually fail over the FCI
 * availability group, update the distributed availability group to reflect the change of listener
 * URL … on both the global primary of the distributed AG and the forwarder". The fixture is the
 * page's DDL with the failover of SQLFCIAG to SQLFCIAG-2 before the page's MODIFY; without the
 * MODIFY the distributed group still reaches SQLFCIAG-1, now a secondary, and no log crosses.
 */
const name = 'docs-dag-fci-failover-listener-url.sql';
const page = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const withoutModify = page.slice(0, page.indexOf('-- "run the following DDL on both'));

const decided = (text: string, version: 2019 | 2022 = 2019) => {
  const input = scriptInput(name, text, { json: false, version });
  if (E.isLeft(input) || input.right.kind !== 'model') throw new Error('not decided');
  expect(input.right.refused).toEqual([]);
  return input.right.distributed;
};
const codes = (text: string, version: 2019 | 2022 = 2019) =>
  distributedFailoverReadiness(decided(text, version)).steps.map(
    (s) => `${s.step} ${s.reasons.map((r) => r.code).join(',')}`,
  );

describe('a LISTENER_URL that names one replica, after a failover inside its group (S58, FCI)', () => {
  it('stops the link until the URL names the new primary, and says so', () => {
    expect(withoutModify).not.toBe(page);
    const d = decided(withoutModify);
    expect(linkSynchronizationState(d, 'db1')).toBe('NOT SYNCHRONIZING');
    expect(codes(withoutModify)).toEqual([
      'SYNCHRONOUS_COMMIT NOT_SYNCHRONOUS_COMMIT,NOT_SYNCHRONOUS_COMMIT',
      'SYNCHRONIZED LISTENER_URL_NOT_PRIMARY,NOT_SYNCHRONIZED',
      'GLOBAL_PRIMARY_DEMOTED GLOBAL_PRIMARY_NOT_DEMOTED',
      'LAST_HARDENED_LSN_EQUAL LISTENER_URL_NOT_PRIMARY',
      'FORWARDER_RUNNING ',
    ]);
    const [why] = distributedFailoverReadiness(d).reasons.filter(
      (r) => r.code === 'LISTENER_URL_NOT_PRIMARY',
    );
    expect(why?.message).toContain(
      "LISTENER_URL = 'tcp://SQLFCIAG-1.contoso.com:5022', which names its replica SQLFCIAG-1, but SQLFCIAG's primary is now SQLFCIAG-2",
    );
    expect(why?.rule.document).toBe('Configure a distributed availability group');
  });

  it('flows again after the page’s MODIFY … LISTENER_URL on both sides', () => {
    expect(linkSynchronizationState(decided(page), 'db1')).toBe('SYNCHRONIZING');
    expect(codes(page)).not.toContainEqual(expect.stringContaining('LISTENER_URL_NOT_PRIMARY'));
  });

  it('judges a URL that names a group’s listener as before, wherever its primary is', () => {
    // "Configure a distributed availability group" (S58): ag2-listener, then a failover inside ag2.
    const docs = readFileSync(
      new URL('./fixtures/docs-distributed-2022-failover.sql', import.meta.url),
      'utf8',
    );
    const moved = `${docs}\n:Connect server4\nALTER AVAILABILITY GROUP [ag2] FAILOVER;\nGO\n`;
    expect(codes(moved, 2022)).not.toContainEqual(
      expect.stringContaining('LISTENER_URL_NOT_PRIMARY'),
    );
    // The same deployment with ag2's LISTENER_URL written as the forwarder server3's address.
    const named = moved.replaceAll(
      'tcp://ag2-listener.contoso.com:5022',
      'tcp://server3.contoso.com:5022',
    );
    expect(codes(named, 2022)).toContainEqual(expect.stringContaining('LISTENER_URL_NOT_PRIMARY'));
  });
});
