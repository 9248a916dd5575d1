import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isUnknownReason } from '../../core/model/source.js';
import { configsAfterScript } from './configs-after.js';
import { groupKindUnknowns } from './group-kind.js';
import { readScriptReport } from './script.js';

/*
 * dbi services blog, "SQL Server 2016 : availability groups and the new potential support for
 * standard edition": ALTER AVAILABILITY GROUP BAG MODIFY REPLICA ON 'SQL162' WITH (SECONDARY_ROLE
 * (ALLOW_CONNECTIONS = READ_ONLY)) on a basic group gives "Msg 41199 … the AlwaysOn Availability
 * Groups allow_connections feature is not supported by this edition of SQL Server". The same
 * statement on an advanced group runs. A script that does not create BAG does not say which.
 */
const name = 'blog-dbi-basic-readable-secondary.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const unknowns = (script: string, version: 2014 | 2016 | 2022) => {
  const report = readScriptReport(script, { version, fileName: name });
  const grouped = new Set(configsAfterScript(report.script).flatMap((a) => a.statements));
  return groupKindUnknowns(
    report.script.statements.filter((s) => !grouped.has(s)),
    version,
  );
};

const CREATE_BAG = (kind: string) =>
  [
    ':Connect SQL161',
    `CREATE AVAILABILITY GROUP BAG WITH (${kind}) FOR DATABASE killerdb REPLICA ON 'SQL161' WITH (ENDPOINT_URL = 'TCP://SQL161:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC), 'SQL162' WITH (ENDPOINT_URL = 'TCP://SQL162:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);`,
    'GO',
  ].join('\n');

describe('a readable secondary on a group the script does not create (dbi services, Msg 41199)', () => {
  it('is unknown: a basic group refuses it, an advanced one takes it', () => {
    const found = unknowns(text, 2016);
    expect(found.map((f) => `${f.line}:${f.column} ${f.reason.code}`)).toEqual([
      '9:1 BASIC_GROUP_UNKNOWN',
    ]);
    expect(found.every((f) => isUnknownReason(f.reason))).toBe(true);
    expect(found[0]?.reason.settledBy).toEqual([
      'sys.availability_groups.basic_features for BAG',
      'the CREATE AVAILABILITY GROUP of BAG',
    ]);
    expect(found[0]?.reason.message).toMatch(
      /'SQL162' gets SECONDARY_ROLE \(ALLOW_CONNECTIONS = READ_ONLY\) in 'BAG'/,
    );
  });

  it('ADD REPLICA with ALLOW_CONNECTIONS = ALL is as unknown; NO is not', () => {
    const add = (allow: string) =>
      `ALTER AVAILABILITY GROUP BAG ADD REPLICA ON 'SQL163' WITH (ENDPOINT_URL = 'TCP://SQL163:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SECONDARY_ROLE (ALLOW_CONNECTIONS = ${allow}));`;
    expect(unknowns(add('ALL'), 2022).map((f) => f.reason.code)).toEqual(['BASIC_GROUP_UNKNOWN']);
    expect(unknowns(add('NO'), 2022)).toEqual([]);
  });

  it('is not unknown before SQL Server 2016, which has no basic groups', () => {
    expect(unknowns(text, 2014)).toEqual([]);
  });

  it('is not unknown when the script creates the group: its kind is known', () => {
    expect(unknowns(`${CREATE_BAG('BASIC')}\n${text}`, 2016)).toEqual([]);
    expect(unknowns(`${CREATE_BAG('DB_FAILOVER = OFF')}\n${text}`, 2016)).toEqual([]);
  });
});
