import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * "Connect to an Always On availability group listener" (learn.microsoft.com/sql/database-engine/
 * availability-groups/windows/listeners-client-connectivity-application-failover), Bypass
 * listeners: "To the instance of SQL Server, it is irrelevant whether a connection logs in using
 * the availability group listener or using another instance endpoint. The instance of SQL Server
 * will verify the state of the targeted database … If the target database is offline or in a
 * transitional state, connectivity to the database will fail."
 * The state is KB2857849's ("Troubleshoot Always On availability databases in Recovery Pending or
 * Suspect state": the primary's row "NOT_HEALTHY  NOT SYNCHRONIZING  RECOVERY_PENDING"), on the
 * primary SQL1 of a SQL Server 2019 group with a listener and SQL2 last-but-one in SQL1's routing
 * list; names are invented.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/kb2857849-recovery-pending-behind-listener.json', import.meta.url),
    'utf8',
  ),
);

describe('a connection to a database RECOVERY_PENDING on the primary', () => {
  it('through the listener: refused, read-write and read-intent alike, with every reason', () => {
    const { readWrite, readOnly } = decide(facts).routing;
    expect(readWrite.outcome).toBe('refused');
    expect(readWrite.reasons.map((r) => r.code)).toEqual([
      'LISTENER_TO_PRIMARY',
      'CONNECT_PRIMARY_DATABASE_NOT_ONLINE',
    ]);
    expect(readOnly.outcome).toBe('refused');
    expect(readOnly.reasons.map((r) => r.code)).toContain('CONNECT_PRIMARY_DATABASE_NOT_ONLINE');
  });

  it('straight to the primary: refused as well', () => {
    const direct = connectToReplica(facts, {
      replica: 'SQL1',
      intent: 'READ_WRITE',
      database: 'SalesDB',
    });
    expect(direct.outcome).toBe('refused');
    expect(direct.reasons.map((r) => r.code)).toEqual(['CONNECT_PRIMARY_DATABASE_NOT_ONLINE']);
  });

  it('ONLINE again, the same connections succeed', () => {
    const online = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'SQL1' ? { ...d, databaseState: 'ONLINE' as const } : d,
      ),
    };
    expect(decide(online).routing.readWrite.outcome).toBe('connected');
    expect(
      connectToReplica(online, { replica: 'SQL1', intent: 'READ_WRITE', database: 'SalesDB' })
        .outcome,
    ).toBe('connected');
  });
});
