import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Azure SQL documentation, "Complete migration using a distributed AG" (SQL Server on Azure VMs,
 * ms.date 12/15/2021): after the failover "you can choose to maintain the distributed availability
 * group, or use DROP AVAILABILITY GROUP [DAG] on the both the source and target SQL Server instances
 * to drop it". The fixture runs the guide to its end, a DROP on OnPremNode1 and one on SQLVM1; the
 * inputs here leave one of them out, so the other side still holds DAG.
 */
const name = 'docs-azure-dag-complete-migration-drop.sql';
const guide = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const dropOn = (server: string) => `:Connect ${server}\nDROP AVAILABILITY GROUP [DAG];\nGO\n`;
const withoutDropOn = (server: string) => guide.replace(dropOn(server), '');

const droppedOf = (text: string) =>
  configsAfterScript(readScriptReport(text, { version: 2019, fileName: name }).script)
    .find((a) => a.config.kind === 'DISTRIBUTED')!
    .dropped.map((f) => `${f.line} ${f.reason.code} ${f.reason.message}`);

describe('a distributed group dropped on one side only (the Azure migration guide, S110)', () => {
  it('says the other side still holds it, where the source side drops it alone', () => {
    const text = withoutDropOn('SQLVM1');
    expect(text).not.toBe(guide);
    expect(droppedOf(text)).toEqual([
      expect.stringMatching(
        /^123 DISTRIBUTED_DROP_ONE_SIDE the script drops DAG on OnPremAG's side only \(DROP AVAILABILITY GROUP at line 123 on OnPremNode1\): AzureAG's side still holds DAG/,
      ),
    ]);
    const decided = scriptInput(name, text, { json: false, version: 2019 });
    expect(E.isLeft(decided) && decided.left.problems).toEqual([
      expect.stringContaining("AzureAG's side still holds DAG"),
    ]);
  });

  it('and where the target side drops it alone', () => {
    expect(droppedOf(withoutDropOn('OnPremNode1'))).toEqual([
      expect.stringMatching(/^\d+ DISTRIBUTED_DROP_ONE_SIDE .*OnPremAG's side still holds DAG/),
    ]);
  });

  it('leaves the guide’s DROP on both sides as before: the group is gone', () => {
    expect(droppedOf(guide)).toEqual([expect.stringMatching(/^123 GROUP_DROPPED /)]);
  });
});
