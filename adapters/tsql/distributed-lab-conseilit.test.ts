import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
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
