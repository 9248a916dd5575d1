import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "High availability and data protection for availability group configurations" (S29, Microsoft
 * docs, linux/sql-server-linux-availability-group-ha.md, ms.date 07/15/2024): "The configuration
 * only replica maintains configuration information about the availability group in the master
 * database but doesn't contain the user databases in the availability group"; "Two synchronous
 * replicas and a configuration only replica": "The configuration only replica doesn't contain the
 * databases in the availability group - only metadata about the availability group." The
 * snapshot: that group on the primary node1 (CLUSTER_TYPE EXTERNAL, RSSTC 0, the agent's value),
 * node2 synchronous and SYNCHRONIZED, node3 CONFIGURATION_ONLY and connected; as on SQL Server, no
 * database row names node3. Its predicted loss was "unknown, settled by is_database_joined", and
 * its estimates asked for node3's redo and send queues, columns no row of a replica without
 * databases can give.
 */
const text = readFileSync(
  new URL('./fixtures/docs-linux-configuration-only-primary.json', import.meta.url),
  'utf8',
);
const target = (name: string) =>
  decide(factsOf(text)).failover.targets.find((t) => t.replica === name)!;

describe('a failover target that is a configuration-only replica (S29)', () => {
  it('loses the whole database, known from the configuration, with no column to settle', () => {
    const loss = target('node3').forcedLoss.find((l) => l.database === 'db1')!;
    expect(loss.extent).toBe('wholeDatabase');
    expect(loss.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_JOINED']);
    expect(loss.reasons[0]!.message).toContain('configuration-only');
    expect(loss.reasons.flatMap((r) => r.settledBy ?? [])).toEqual([]);
  });

  it('has no recovery estimate and names no column for one', () => {
    const e = target('node3').estimates.databases.find((d) => d.database === 'db1')!;
    expect([e.recoverySeconds, e.dataLossSeconds, e.dataLossKb]).toEqual([null, null, null]);
    expect(e.reasons.map((r) => r.code)).toEqual(['ESTIMATE_DATABASE_NOT_JOINED']);
    expect(e.reasons.flatMap((r) => r.settledBy ?? [])).toEqual([]);
  });

  it('is still refused in every form, and the synchronous secondary judged as before', () => {
    const node3 = target('node3');
    for (const form of [node3.automatic, node3.planned, node3.forced])
      expect(form.reasons.map((r) => r.code)).toContain('TARGET_CONFIGURATION_ONLY');
    const node2 = target('node2');
    expect(node2.planned.status).toBe('allowed');
    expect(node2.forcedLoss.find((l) => l.database === 'db1')?.extent).toBe('none');
  });
});
