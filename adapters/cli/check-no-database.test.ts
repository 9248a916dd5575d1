import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linesOf, result, run } from './test-support.js';

/*
 * "Configure a read-scale availability group" (S46) creates ag1 with two ASYNCHRONOUS_COMMIT
 * replicas and no database (fixtures/docs-read-scale.sql); the page adds db1 in a later step
 * ("Add a database to the availability group": ALTER AVAILABILITY GROUP [ag1] ADD DATABASE [db1])
 * and fails over by "Forced manual failover with data loss". check on the script as published
 * said "Can acknowledged commits be lost? no", even with two faults: a group with no database makes
 * no commit, so nothing could be lost. What the group does once it holds its database, the script
 * does not say: those answers are unknown, naming the statement that settles them.
 */
const name = 'docs-read-scale.sql';
const text = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');
const addDb1 = ':Connect node1\nALTER AVAILABILITY GROUP [ag1] ADD DATABASE [db1];\nGO\n';
const check = (script: string, ...more: string[]) =>
  run(['check', name, '--sql-version', '2017', '--faults', '1', ...more], {
    files: { [name]: script },
  });

type Answers = Record<string, { verdict: string; unsettled?: string }>;
const answersOf = (r: Awaited<ReturnType<typeof run>>) =>
  (result(r) as { result: { answers: Answers } }).result.answers;

describe('agstate check on a group the script gives no database (the read-scale page)', () => {
  it('leaves the questions about commits unknown, naming ADD DATABASE, not "no"', async () => {
    const r = await check(text, '--json');
    const answers = answersOf(r);
    for (const id of ['acknowledgedLoss', 'commitsBlocked', 'stuckSynchronizing']) {
      expect(answers[id]?.verdict).toBe('unknown');
      expect(answers[id]?.unsettled).toContain('ALTER AVAILABILITY GROUP … ADD DATABASE');
    }
    // Without a cluster manager a lost primary stays lost: that answer needs no database.
    expect(answers.noWritablePrimary?.verdict).toBe('yes');
    expect(answers.noWritablePrimary?.unsettled).toBeUndefined();
  });

  it('says why in text, and exits unknown when only those questions are asked', async () => {
    const r = await check(text, '--fail-on', 'acknowledgedLoss');
    expect(r.code).toBe(4);
    expect(linesOf(r.stdout)).toContain(
      'Can acknowledged commits be lost? unknown: ag1 holds no availability database, so no commit was made to search; the script adds none: CREATE AVAILABILITY GROUP … FOR DATABASE or ALTER AVAILABILITY GROUP … ADD DATABASE (on the primary) settles it',
    );
  });

  it('answers them once the page\'s "Add a database" step is in the script', async () => {
    // Asynchronous commit: a forced failover after the primary is lost loses what db1's copy lacked.
    const answers = answersOf(await check(`${text}${addDb1}`, '--json'));
    expect(answers.acknowledgedLoss?.verdict).toBe('yes');
    expect(Object.values(answers).every((a) => a.unsettled === undefined)).toBe(true);
  });
});
