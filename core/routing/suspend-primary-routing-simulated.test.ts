import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { connectThroughListener } from './listener.js';

/**
 * 'Suspend an Availability Database (SQL Server)' (S62; MicrosoftDocs/sql-docs
 * suspend-an-availability-database-sql-server.md, ms.date 05/17/2016), the table of effects:
 * Primary database, "The primary database stops data movement to every connected secondary
 * database. ... The primary database remains available to clients, and existing connections on a
 * readable secondary remain usable and new connections can be made"; Secondary database, "New
 * connections to the suspended database on the readable secondary are not allowed until data
 * movement is resumed". ALTER DATABASE SET HADR (S50): resuming the primary leaves a copy
 * suspended on its secondary too suspended.
 *
 * A simulation knows that no SUSPEND ran on SQL2 while only the primary is suspended, where a
 * snapshot's NULL suspend_reason_desc does not say it. Invented: names, endpoints, routing URLs
 * and list, the listener, SQL Server 2019.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-suspend-primary-then-secondary-routing.json', import.meta.url),
      'utf8',
    ),
  ),
);
const readOnly = (i: number) =>
  connectThroughListener(sim.trace[i]!.facts, { intent: 'READ_ONLY', database: 'Sales' });
const codes = (i: number) => readOnly(i).reasons.map((r) => r.code);

describe('S62: read-only routing while Sales is suspended on the primary, then on SQL2', () => {
  it('routes to SQL2 while only the primary is suspended: new connections can be made', () => {
    expect(sim.trace.map((s) => s.refused)).toEqual(sim.trace.map(() => []));
    expect(readOnly(0)).toMatchObject({ outcome: 'routed', replica: 'SQL2' });
    expect(readOnly(0).considered[0]!.reasons.map((r) => r.code)).toContain(
      'ROUTING_PRIMARY_DATABASE_SUSPENDED',
    );
    expect(codes(0)).not.toContain('UNKNOWN_SUSPEND_REASON');
  });

  it('passes SQL2 by once Sales is suspended there too, also after the primary resumes', () => {
    for (const i of [1, 2]) {
      expect(readOnly(i)).toMatchObject({ outcome: 'connected', replica: 'SQL1' });
      expect(codes(i)).not.toContain('UNKNOWN_SUSPEND_REASON');
    }
  });

  it('routes to SQL2 again once it resumes', () => {
    expect(readOnly(3)).toMatchObject({ outcome: 'routed', replica: 'SQL2' });
  });
});
