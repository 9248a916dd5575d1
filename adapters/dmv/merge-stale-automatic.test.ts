import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { fleetVerdict } from '../../core/decide/fleet.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { decisionsLines } from '../cli/render/decisions.js';
import { styleFor } from '../cli/render/style.js';
import { factsOf, primaryJson, rowsOf } from './test-support.js';

/*
 * Two asynchronous-commit replicas, SQL141 primary and SQL143 (dbi services, David Barbarin, "SQL
 * Server forced failover with AlwaysOn availability groups": "2 replicas SQL141 and SQL143
 * configured in asynchronous replication. SQL141 is the current primary"). sqlarena.com (2024/07),
 * "How A Forced Failover Can Cause Data Loss In SQL Server?": "the primary replica's last hardened
 * LSN is 100 before it goes offline, while the asynchronous secondary replica's LSN is 50".
 * "Troubleshoot: Availability group exceeded RPO" (S130): "If logs are being flushed to disk faster
 * than they are being sent, the potential data loss can increase indefinitely." SQL141's snapshot
 * at 10:00 (end of log 100…, SQL143 at 50…) merged with SQL143's own five minutes later, hardened
 * to 120…: SQL141 kept committing. Automatic failover needs synchronous commit and FAILOVER_MODE
 * AUTOMATIC (S2), which no stale LSN changes: the answer is "no replica", as the JSON says.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const primary = { source: 'sql141', facts: fixture('blog-async-dr-sql141-primary.json') };
const later = { source: 'sql143', facts: fixture('blog-async-dr-sql143-later.json') };
const headline = (d: ReturnType<typeof decide>) =>
  decisionsLines(styleFor(false), d, 'LOG').find((l) => l.includes('automatic failover would go'));

describe('an asynchronous secondary whose later snapshot runs past the primary’s end of log', () => {
  it('is flagged, yet no replica qualifies for automatic failover: the text says no replica', () => {
    const d = decide(mergeFacts(primary, later).facts);
    expect(d.findings.map((f) => f.code)).toEqual(['SECONDARY_AHEAD_OF_PRIMARY']);
    expect(d.failover.targets[0]?.automatic.status).toBe('refused');
    expect([d.failover.automaticTarget, d.failover.automaticUndecided]).toEqual([null, []]);
    expect(headline(d)).toMatch(/would go to: no replica$/);
  });
});

describe('a flagged replica that would qualify for automatic failover', () => {
  // The bundled primary snapshot: SQLNODE2 is the synchronous automatic partner; its row says it
  // hardened past the primary's end of log (1025000004418400001), so its verdict is unknown.
  const s = primaryJson();
  const node2 = rowsOf(s, 'sys.dm_hadr_database_replica_states')[1]!;
  node2.last_received_lsn = '1025000004418500001';
  node2.last_hardened_lsn = '1025000004418500001';
  const facts = factsOf(JSON.stringify(s));

  it('is undecided in decide and in the fleet verdict, not "no replica"', () => {
    const d = decide(facts);
    expect(d.failover.targets.find((t) => t.replica === 'SQLNODE2')?.automatic.status).toBe(
      'unknown',
    );
    expect([d.failover.automaticTarget, d.failover.automaticUndecided]).toEqual([
      null,
      ['SQLNODE2'],
    ]);
    expect(headline(d)).toContain('would go to: unknown: SQLNODE2');
    const fleet = fleetVerdict(facts);
    expect([fleet.automaticTarget, fleet.automaticUndecided]).toEqual([null, ['SQLNODE2']]);
  });
});
