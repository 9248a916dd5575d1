import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "Suspend an availability database (SQL Server)" (learn.microsoft.com/sql/database-engine/
 * availability-groups/windows/suspend-an-availability-database-sql-server), the effect of the
 * command:
 * - on a primary database: "The primary database stops data movement to every connected secondary
 *   database. ... The primary database remains available to clients, and existing connections on a
 *   readable secondary remain usable and new connections can be made."
 * - on a secondary database: "New connections to the suspended database on the readable secondary
 *   are not allowed until data movement is resumed. This behavior only applies when connections
 *   are opened using listener and read-only routing."
 * The snapshots are taken on the primary SQLA of AG4 (SQLB readable, first in SQLA's routing list,
 * SQLA last); names and ids are invented, the states are the page's. In the first, SQLB's row is
 * suspended too, with no reason written (the page does not say which the secondary shows).
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('read-only routing while an availability database is suspended (S62)', () => {
  it('the primary database suspended: the readable secondary still takes routed connections', () => {
    const facts = fixture('docs-suspend-primary-database.json');
    // SQLB's row gives no suspend_reason_desc: stopped by SQLA's suspension only, or suspended on
    // SQLB by a user too (S50 allows both); the page does not say which SQLB then shows.
    const unsaid = decide(facts).routing.readOnly;
    expect(unsaid.outcome).toBe('unknown');
    const unsaidB = unsaid.considered.find((c) => c.replica === 'SQLB')!;
    const why = unsaidB.reasons.find((r) => r.code === 'UNKNOWN_SUSPEND_REASON');
    expect(why?.settledBy).toEqual(['sys.dm_hadr_database_replica_states.suspend_reason_desc']);
    const withReason = (suspendReason: 'SUSPEND_FROM_USER' | 'SUSPEND_FROM_PARTNER') => ({
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'SQLB' ? { ...d, suspendReason } : d,
      ),
    });
    // A reason other than a user's: the copy is stopped by the primary, and still routed to.
    const readOnly = decide(withReason('SUSPEND_FROM_PARTNER')).routing.readOnly;
    expect(readOnly.outcome).toBe('routed');
    expect(readOnly.replica).toBe('SQLB');
    const sqlb = readOnly.considered.find((c) => c.replica === 'SQLB')!;
    expect(sqlb.reasons.map((r) => r.code)).toEqual([
      'ROUTING_REPLICA_AVAILABLE',
      'ROUTING_PRIMARY_DATABASE_SUSPENDED',
    ]);
    // Written SUSPEND_FROM_USER, the secondary's own suspension refuses them again.
    expect(decide(withReason('SUSPEND_FROM_USER')).routing.readOnly.replica).toBe('SQLA');
  });

  it('the secondary database suspended: routed connections go past it', () => {
    const readOnly = decide(fixture('docs-suspend-secondary-database.json')).routing.readOnly;
    expect(readOnly.replica).toBe('SQLA');
    const sqlb = readOnly.considered.find((c) => c.replica === 'SQLB')!;
    expect(sqlb.available).toBe(false);
    expect(sqlb.reasons.map((r) => r.code)).toContain('ROUTING_DATABASE_SUSPENDED');
  });
});
