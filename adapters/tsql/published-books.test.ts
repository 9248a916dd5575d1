import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { configsAfterScript } from './configs-after.js';
import { type ReadOptions, readScriptReport } from './script.js';

/**
 * Book companion scripts as published (each fixture's header names its source and the listings
 * it holds), read as a reader of the book hands them over. The assertions are what SQL Server
 * does with each, as the documentation says.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const read = (text: string, name: string, options: Partial<ReadOptions> = {}) =>
  readScriptReport(text, { version: 2019, fileName: name, ...options });

/*
 * "Configure a distributed availability group", Fail over to a secondary availability group,
 * step 1: "Set the distributed availability group to synchronous commit" on both the global
 * primary and the forwarder; ALTER AVAILABILITY GROUP, MODIFY AVAILABILITY GROUP ON: run it on
 * both sides. Carter's Listing 8-7 sets HR to ASYNCHRONOUS_COMMIT in the MODIFY it runs on one,
 * unnamed, side: HR is asynchronous wherever it ran, so the link never becomes synchronous and a
 * failover may lose what the forwarder has not hardened. Only Linux_AOAG's mode is unknown.
 */
describe('a distributed failover that leaves one side asynchronous (Carter, SQL Server 2019 AlwaysOn, Listings 7-15 and 8-7)', () => {
  const name = 'book-carter-alwayson-dag-failover.sql';
  const after = configsAfterScript(read(fixture(name), name).script).find(
    (a) => a.config.kind === 'DISTRIBUTED',
  )!;
  const explained = explainConfig(
    after.config,
    after.unknown.map((u) => u.reason),
    after.unsettledMembers,
  );

  it('leaves only the member the MODIFY would change unknown', () => {
    expect(after.unsettledMembers).toEqual(['Linux_AOAG']);
    expect(after.unknown.map((u) => [u.line, u.reason.code])).toEqual([
      [18, 'DISTRIBUTED_MODIFY_SIDE_UNKNOWN'],
    ]);
    expect(after.unknown[0]!.reason.message).toContain(
      'so whether Linux_AOAG commits synchronously is unknown',
    );
  });

  it('says the failover may lose data, definitely, since HR is asynchronous on either side', () => {
    expect(explained.dataLoss.map((r) => [r.code, r.message.split(':')[0]])).toEqual([
      ['DISTRIBUTED_ASYNCHRONOUS_LOSS', 'HR has ASYNCHRONOUS_COMMIT'],
    ]);
    expect(explained.commits.map((r) => r.code)).toEqual(['DISTRIBUTED_ONE_WRITABLE']);
  });

  it('stays unknown when the unplaced MODIFY sets both sides synchronous', () => {
    const both = fixture(name).replace(
      /AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = MANUAL/,
      'AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = MANUAL',
    );
    const a = configsAfterScript(read(both, name).script).find(
      (x) => x.config.kind === 'DISTRIBUTED',
    )!;
    expect(a.unsettledMembers).toEqual(['HR', 'Linux_AOAG']);
    const e = explainConfig(
      a.config,
      a.unknown.map((u) => u.reason),
      a.unsettledMembers,
    );
    expect(e.dataLoss.map((r) => r.code)).toEqual(['DISTRIBUTED_MODIFY_SIDE_UNKNOWN']);
  });
});
