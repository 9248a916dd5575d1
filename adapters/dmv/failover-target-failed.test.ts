import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { actionTsql } from '../cli/render/decisions.js';
import { example, factsOf } from './test-support.js';

/*
 * 'Database engine events and errors (31000 to 41399)' (S135): 41144 "The local availability
 * replica of availability group '%.*ls' is in a failed state. The replica failed to read or update
 * the persisted configuration data (SQL Server error: %d)", the message an Azure China support
 * article quotes from a primary's error log (error 41034, see backup-jobs-primary-failed.test.ts);
 * 41143 "Cannot process the operation. The local replica of availability Group '%.*ls' is in a
 * failed state. ... To recover from this failure, either restart the local Windows Server Failover
 * Clustering (WSFC) service or restart the local instance of SQL Server". The fixture is the
 * bundled secondary snapshot (SQLNODE2, synchronous, automatic, SYNCHRONIZED and failover ready)
 * with its own operational_state_desc FAILED (S7: it "can't read to or write from the WSFC
 * cluster"), merged with the bundled primary's.
 */
const failed = factsOf(
  readFileSync(new URL('./fixtures/docs-41144-secondary-failed.json', import.meta.url), 'utf8'),
);
const merged = mergeFacts(
  { source: 'SQLNODE2', facts: failed },
  { source: 'SQLNODE1', facts: factsOf(example('primary.json')) },
).facts;
const sqlnode2 = (f: ClusterFacts) =>
  decide(f).failover.targets.find((t) => t.replica === 'SQLNODE2')!;

describe('a failover to a secondary in a failed state (41144, Msg 41143)', () => {
  it('is refused in every form, each with its other reasons kept', () => {
    for (const f of [failed, merged])
      for (const form of ['automatic', 'planned', 'forced'] as const) {
        const v = sqlnode2(f)[form];
        expect(v.status, form).toBe('refused');
        expect(v.reasons.map((r) => r.code)).toContain('TARGET_REPLICA_FAILED');
      }
    expect(sqlnode2(merged).planned.reasons.map((r) => r.code)).toEqual(['TARGET_REPLICA_FAILED']);
  });

  it('recommends no FAILOVER on it', () => {
    const actions = decide(merged).actions.map((a) => a.event);
    expect(actions).not.toContainEqual({ type: 'ag.failover', target: 'SQLNODE2' });
  });

  it('is allowed as before once it is ONLINE again', () => {
    const online = mergeFacts(
      { source: 'SQLNODE2', facts: factsOf(example('secondary.json')) },
      { source: 'SQLNODE1', facts: factsOf(example('primary.json')) },
    ).facts;
    expect(sqlnode2(online).planned.allowed).toBe(true);
    expect(sqlnode2(online).automatic.allowed).toBe(true);
  });
});

describe('the way out of the failed state (Msg 41143: restart the WSFC service or the instance)', () => {
  const restarts = (f: ClusterFacts) =>
    decide(f).actions.filter((a) => a.event.type === 'replica.restart');

  it('is recommended on the failed secondary, alone or merged with the primary, and nowhere else', () => {
    for (const f of [failed, merged]) {
      const actions = restarts(f);
      expect(actions.map((a) => a.event)).toEqual([
        { type: 'replica.restart', replica: 'SQLNODE2' },
      ]);
      expect(actions[0]!.why.map((r) => r.code)).toEqual(['RESTART_FAILED_REPLICA']);
      expect(actions[0]!.why[0]!.message).toContain('WSFC service');
      // Not T-SQL: the restart is written as a comment a DBA runs on that node.
      expect(actionTsql(decide(f), actions[0]!)).toMatch(/^-- on the node of SQLNODE2.*ClusSvc/);
    }
  });

  it("is recommended on a primary failed with error 41034, as the blog's error log shows (41144)", () => {
    const primaryFailed = factsOf(
      readFileSync(new URL('./fixtures/blog-41034-primary-failed.json', import.meta.url), 'utf8'),
    );
    const failedNames = primaryFailed.replicas
      .filter((r) => r.operationalState === 'FAILED')
      .map((r) => r.name);
    expect(failedNames).toHaveLength(1);
    expect(restarts(primaryFailed).map((a) => a.event)).toEqual([
      { type: 'replica.restart', replica: failedNames[0] },
    ]);
  });

  it('is not recommended once the replica is ONLINE again', () => {
    const online = mergeFacts(
      { source: 'SQLNODE2', facts: factsOf(example('secondary.json')) },
      { source: 'SQLNODE1', facts: factsOf(example('primary.json')) },
    ).facts;
    expect(restarts(online)).toEqual([]);
  });
});
