import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * MicrosoftDocs/sql-docs issue #4806, "Secondary replica behavior when suspended" (labelled
 * doc-bug): "We have a SQL 2019 environment where we suspended the secondary replica in the
 * secondary itself and we were still able to open new connections with the app directly pointed to
 * the secondary (without read-only routing) while running a regular workload (DML/DDL) on primary."
 * "Suspend an availability database" (S62) now reads, for a secondary database: "New connections to
 * the suspended database on the readable secondary are not allowed until data movement is resumed.
 * This behavior only applies when connections are opened using listener and read-only routing." and
 * "Connections to the secondary replica return data that was available at the time the data
 * movement was suspended." The snapshot is the primary SQL1's view (2019, SQL2 readable, AppDB
 * suspended on SQL2 by SUSPEND_FROM_USER); the issue names no servers, so they are invented.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-issue4806-suspended-secondary-direct.json', import.meta.url),
    'utf8',
  ),
);

describe('a secondary database suspended on its replica (S62, sql-docs issue #4806)', () => {
  it('takes a connection made straight to the secondary, read-only', () => {
    for (const intent of ['READ_ONLY', 'READ_WRITE'] as const) {
      const c = connectToReplica(facts, { replica: 'SQL2', intent, database: 'AppDB' });
      expect(c).toMatchObject({ outcome: 'connected', replica: 'SQL2', readOnly: true });
      expect(c.reasons.map((r) => r.code)).toContain('CONNECT_SUSPENDED_DATABASE_READABLE');
    }
  });

  it('is still passed by through the listener: the read-intent login stays on the primary', () => {
    const readOnly = decide(facts).routing.readOnly;
    expect(readOnly).toMatchObject({ outcome: 'connected', replica: 'SQL1' });
    const sql2 = readOnly.considered.find((c) => c.replica === 'SQL2')!;
    expect(sql2.reasons.map((r) => r.code)).toContain('ROUTING_DATABASE_SUSPENDED');
  });
});
