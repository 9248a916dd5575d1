import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * The SSMS wizard's script for [dit-ag01] as a repository saved it (code index file 7993139209):
 * FOR DATABASE [ClaimsProvider_DIT], [CMCDB_DIT], JOIN on SERVERSQL01B, then for each database a
 * full and a log backup on SERVERSQL01A restored WITH NORECOVERY on SERVERSQL01B, and nothing
 * after. "Join a secondary database to an availability group" (S115): "After you prepare a
 * secondary database, you must join it to the availability group as soon as possible. This will
 * start data movement from the corresponding primary database to the secondary database."
 * validate said "valid" without a word, and check searched from both copies joined.
 */
const name = 'ssms-wizard-2012-restores-not-joined.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2012, fileName: name })
    .script.warnings.filter(besidesPrerequisites)
    .map((w) => [w.line, w.text.split(', and the script')[0]]);

describe('a wizard script that restores its copies on the secondary and never joins them', () => {
  it('warns at the last NORECOVERY restore of each copy, naming the statement that joins it', () => {
    expect(warnings(text)).toEqual([
      [
        98,
        'ClaimsProvider_DIT is restored WITH NORECOVERY on SERVERSQL01B, a secondary replica of dit-ag01',
      ],
      [
        122,
        'CMCDB_DIT is restored WITH NORECOVERY on SERVERSQL01B, a secondary replica of dit-ag01',
      ],
    ]);
    const all = readScriptReport(text, { version: 2012, fileName: name }).script.warnings.filter(
      besidesPrerequisites,
    );
    expect(all[0]?.text).toContain(
      'ALTER DATABASE [ClaimsProvider_DIT] SET HADR AVAILABILITY GROUP = [dit-ag01] on SERVERSQL01B',
    );
  });

  it('says nothing once the wizard’s joins follow on SERVERSQL01B', () => {
    const joined = `${text}\n:Connect SERVERSQL01B\nALTER DATABASE [ClaimsProvider_DIT] SET HADR AVAILABILITY GROUP = [dit-ag01];\nALTER DATABASE [CMCDB_DIT] SET HADR AVAILABILITY GROUP = [dit-ag01];\nGO\n`;
    expect(warnings(joined)).toEqual([]);
  });
});
