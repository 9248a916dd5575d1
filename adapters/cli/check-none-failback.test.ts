import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * A CLUSTER_TYPE = NONE group searched at the two points of a published drill
 * (fixtures/lab-azure-none-drill-reinstate-failback.sql: UC-01, "Region failure of the primary
 * node", of a public repository's iac-azure-sql/sqlvm-linux-ao-ag-dag-01; its group is rebuilt from
 * the README, "node-1 SYNC primary, node-2 ASYNC", and its version, 2022, is invented).
 *
 * Before the failback, 30-failback-prepare.sql: "both replicas become SYNCHRONOUS, and
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 is set", as 'Perform a planned manual failover'
 * (S45) has it for a read-scale group: "This setting ensures that every active transaction is
 * committed to the primary replica and at least one synchronous secondary replica". No commit
 * acknowledged then can be lost, even with an operator forcing a failover at any time and two
 * faults; commits are refused while the other replica is away (error 988).
 *
 * As the drill leaves the group (34-restore-original-modes.sql: "node-1 SYNC primary, node-2 ASYNC,
 * commit gating off"), the region failure the drill plays loses what node-1 acknowledged alone:
 * "Use this method when the primary replica isn't available and can't be recovered … Forced manual
 * failover with data loss" (S45).
 */
const file = 'adapters/tsql/fixtures/lab-azure-none-drill-reinstate-failback.sql';
const script = readFileSync(file, 'utf8');
const prepared = script.slice(0, script.indexOf('-- waits for node-1 SYNCHRONIZED'));

type Answers = Record<
  string,
  {
    verdict: string;
    trace: readonly { label: string }[] | null;
    blocked?: readonly { database: string; reasons: readonly { code: string }[] }[];
  }
>;
const answersOf = async (text: string, ...more: string[]) =>
  (
    result(
      await run(
        ['check', 'drill.sql', '--sql-version', '2022', '--faults', '2', '--commits', '1', ...more],
        { files: { 'drill.sql': text } },
      ),
    ) as { result: { answers: Answers } }
  ).result.answers;

describe('agstate check on a CLUSTER_TYPE = NONE group, before and after its failback', () => {
  it('loses no acknowledged commit once both replicas are synchronous and one secondary must harden each commit', async () => {
    expect(prepared.trimEnd()).toMatch(
      /SET \(REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1\);\nGO$/,
    );
    for (const when of ['withoutPrimary', 'always']) {
      const a = await answersOf(prepared, '--forced-failover', when, '--json');
      expect(a.acknowledgedLoss?.verdict).toBe('no');
      expect(a.commitsBlocked?.trace?.map((s) => s.label)).toEqual(['crash sqlvm-257672-node-1']);
      expect(a.commitsBlocked?.blocked?.[0]?.reasons.map((r) => r.code)).toEqual([
        'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET',
      ]);
    }
  });

  it('loses what the primary acknowledged alone when its region fails, as the group is left', async () => {
    const a = await answersOf(script, '--json');
    expect(a.acknowledgedLoss?.verdict).toBe('yes');
    expect(a.acknowledgedLoss?.trace?.map((s) => s.label)).toEqual([
      'commit AGDemoDB',
      'crash sqlvm-257672-node-1',
      'forced failover to sqlvm-257672-node-2',
    ]);
    expect(a.commitsBlocked?.verdict).toBe('no');
  });
});
