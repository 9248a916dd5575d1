import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * "Upgrading Always On Availability Group Replica Instances" (S64, Rolling Upgrade Best
 * Practices): "During a version upgrade, readable secondaries cannot be read after an upgrade of
 * the readable secondary and before either the primary replica is failed over to an upgraded
 * secondary or the primary replica is upgraded", and "During a version upgrade, no replicas will
 * be readable or available for backups." The snapshots: AG1's primary NODE1 still on SQL Server
 * 2017, its readable synchronous secondary NODE2 upgraded to 2019 (step 3 of the page's process,
 * before the manual failover); one snapshot on each. Names and LSNs are invented.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const primary = fixture('docs-rolling-upgrade-primary-2017.json');
const secondary = fixture('docs-rolling-upgrade-secondary-2019.json');

describe('a rolling upgrade: the secondary upgraded, the primary not yet (S64)', () => {
  const merged = mergeFacts(
    { source: 'node1.json', facts: primary },
    { source: 'node2.json', facts: secondary },
  );
  const decisions = decide(merged.facts);

  it('says the versions are mixed, not that the configuration changed, and keeps the primary’s', () => {
    expect(merged.findings.map((f) => f.code)).toEqual(['MERGE_MIXED_VERSIONS']);
    expect(merged.facts.config.version).toBe(2017);
    expect(merged.facts.replicas.map((r) => [r.name, r.version])).toEqual([
      ['NODE1', 2017],
      ['NODE2', 2019],
    ]);
  });

  it('does not route read intent to the upgraded secondary, nor let a connection read it', () => {
    const readOnly = decisions.routing.readOnly;
    expect(readOnly.replica).toBe('NODE1');
    const node2 = readOnly.considered.find((c) => c.replica === 'NODE2')!;
    expect(node2.reasons.map((r) => r.code)).toEqual(['ROUTING_SECONDARY_UPGRADED']);
    const direct = connectToReplica(merged.facts, {
      replica: 'NODE2',
      intent: 'READ_ONLY',
      database: 'db1',
    });
    expect(direct.outcome).toBe('refused');
    expect(direct.reasons.map((r) => r.code)).toEqual(['CONNECT_SECONDARY_UPGRADED']);
  });

  it('takes no backup on the upgraded secondary', () => {
    const node2 = decisions.backup[0]!.decisions.find((r) => r.replica === 'NODE2')!.decision;
    expect(node2.action).toBe('skip');
    expect(node2.reasons.map((r) => r.code)).toEqual(['BACKUP_SECONDARY_UPGRADED']);
  });

  it('still allows the planned failover to the upgraded secondary, the page’s next step', () => {
    const t = decisions.failover.targets.find((x) => x.replica === 'NODE2')!;
    expect(t.planned.status).toBe('allowed');
  });

  it('from the primary’s snapshot alone, the secondary’s version is not known and nothing changes', () => {
    const alone = decide(primary);
    expect(alone.routing.readOnly.replica).toBe('NODE2');
  });
});
