import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * CREATE AVAILABILITY GROUP (Transact-SQL), Example A ("Configuring an availability group on a
 * WSFC cluster"): FOR DATABASE ThisDatabase, ThatDatabase, with no recovery model or full backup
 * in the script. "Prerequisites, restrictions, and recommendations for Always On availability
 * groups" (S5): a database must "Use the full recovery model" and "Possess at least one full
 * database backup" to be added. validate and explain warn that the script does not show it; check
 * searched the same group and said nothing of it, so a user reading only check's answer did not
 * learn that it rests on databases the script does not show eligible.
 */
describe('agstate check prints the warnings validate gives for the script it searches', () => {
  const name = 'docs-create-example-a.sql';
  const files = {
    [name]: readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8'),
  };
  const args = ['check', name, '--sql-version', '2019', '--faults', '0'];

  it('in the text, each at its place, before the answers, as validate prints them', async () => {
    const [checked, validated] = await Promise.all([
      run(args, { files }),
      run(['validate', name, '--sql-version', '2019'], { files }),
    ]);
    const warnings = (out: string) => out.split('\n').filter((l) => l.includes(': warning: '));
    expect(warnings(checked.stdout)).toHaveLength(1);
    expect(warnings(checked.stdout)).toEqual(warnings(validated.stdout));
    expect(checked.stdout.split('\n')[0]).toMatch(
      /^docs-create-example-a\.sql:1:1: warning: .*recovery model of ThisDatabase, ThatDatabase/,
    );
    expect(checked.stdout).toContain('MyAg: ');
  });

  it('in the JSON, beside the result, as validate gives them', async () => {
    const [checked, validated] = await Promise.all([
      run([...args, '--json'], { files }),
      run(['validate', name, '--sql-version', '2019', '--json'], { files }),
    ]);
    const warnings = (result(checked) as { warnings: readonly string[] }).warnings;
    expect(warnings).toEqual((result(validated) as { warnings: readonly string[] }).warnings);
    expect(warnings[0]).toMatch(/^1:1: warning: .*full backup/);
  });
});
