import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * Two asynchronous-commit replicas, SQL141 primary and SQL143 (dbi services, David Barbarin, "SQL
 * Server forced failover with AlwaysOn availability groups": "2 replicas SQL141 and SQL143
 * configured in asynchronous replication. SQL141 is the current primary"); sqlarena.com (2024/07),
 * "How A Forced Failover Can Cause Data Loss In SQL Server?": "the primary replica's last hardened
 * LSN is 100 before it goes offline, while the asynchronous secondary replica's LSN is 50". SQL143's
 * own snapshot at 09:55 (hardened 40…) merged with SQL141's at 10:00, whose row for SQL143 shows 50…:
 * on the primary "the secondary rows carry the value from the secondary's latest progress message"
 * (S6), so SQL143 held at least 50… at 10:00. The loss measured from the 09:55 row against the
 * 10:00 end of log (100…) was given as exact, and the data-loss estimate mixed 10:00 with 09:54.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const primary = { source: 'sql141', facts: fixture('blog-async-dr-sql141-primary.json') };
const earlier = { source: 'sql143', facts: fixture('blog-async-dr-sql143-earlier.json') };

describe("a secondary's own snapshot older than the primary's (its hardened LSN goes backwards)", () => {
  it('the primary alone measures the loss from its own row for SQL143: after 50… through 100…', () => {
    const [t] = decide(primary.facts, { target: 'SQL143' }).failover.targets;
    expect(t?.forcedLoss[0]).toMatchObject({
      extent: 'log',
      bound: 'exact',
      lsnRange: { afterLsn: 50000000010000001n, throughLsn: 100000000010000001n },
    });
  });

  it('merged, in either order: the finding, and the loss and the data-loss time unknown', () => {
    for (const merged of [mergeFacts(primary, earlier), mergeFacts(earlier, primary)]) {
      expect(merged.findings.map((f) => f.code)).toEqual(['MERGE_LSN_BACKWARDS']);
      expect(merged.findings[0]?.message).toContain('snapshots taken minutes apart');
      const d = decide(merged.facts, { target: 'SQL143' });
      const [t] = d.failover.targets;
      expect(t?.forced.status).toBe('allowed');
      expect(t?.forcedLoss[0]).toMatchObject({ extent: 'unknown', lsnRange: null });
      expect(t?.forcedLoss[0]?.reasons[0]?.settledBy).toContain(
        'sys.dm_hadr_database_replica_states.last_hardened_lsn',
      );
      expect(t?.estimates.databases[0]?.dataLossSeconds).toBeNull();
    }
  });
});
