import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routingTargetUnknowns } from './routing-targets.js';
import { readScriptReport } from './script.js';

/*
 * Msg 19404 (S66): "An availability replica '%.*ls' that is specified in the READ_ONLY_ROUTING_LIST
 * for availability replica '%.*ls' does not have a value set for READ_ONLY_ROUTING_URL"; Msg 19403:
 * the replica "does not exist". datavail.com, "AlwaysOn Load Balancing DeMystified with SQL Server"
 * (fixtures/blog-datavail-routing-list-19404.sql) met 19404 running its list "without creating
 * routing URL for each replica"; validate said 'every option checked', exit 0. Whether such an
 * ALTER-only statement runs depends on sys.availability_replicas, which the script does not hold.
 */
const read = (name: string, version: 2016 | 2019) =>
  readScriptReport(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'), {
    version,
    fileName: name,
  }).script.statements;

describe('a routing list in an ALTER-only script', () => {
  it('is unknown for each listed replica whose routing URL the script does not set (datavail)', () => {
    const found = routingTargetUnknowns(read('blog-datavail-routing-list-19404.sql', 2016));
    expect(found.map((f) => [f.line, f.reason.code])).toEqual([
      [9, 'ROUTING_LIST_TARGET_UNKNOWN'],
      [9, 'ROUTING_LIST_TARGET_UNKNOWN'],
      [9, 'ROUTING_LIST_TARGET_UNKNOWN'],
      [9, 'ROUTING_LIST_TARGET_UNKNOWN'],
    ]);
    expect(found.map((f) => f.reason.message.match(/lists '(\w+)'/)?.[1])).toEqual([
      'SRV2',
      'SRV3',
      'SRV4',
      'SRV1',
    ]);
    expect(found[0]?.reason.settledBy?.[0]).toBe(
      'sys.availability_replicas.read_only_routing_url of SRV2 in MyAG',
    );
    expect(found[0]?.reason.rule.document).toBe(
      'Database engine events and errors (19000 to 20999)',
    );
  });

  it('raises nothing when the script sets each URL before the lists (HST Techno)', () => {
    expect(routingTargetUnknowns(read('blog-hst-read-only-routing.sql', 2019))).toEqual([]);
  });

  it('counts the URL an ADD REPLICA gives the replica its own list names', () => {
    const script =
      "ALTER AVAILABILITY GROUP [ag1] ADD REPLICA ON N'D' WITH (ENDPOINT_URL = 'TCP://d:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY, READ_ONLY_ROUTING_URL = 'TCP://d:1433'), PRIMARY_ROLE (READ_ONLY_ROUTING_LIST = ('E', 'D')));";
    const found = routingTargetUnknowns(
      readScriptReport(script, { version: 2019, fileName: 's.sql' }).script.statements,
    );
    expect(found.map((f) => f.reason.message.match(/lists '(\w+)'/)?.[1])).toEqual(['E']);
  });

  it('counts a URL only for the group it was set in, and only before the list', () => {
    const script = [
      "ALTER AVAILABILITY GROUP [ag2] MODIFY REPLICA ON N'B' WITH (SECONDARY_ROLE (READ_ONLY_ROUTING_URL = 'TCP://b:1433'));",
      "ALTER AVAILABILITY GROUP [ag1] MODIFY REPLICA ON N'A' WITH (PRIMARY_ROLE (READ_ONLY_ROUTING_LIST = ('B', 'C')));",
      "ALTER AVAILABILITY GROUP [AG1] MODIFY REPLICA ON N'c' WITH (SECONDARY_ROLE (READ_ONLY_ROUTING_URL = 'TCP://c:1433'));",
      "ALTER AVAILABILITY GROUP [ag1] MODIFY REPLICA ON N'A' WITH (PRIMARY_ROLE (READ_ONLY_ROUTING_LIST = ('C')));",
    ].join('\n');
    const found = routingTargetUnknowns(
      readScriptReport(script, { version: 2019, fileName: 's.sql' }).script.statements,
    );
    expect(found.map((f) => [f.line, f.reason.message.match(/lists '(\w+)'/)?.[1]])).toEqual([
      [2, 'B'],
      [2, 'C'],
    ]);
  });
});
