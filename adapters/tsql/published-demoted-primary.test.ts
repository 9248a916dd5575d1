import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/*
 * A SQL Server 2022 Docker lab (code index files 55700642652, 55910950282, 55712160483,
 * 55971185328; fixtures/lab-docker-none-demote-then-failover.sql): AG_HA_LAB with CLUSTER_TYPE =
 * NONE, whose failover-test.sh "Performing manual failover to sql2" runs SET (ROLE = SECONDARY) on
 * sql1, then FAILOVER on sql2, which SQL Server refuses on such a group (Msg 47122, S111). "Fail
 * over the primary replica on a read-scale availability group" (S45): "4. Demote the primary
 * replica to a secondary replica. After the primary replica is demoted, it's read-only", "5.
 * Promote the target secondary replica to primary … FORCE_FAILOVER_ALLOW_DATA_LOSS". With no
 * promotion the group has no primary; the script was judged with one, without a word.
 */
const name = 'lab-docker-none-demote-then-failover.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2022, fileName: name })
    .script.warnings.filter((w) => w.text.includes('out of the primary role'))
    .map((w) => [w.line, w.text.split(': the group is left with no primary')[0]]);
// The SET (ROLE = SECONDARY) after a comment line and its :Connect.
const lineAfter = (script: string, comment: string) => script.split('\n').indexOf(comment) + 3;

describe('a read-scale group whose primary the script demotes and never replaces', () => {
  it("warns at the lab's demotion of sql1, whose FAILOVER is refused", () => {
    expect(warnings(text)).toEqual([
      [
        lineAfter(text, '-- Step 3: Performing manual failover to sql2'),
        'ALTER AVAILABILITY GROUP [AG_HA_LAB] SET (ROLE = SECONDARY) takes sql1 out of the primary role of AG_HA_LAB (CLUSTER_TYPE = NONE), and no FORCE_FAILOVER_ALLOW_DATA_LOSS of AG_HA_LAB on another replica follows it in the script (the FAILOVER after it is refused on CLUSTER_TYPE = NONE, Msg 47122)',
      ],
    ]);
  });

  it('says nothing once a forced failover promotes the target, as S45 does', () => {
    const s45 = text
      .slice(0, text.indexOf('-- Step 6'))
      .replace('[AG_HA_LAB] FAILOVER;', '[AG_HA_LAB] FORCE_FAILOVER_ALLOW_DATA_LOSS;');
    expect(warnings(s45)).toEqual([]);
  });

  it('warns at the later demotion when the fail-back is the one left without a promotion', () => {
    const forcedThenBack = text.replace(
      '[AG_HA_LAB] FAILOVER;',
      '[AG_HA_LAB] FORCE_FAILOVER_ALLOW_DATA_LOSS;',
    );
    expect(warnings(forcedThenBack).map(([line, w]) => [line, String(w).slice(0, 90)])).toEqual([
      [
        lineAfter(text, '-- Step 6: Failing back to sql1'),
        'ALTER AVAILABILITY GROUP [AG_HA_LAB] SET (ROLE = SECONDARY) takes sql2 out of the primary ',
      ],
    ]);
  });
});
