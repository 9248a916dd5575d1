import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { RoutingList } from '../model/config.js';
import { decodeConfig } from '../model/decode.js';
import { codesOf, EXAMPLE_INPUT, exampleConfig, exampleReplica } from './examples.js';
import { validateConfig } from './validate.js';

const readable = (name: string) => ({
  allowConnections: 'READ_ONLY' as const,
  readOnlyRoutingUrl: `TCP://${name.toLowerCase()}.contoso.com:1433`,
});

/** The example with SQLNODE1's routing list replaced and SQLDR1 given these secondary options. */
const routing = (
  list: RoutingList,
  dr:
    | ReturnType<typeof readable>
    | { allowConnections: 'NO' | 'READ_ONLY'; readOnlyRoutingUrl: string | null },
  version: 2014 | 2016 | 2019 = 2019,
) =>
  exampleConfig({
    version,
    replicas: [
      exampleReplica('SQLNODE1', {
        failoverMode: 'AUTOMATIC',
        secondaryRole: readable('SQLNODE1'),
        primaryRole: { readOnlyRoutingList: list },
      }),
      exampleReplica('SQLNODE2', {
        failoverMode: 'AUTOMATIC',
        secondaryRole: readable('SQLNODE2'),
      }),
      exampleReplica('SQLDR1', { availabilityMode: 'ASYNCHRONOUS_COMMIT', secondaryRole: dr }),
    ],
  });

describe('read-only routing lists (R-CFG-8)', () => {
  it('accepts a list of readable replicas with routing URLs, names in any case', () => {
    expect(codesOf(routing(['sqldr1', 'SQLNODE2', 'SQLNODE1'], readable('SQLDR1')))).toEqual([]);
  });

  it('refuses a name that is no replica of the group', () => {
    const reasons = validateConfig(routing(['SQLNODE2', 'SQLNODE9'], readable('SQLDR1')));
    expect(reasons.map((r) => r.code)).toEqual(['ROUTING_LIST_UNKNOWN_REPLICA']);
    expect(reasons[0]?.message).toContain("'SQLNODE9'");
  });

  it('refuses a listed replica without READ_ONLY_ROUTING_URL', () => {
    const dr = { allowConnections: 'READ_ONLY' as const, readOnlyRoutingUrl: null };
    expect(codesOf(routing(['SQLDR1'], dr))).toEqual(['ROUTING_LIST_REPLICA_WITHOUT_ROUTING_URL']);
  });

  /*
   * SQL Server takes such a list: no error of 19401-19404 applies, and routing passes the replica
   * by at connect time. "Configure read-only routing" (S13), Example (PowerShell): "If this
   * secondary replica is not readable (as determined by the ConnectionModeInSecondaryRole
   * setting), the connection will be directed back to the primary replica"; Mark Broadbent's
   * "Availability Groups for Dummies" (S143) sets the lists on replicas created with
   * ALLOW_CONNECTIONS = NO, then: "note that some of these replicas are not listed depending upon
   * which are not set with read intent".
   */
  it('accepts a listed replica whose secondary role allows no connections', () => {
    const dr = { allowConnections: 'NO' as const, readOnlyRoutingUrl: 'TCP://sqldr1:1433' };
    expect(codesOf(routing(['SQLDR1'], dr))).toEqual([]);
  });

  it('does not ask the owner’s own entry to be readable as a secondary: it is used while the owner is primary', () => {
    // "Configure read-only routing" (S13), Example: Set-SqlAvailabilityReplica -ReadOnlyRoutingList
    // "SecondaryServer","PrimaryServer" on the primary; a list typically ends with the local replica.
    const owner = { allowConnections: 'NO' as const, readOnlyRoutingUrl: 'TCP://sqlnode1:1433' };
    const config = exampleConfig({
      version: 2019,
      replicas: [
        exampleReplica('SQLNODE1', {
          failoverMode: 'AUTOMATIC',
          secondaryRole: owner,
          primaryRole: { readOnlyRoutingList: ['SQLNODE2', 'SQLNODE1'] },
        }),
        exampleReplica('SQLNODE2', {
          failoverMode: 'AUTOMATIC',
          secondaryRole: readable('SQLNODE2'),
        }),
      ],
    });
    expect(codesOf(config)).toEqual([]);
  });

  it('reports what a replica listed twice lacks once, and the duplicate itself (Msg 19402)', () => {
    const dr = { allowConnections: 'READ_ONLY' as const, readOnlyRoutingUrl: null };
    expect(codesOf(routing(['SQLDR1', ['sqldr1', 'SQLNODE2']], dr))).toEqual([
      'ROUTING_LIST_REPLICA_WITHOUT_ROUTING_URL',
      'ROUTING_LIST_DUPLICATE_REPLICA',
    ]);
  });

  /*
   * "Database engine events and errors (19000 to 20999)" (learn.microsoft.com/sql/relational-
   * databases/errors-events/database-engine-events-and-errors-19000-to-20999), Msg 19402: "A
   * duplicate availability replica '%.*ls' was specified in the READ_ONLY_ROUTING_LIST for
   * availability replica '%.*ls'. Inspect the replica list that you specified in your command, and
   * remove the duplicate replica name or names from the list."
   */
  it('refuses a replica named twice, plainly or inside a load-balanced set (Msg 19402)', () => {
    const reasons = validateConfig(
      routing([['SQLNODE2', 'SQLDR1'], 'sqlnode2', 'SQLNODE1'], readable('SQLDR1'), 2016),
    );
    expect(reasons.map((r) => r.code)).toEqual(['ROUTING_LIST_DUPLICATE_REPLICA']);
    expect(reasons[0]?.message).toContain("'SQLNODE2'");
    expect(codesOf(routing(['SQLDR1', 'SQLNODE2', 'SQLNODE1'], readable('SQLDR1')))).toEqual([]);
  });

  it('refuses an empty load-balanced set', () => {
    expect(codesOf(routing([[], 'SQLNODE2'], readable('SQLDR1')))).toEqual([
      'ROUTING_LIST_EMPTY_SET',
    ]);
  });

  it('accepts load-balanced sets from 2016 and refuses them in 2014', () => {
    const list: RoutingList = [['SQLNODE2', 'SQLDR1'], 'SQLNODE1'];
    expect(codesOf(routing(list, readable('SQLDR1'), 2016))).toEqual([]);
    expect(codesOf(routing(list, readable('SQLDR1'), 2014))).toEqual(['FEATURE_NOT_IN_VERSION']);
    expect(codesOf(routing(['SQLNODE2', 'SQLDR1'], readable('SQLDR1'), 2014))).toEqual([]);
  });

  it('cannot even express nesting deeper than one level: the codec refuses it', () => {
    const doc = {
      ...EXAMPLE_INPUT,
      replicas: [
        {
          ...EXAMPLE_INPUT.replicas?.[0],
          primaryRole: { readOnlyRoutingList: [['SQLNODE2', ['SQLNODE1']]] },
        },
      ],
    };
    expect(E.isLeft(decodeConfig(doc))).toBe(true);
  });
});
