import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { scriptInput, scriptScenario } from '../cli/commands/decide-distributed-model.js';

/*
 * Azure SQL documentation, "Complete migration using a distributed AG" (SQL Server on Azure VMs,
 * ms.date 12/15/2021): after the failover "you can choose to maintain the distributed availability
 * group, or use DROP AVAILABILITY GROUP [DAG] on the both the source and target SQL Server
 * instances to drop it"; DROP AVAILABILITY GROUP (S110): "Removes the specified availability group
 * and all of its replicas." The fixture is the guide's deployment ("Use distributed AG to migrate
 * availability group"), the failover of "Configure a distributed availability group" (S58) and the
 * two DROPs. decide went on to judge a failover back between the groups of a group no longer there.
 */
const name = 'docs-azure-dag-complete-migration-drop.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const options = { json: false, version: 2019 as const };

describe('a distributed group the script drops (S110)', () => {
  it('is not decided, and each DROP is named', () => {
    const input = scriptInput(name, text, options);
    expect(E.isLeft(input) && input.left.problems).toEqual([
      expect.stringContaining(
        'the script drops DAG after creating it (DROP AVAILABILITY GROUP at line 123 on OnPremNode1, line 126 on SQLVM1)',
      ),
    ]);
    expect(E.isLeft(scriptScenario(name, text, options))).toBe(true);
  });

  it('is decided without the DROPs, and a DROP before the CREATE does not count', () => {
    const lines = text.split('\n');
    const kept = lines.filter((l) => !/^DROP AVAILABILITY GROUP/.test(l)).join('\n');
    expect(E.isRight(scriptInput(name, kept, options))).toBe(true);
    const first = `:Connect OnPremNode1\nDROP AVAILABILITY GROUP [DAG];\nGO\n${kept}`;
    expect(E.isRight(scriptInput(name, first, options))).toBe(true);
  });
});
