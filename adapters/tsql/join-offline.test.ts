import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * andreasjordan/demos, AlwaysOn_MultiInstance/02_setup_availability_group_demo_02_empty_availability_group.ps1
 * (fixture header): CREATE on SRV1\SQL2016, then JOIN on SRV2\SQL2016. Its SMO branch once met,
 * right after CREATE, "Failed to join the availability replica to availability group
 * 'MyTestAg2016' because the group is not online. Either bring the availability group online, or
 * drop and recreate it" (Msg 41136, S135). A script that takes the group OFFLINE before the JOIN
 * meets it every time: a group taken OFFLINE is not brought back online (S3).
 */
const text = readFileSync(
  new URL('./fixtures/lab-andreasjordan-empty-ag-join.sql', import.meta.url),
  'utf8',
);
const fold = (script: string) =>
  configsAfterScript(
    readScriptReport(script, { version: 2016, fileName: 'demo_02.sql' }).script,
  )[0]!;
const lineOf = (script: string, line: string) => script.split('\n').indexOf(line) + 1;

describe('JOIN after OFFLINE (Msg 41136)', () => {
  it('takes the published JOIN, run after the CREATE', () => {
    expect(fold(text).notApplied).toEqual([]);
  });

  it('refuses the JOIN where the script took the group OFFLINE first, naming that line', () => {
    const script = text.replace(
      ':Connect SRV2\\SQL2016',
      'ALTER AVAILABILITY GROUP [MyTestAg2016] OFFLINE;\nGO\n:Connect SRV2\\SQL2016',
    );
    const ag = fold(script);
    expect(ag.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [lineOf(script, 'ALTER AVAILABILITY GROUP [MyTestAg2016] JOIN;'), 'JOIN_GROUP_NOT_ONLINE'],
    ]);
    expect(ag.notApplied[0]!.reason.message).toContain(
      `taken OFFLINE at line ${lineOf(script, 'ALTER AVAILABILITY GROUP [MyTestAg2016] OFFLINE;')}`,
    );
  });
});
