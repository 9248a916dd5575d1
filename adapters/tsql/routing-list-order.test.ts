import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Msg 19404 (S66) refuses the statement that sets a READ_ONLY_ROUTING_LIST while a listed replica
 * has no READ_ONLY_ROUTING_URL; datavail.com and a published failover script met it setting the
 * list first (fixtures/routing-list-before-url.sql). validate judged only the group the whole
 * script leaves, where the URLs set later made the list look fine: 'valid', exit 0.
 */
const text = readFileSync(
  new URL('./fixtures/routing-list-before-url.sql', import.meta.url),
  'utf8',
);
const groupAfter = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2016, fileName: 'r.sql' }).script)[0];

describe('a routing list set before the routing URLs it names', () => {
  it('is refused at its line (Msg 19404) and not set', () => {
    const ag = groupAfter(text);
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [17, 'ROUTING_LIST_REPLICA_WITHOUT_ROUTING_URL'],
    ]);
    expect(ag?.notApplied[0]?.reason.message).toContain("names 'SRV2', 'SRV1'");
    expect(ag?.notApplied[0]?.reason.rule.document).toBe(
      'Database engine events and errors (19000 to 20999)',
    );
    expect(
      ag?.config.replicas.find((r) => r.name === 'SRV1')?.primaryRole.readOnlyRoutingList,
    ).toEqual([]);
  });

  it('runs once the URLs come first', () => {
    const [head, list, url1, url2] = text.split(/^GO$/m);
    const ag = groupAfter([head, url1, url2, list, ''].join('GO'));
    expect(ag?.notApplied).toEqual([]);
    expect(
      ag?.config.replicas.find((r) => r.name === 'SRV1')?.primaryRole.readOnlyRoutingList,
    ).toEqual(['SRV2', 'SRV1']);
  });

  it('names a listed replica that is not in the group (Msg 19403)', () => {
    const ag = groupAfter(text.replace("('SRV2', 'SRV1')", "('SRV9')"));
    expect(ag?.notApplied.map((n) => n.reason.code)).toEqual(['ROUTING_LIST_UNKNOWN_REPLICA']);
    expect(ag?.notApplied[0]?.reason.message).toContain("names 'SRV9'");
  });
});
