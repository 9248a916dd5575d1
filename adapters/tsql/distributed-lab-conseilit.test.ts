import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { clusterFacts } from '../../core/cluster/facts.js';
import { distributedFailoverReadiness } from '../../core/distributed/readiness.js';
import { scriptInput, scriptScenario } from '../cli/commands/decide-distributed-model.js';

/*
 * conseilit/PowerShell, 13 - Failover DAG.ps1: the MODIFY AVAILABILITY GROUP ON run on DC1-SQL1
 * gives DC1-AG ASYNCHRONOUS_COMMIT (its mode already) and DC2-AG SYNCHRONOUS_COMMIT; SQL Server
 * runs it (MODIFY "must be run on both the primary AG and the secondary AG", S3, and changes each
 * side's own rows). It leaves DC1-AG's side as it was, so nothing is refused: the side stays
 * asynchronous, which the readiness says (S58 step 1).
 */
const name = 'lab-conseilit-dag-failover.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const options = { json: false, version: 2016 as const };

describe('a MODIFY that leaves its own side’s mode as it was (conseilit/PowerShell)', () => {
  it('is not reported as refused by decide', () => {
    const input = scriptInput(name, text, options);
    expect(E.isRight(input) && input.right.kind === 'model' && input.right.refused).toEqual([]);
  });

  it('is not bad input for check', () => {
    const scenario = scriptScenario(name, text, options);
    expect(E.isRight(scenario) && scenario.right?.name).toBe('distributedag');
  });
});

/*
 * 11 - Add Database to AG Site 1.ps1 adds DemoDB01 with ALTER AVAILABILITY GROUP [DC1-AG] ADD
 * DATABASE after the CREATE; the distributed group carries it. With ASYNCHRONOUS_COMMIT on both
 * sides it is SYNCHRONIZING, never SYNCHRONIZED ("For synchronous commit mode, both the current
 * primary availability group, and the current secondary availability group must have
 * SYNCHRONOUS_COMMIT", S58 step 1 note); decided without it, the step was met for no database.
 */
describe('a database added to the first group after its CREATE (conseilit/PowerShell)', () => {
  it('is the distributed group’s, SYNCHRONIZING while asynchronous', () => {
    const input = scriptInput(name, text, options);
    if (E.isLeft(input) || input.right.kind !== 'model') throw new Error('not decided');
    expect(Object.keys(input.right.distributed.link.databases)).toEqual(['DemoDB01']);
    const step = distributedFailoverReadiness(input.right.distributed).steps.find(
      (s) => s.step === 'SYNCHRONIZED',
    );
    expect(step?.met).toBe(false);
    expect(step?.reasons.map((r) => r.code)).toEqual(['NOT_SYNCHRONIZED']);
  });
});

/*
 * The lab never joins DemoDB01 on DC2-SQL4, the secondary of the second group, which automatic
 * seeding from the forwarder creates: "After the database on the secondary replica of the second
 * availability group is in a restoring state, you have to manually join it to the availability
 * group" (S58, Join the database on the secondary of the second availability group; S79). Its copy
 * stays RESTORING outside DC2-AG; the documentation's own script joins it and is decided joined.
 */
describe('a secondary of the second group that the script never joins (conseilit/PowerShell)', () => {
  const copyOn = (script: string, group: string, replica: string) => {
    const input = scriptInput(name, script, options);
    if (E.isLeft(input) || input.right.kind !== 'model') throw new Error('not decided');
    const member = input.right.distributed.members.find((m) => m.name === group)!;
    return clusterFacts(member.cluster).databaseReplicas.find((c) => c.replica === replica);
  };

  it('leaves DemoDB01 on DC2-SQL4 not joined', () => {
    expect(copyOn(text, 'DC2-AG', 'DC2-SQL4')).toMatchObject({
      isJoined: false,
      databaseState: 'RESTORING',
    });
  });

  it('joins it where the script runs SET HADR AVAILABILITY GROUP = [DC2-AG] there', () => {
    const joined = `${text}\n:Connect DC2-SQL4\nALTER DATABASE [DemoDB01] SET HADR AVAILABILITY GROUP = [DC2-AG];\nGO\n`;
    expect(copyOn(joined, 'DC2-AG', 'DC2-SQL4')).toMatchObject({ isJoined: true });
  });
});
