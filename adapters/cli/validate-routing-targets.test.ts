import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * datavail.com, "AlwaysOn Load Balancing DeMystified with SQL Server": the list run "without
 * creating routing URL for each replica" gave Msg 19404 (S66). validate said of that ALTER-only
 * script 'every option checked' and nothing else: whether it runs is unknown, settled by
 * sys.availability_replicas.read_only_routing_url.
 */
const file = 'adapters/tsql/fixtures/blog-datavail-routing-list-19404.sql';

describe('validate: a routing list on a group the script does not create', () => {
  it('is unknown for each replica whose READ_ONLY_ROUTING_URL the script does not set, exit 0', async () => {
    const r = await run(['validate', file, '--sql-version', '2016']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `${file}:9:1: 'SRV1' lists 'SRV2' in its PRIMARY_ROLE (READ_ONLY_ROUTING_LIST) in 'MyAG', which the script does not create`,
    );
    const j = result(await run(['validate', file, '--sql-version', '2016', '--json'])) as {
      ungrouped: { violations: unknown[]; unknown: { code: string; settledBy: string[] }[] };
    };
    expect(j.ungrouped.violations).toEqual([]);
    expect(j.ungrouped.unknown.map((u) => [u.code, u.settledBy[0]])).toEqual([
      [
        'ROUTING_LIST_TARGET_UNKNOWN',
        'sys.availability_replicas.read_only_routing_url of SRV2 in MyAG',
      ],
      [
        'ROUTING_LIST_TARGET_UNKNOWN',
        'sys.availability_replicas.read_only_routing_url of SRV3 in MyAG',
      ],
      [
        'ROUTING_LIST_TARGET_UNKNOWN',
        'sys.availability_replicas.read_only_routing_url of SRV4 in MyAG',
      ],
      [
        'ROUTING_LIST_TARGET_UNKNOWN',
        'sys.availability_replicas.read_only_routing_url of SRV1 in MyAG',
      ],
    ]);
  });
});
