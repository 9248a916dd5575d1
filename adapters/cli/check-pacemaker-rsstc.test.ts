import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * The Linux runbook of fixtures/guide-pacemaker-tsql-failover.sql sets
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 on a CLUSTER_TYPE = EXTERNAL group of two
 * synchronous replicas; the Pacemaker resource agent sets 0 for them on each monitor action unless
 * the resource says otherwise (S29), which the script does not show. check answered "Can commits be
 * blocked while a primary is writable? yes" (a synchronous secondary down under 1), which holds
 * only if the resource keeps 1: with the agent's 0 the answer is no.
 */
const name = 'guide-pacemaker-tsql-failover.sql';
const published = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');
// The runbook's groups without its Transact-SQL FAILOVER, which SQL Server refuses (Msg 47104).
const text = published.slice(0, published.lastIndexOf(':Connect analytics-sql-02'));
type Answers = Record<string, { verdict: string; unsettled?: string }>;
const answers = async (script: string) =>
  (
    result(
      await run(['check', name, '--sql-version', '2022', '--faults', '1', '--json'], {
        files: { [name]: script },
      }),
    ) as { result: { answers: Answers } }
  ).result.answers;

describe('agstate check on a Pacemaker group whose script sets its own REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT', () => {
  it('leaves an answer the two values disagree on unknown, saying which gives which', async () => {
    const a = await answers(text);
    expect(a.commitsBlocked?.verdict).toBe('unknown');
    expect(a.commitsBlocked?.unsettled).toMatch(
      /^yes with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1, .* and no with 0, the value the Pacemaker resource agent sets/,
    );
    // Both values lose a commit to a forced failover to the asynchronous replica.
    expect(a.acknowledgedLoss?.verdict).toBe('yes');
    expect(a.acknowledgedLoss?.unsettled).toBeUndefined();
  });

  it("answers as before where the script writes the agent's value", async () => {
    const a = await answers(
      text.replace(
        'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1,',
        'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0,',
      ),
    );
    expect(a.commitsBlocked?.verdict).toBe('no');
    expect(Object.values(a).every((x) => x.unsettled === undefined)).toBe(true);
  });
});
