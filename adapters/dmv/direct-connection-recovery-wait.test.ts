import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DatabaseState } from '../../core/model/enums.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * SQLShack, "SQL Server wait type HADR_RECOVERY_WAIT_FOR_CONNECTION" (S228,
 * sqlshack.com/sql-server-wait-type-hadr-recovery-wait-for-connection): "This wait type will
 * accumulate when secondary replica is waiting to connect to primary replica. This most often
 * occurs when the primary replica is taken offline (for whatever reason) or the network connection
 * goes down. For SQL Server versions before 2014 secondary replicas are not readable when the
 * primary is not available". 'sys.dm_os_wait_stats' (S196): "Waiting for the secondary database
 * to connect to the primary database before running recovery". The fixture is the readable
 * secondary SQLAG2's own snapshot (SQL Server 2016) while it waits: DISCONNECTED, ReportsDB NOT
 * SYNCHRONIZING, database_state_desc not given. Names, ids and the version are invented.
 */
const text = readFileSync(
  new URL('./fixtures/sqlshack-recovery-wait-secondary-disconnected.json', import.meta.url),
  'utf8',
);
const facts = factsOf(text);
const as = (version: 2012 | 2016): ClusterFacts => ({
  ...facts,
  config: { ...facts.config, version },
});
const withState = (state: DatabaseState): ClusterFacts => ({
  ...facts,
  databaseReplicas: facts.databaseReplicas.map((d) => ({ ...d, databaseState: state })),
});
const readOnly = (f: ClusterFacts) =>
  connectToReplica(f, { replica: 'SQLAG2', intent: 'READ_ONLY', database: 'ReportsDB' });

describe('a read-intent connection straight to a secondary cut off from its primary', () => {
  it('is unknown from SQL Server 2014 when the copy may not have run recovery yet', () => {
    const c = readOnly(as(2016));
    expect(c.outcome).toBe('unknown');
    expect(c.reasons.map((r) => r.code)).toEqual(['CONNECT_SECONDARY_RECOVERY_UNKNOWN']);
    expect(c.reasons[0]?.settledBy?.[0]).toContain('database_state_desc of ReportsDB');
  });

  it('connects when the snapshot shows the copy ONLINE (readable secondaries remain available)', () => {
    expect(readOnly(withState('ONLINE')).outcome).toBe('connected');
  });

  it('is refused when the copy is shown RECOVERING', () => {
    const c = readOnly(withState('RECOVERING'));
    expect(c.outcome).toBe('refused');
    expect(c.reasons.map((r) => r.code)).toEqual(['CONNECT_DATABASE_UNAVAILABLE']);
  });

  it('is refused on SQL Server 2012, as SQLShack says, without the new unknown', () => {
    const c = readOnly(as(2012));
    expect(c.outcome).toBe('refused');
    expect(c.reasons.map((r) => r.code)).toEqual(['CONNECT_SECONDARY_ISOLATED_2012']);
  });
});
