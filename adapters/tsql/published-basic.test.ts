import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Basic availability groups for a single database" (S41), Configuration: "When you create a
 * basic availability group, you must specify both replicas during creation", and "The
 * limitations of basic availability groups apply to the CREATE AVAILABILITY GROUP command when
 * WITH BASIC is specified". The group a whole script leaves can hold two replicas while its
 * CREATE, which SQL Server refuses, held one.
 */
const name = 'dbatools-basic-primary-then-add-replica.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const findingsOf = (script: string, version: 2016 | 2019 = 2016) =>
  readScriptReport(script, { version, fileName: name }).script.statements.flatMap((s) =>
    (s.findings ?? []).map((f) => `${f.line}:${f.column} ${f.reason.code}`),
  );

describe('CREATE … BASIC with the primary alone, then ADD REPLICA (dbatools examples)', () => {
  it('is refused at the CREATE, though the group the script leaves has two replicas', () => {
    const report = readScriptReport(text, { version: 2016, fileName: name });
    const [after] = configsAfterScript(report.script);
    expect(after?.config.replicas.map((r) => r.name)).toEqual(['sql2016std', 'sql2016std2']);
    expect(after?.config.databases).toEqual(['db1']);
    // The end state alone breaks no rule: only the CREATE as written does.
    expect(validateConfig(after!.config)).toEqual([]);
    expect(findingsOf(text)).toEqual(['14:48 BASIC_GROUP_CREATED_WITHOUT_BOTH_REPLICAS']);
  });

  it('a CREATE … BASIC with both replicas, or an advanced group, is not refused for it', () => {
    const both = text.replace(
      'SECONDARY_ROLE(ALLOW_CONNECTIONS = NO));\nGO\nALTER AVAILABILITY GROUP [BAG1] ADD REPLICA ON',
      'SECONDARY_ROLE(ALLOW_CONNECTIONS = NO)),',
    );
    expect(both).not.toBe(text);
    expect(findingsOf(both)).toEqual([]);
    expect(findingsOf(text.replace('BASIC, ', ''))).toEqual([]);
  });

  it('a configuration-only replica holds no data and does not count', () => {
    const withWitness = text.replace(
      ');\nGO\nALTER AVAILABILITY GROUP [BAG1] ADD REPLICA',
      "), N'witness' WITH (ENDPOINT_URL = N'TCP://witness:5022', AVAILABILITY_MODE = CONFIGURATION_ONLY);\nGO\nALTER AVAILABILITY GROUP [BAG1] ADD REPLICA",
    );
    expect(withWitness).not.toBe(text);
    // Configuration-only replicas came with SQL Server 2017 CU1: read on 2019.
    expect(findingsOf(withWitness, 2019)).toEqual([
      '14:48 BASIC_GROUP_CREATED_WITHOUT_BOTH_REPLICAS',
    ]);
  });
});
