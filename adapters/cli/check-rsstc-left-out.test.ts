import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * "SQL Server 2017 Administration Inside Out", Chapter 12, T-SQL sample 5
 * (fixtures/book-insideout-2017-linux-external.sql) creates LinuxAG1 WITH (DB_FAILOVER = ON,
 * CLUSTER_TYPE = EXTERNAL) on three synchronous replicas and leaves
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT out. SQL Server creates it with 0 ("The default is
 * 0", CREATE AVAILABILITY GROUP, S4); Pacemaker's resource agent sets 1 for three synchronous
 * replicas (S29), and with 0 it "does not automatically trigger a failover" (S29, D20). check
 * answered "Can the group be left with no writable primary without losing quorum? no" from the
 * agent's 1 alone.
 */
const name = 'book-insideout-2017-linux-external.sql';
const text = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');
type Answers = Record<string, { verdict: string; unsettled?: string }>;
const answers = async (script: string) =>
  (
    result(
      await run(['check', name, '--sql-version', '2017', '--faults', '1', '--json'], {
        files: { [name]: script },
      }),
    ) as { result: { answers: Answers } }
  ).result.answers;

describe('agstate check on an EXTERNAL group whose script leaves REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT out', () => {
  it('leaves an answer the agent’s value and SQL Server’s default disagree on unknown', async () => {
    const a = await answers(text);
    expect(a.noWritablePrimaryWithQuorum?.verdict).toBe('unknown');
    expect(a.noWritablePrimaryWithQuorum?.unsettled).toMatch(
      /^no with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1, the value the Pacemaker resource agent sets .* and yes with 0, the value SQL Server creates the group with when the script leaves it out/,
    );
    // Both values agree on a group that can be left without a primary once quorum is lost.
    expect(a.noWritablePrimary?.verdict).toBe('yes');
    expect(a.noWritablePrimary?.unsettled).toBeUndefined();
  });

  it('answers from the written value where the script writes the agent’s', async () => {
    const written = text.replace(
      'CLUSTER_TYPE = EXTERNAL)',
      'CLUSTER_TYPE = EXTERNAL, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1)',
    );
    expect(written).not.toBe(text);
    const a = await answers(written);
    expect(a.noWritablePrimaryWithQuorum?.verdict).toBe('no');
    expect(Object.values(a).every((x) => !x.unsettled?.includes('SQL Server creates'))).toBe(true);
  });
});
