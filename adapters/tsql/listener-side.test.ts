import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { distributedConfigOfScript, distributedEventsOfScript } from './distributed-read.js';
import { memberThroughListener } from './listener-side.js';
import { readScriptReport } from './script.js';

/*
 * A connection to an availability group listener reaches the group's primary replica
 * ("Availability group listeners, client connectivity, and application failover"). A PowerShell
 * failover script for a distributed group connects to the two groups' listeners ($List1, $List2)
 * and runs the documented SQL Server 2022 sequence ("Configure a distributed availability group",
 * Fail over to a secondary availability group): SYNCHRONOUS_COMMIT on both sides,
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 and SET (ROLE = SECONDARY) on the global
 * primary, FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder. Each runs on a known side.
 */
describe('a distributed failover run through the groups’ listeners (PowerShell, code index 11880495045)', () => {
  const name = 'lab-ps-dag-failover-listeners.sql';
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const report = readScriptReport(text, { version: 2022, fileName: name });

  it('reads the script', () => {
    expect(report.errors).toEqual([]);
  });

  it('leaves the distributed group synchronous on both sides, nothing unknown', () => {
    const dag = configsAfterScript(report.script).find((a) => a.config.kind === 'DISTRIBUTED')!;
    expect(dag.unknown).toEqual([]);
    expect(dag.config.members.map((m) => [m.name, m.availabilityMode])).toEqual([
      ['ag1', 'SYNCHRONOUS_COMMIT'],
      ['ag2', 'SYNCHRONOUS_COMMIT'],
    ]);
  });

  it('addresses each failover statement to the side whose listener it connects to', () => {
    const c = distributedConfigOfScript(report.script, { fileName: name });
    if (E.isLeft(c)) throw new Error(c.left.map((p) => p.message).join('\n'));
    const { events, unread } = distributedEventsOfScript(report.script, c.right, {
      fileName: name,
    });
    expect(unread).toEqual([]);
    expect(events.filter((e) => e.type !== 'distributed.join')).toEqual([
      { type: 'distributed.setAvailabilityMode', member: 'ag1', mode: 'SYNCHRONOUS_COMMIT' },
      { type: 'distributed.setAvailabilityMode', member: 'ag2', mode: 'SYNCHRONOUS_COMMIT' },
      { type: 'distributed.setRequiredSecondaries', value: 1 },
      { type: 'distributed.setRoleSecondary', member: 'ag1' },
      { type: 'distributed.failover', member: 'ag2', form: 'FORCE_FAILOVER_ALLOW_DATA_LOSS' },
    ]);
  });

  it('knows a listener by its DNS name, its qualified name and the host of LISTENER_URL, with a port', () => {
    const dag = report.script.configs.find((x) => x.kind === 'DISTRIBUTED')!;
    const side = (server: string | null) => memberThroughListener(report.script, dag, server);
    expect(
      ['ag1-listener', 'AG1-LISTENER.contoso.com', 'tcp:ag2-listener.contoso.com,60173'].map(side),
    ).toEqual(['ag1', 'ag1', 'ag2']);
    expect(['server1', 'ag3-listener', null].map(side)).toEqual([undefined, undefined, undefined]);
  });
});
