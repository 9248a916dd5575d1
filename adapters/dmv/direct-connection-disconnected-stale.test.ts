import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../../core/model/facts.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * "Troubleshooting intermittent connection time-outs between availability group replicas" (S247,
 * learn.microsoft.com/troubleshoot/sql/database-engine/availability-groups/troubleshooting-
 * intermittent-connection-timeouts-availability-groups), Symptoms: "Read-only workloads that query
 * secondary replicas might query stale data. If intermittent replica connection time-outs occur,
 * changes to data on the primary replica database aren't yet reflected in the secondary database
 * when you query the same data." Its secondary's error log: "2023-02-15 07:11:03.100 spid31s A
 * connection time-out has occurred on a previously established connection to availability replica
 * 'SQL19AGN1' … Either a networking or a firewall issue exists or the availability replica has
 * transitioned to the resolving role." and "Always On Availability Groups connection with primary
 * database terminated for secondary database 'agdb'". The fixture is SQL19AGN2's own snapshot
 * then: SECONDARY, DISCONNECTED, agdb NOT SYNCHRONIZING and ONLINE, the cluster still naming
 * SQL19AGN1 the primary. Invented: the group's name AG1, SQL Server 2019 (15.0.4198.2), both
 * replicas SYNCHRONOUS_COMMIT and AUTOMATIC with ALLOW_CONNECTIONS = ALL, the ids, the endpoints
 * and the cluster's name. A read-intent connection straight to SQL19AGN2 was "connected on
 * SQL19AGN2 (read-only)" with no word that it reads the data of before the time-out.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-intermittent-timeout-secondary-disconnected.json', import.meta.url),
    'utf8',
  ),
);
const readOnly = (f: ClusterFacts) =>
  connectToReplica(f, { replica: 'SQL19AGN2', intent: 'READ_ONLY', database: 'agdb' });
const codes = (f: ClusterFacts) => readOnly(f).reasons.map((r) => r.code);

describe('a read-intent connection straight to a secondary whose link to the primary timed out (S247)', () => {
  it('connects, read-only, and says the data is as of the time-out', () => {
    const c = readOnly(facts);
    expect(c).toMatchObject({ outcome: 'connected', replica: 'SQL19AGN2', readOnly: true });
    expect(codes(facts)).toEqual([
      'CONNECT_SECONDARY_DISCONNECTED_STALE',
      'CONNECT_SECONDARY_READ_ONLY_ACCESS',
    ]);
    expect(c.reasons[0]?.message).toContain('changes made on the primary since are not there');
    expect(c.reasons[0]?.rule.document).toBe(
      'Troubleshooting intermittent connection time-outs between availability group replicas',
    );
  });

  it('says nothing of it once SQL19AGN2 is connected again', () => {
    const back: ClusterFacts = {
      ...facts,
      replicas: facts.replicas.map((r) =>
        r.name === 'SQL19AGN2' ? { ...r, connectedState: 'CONNECTED' } : r,
      ),
    };
    expect(codes(back)).toEqual(['CONNECT_SECONDARY_READ_ONLY_ACCESS']);
  });

  it('SQL Server 2012 still refuses it, without the note', () => {
    const old: ClusterFacts = { ...facts, config: { ...facts.config, version: 2012 } };
    expect(readOnly(old).outcome).toBe('refused');
    expect(codes(old)).toEqual(['CONNECT_SECONDARY_ISOLATED_2012']);
  });
});
