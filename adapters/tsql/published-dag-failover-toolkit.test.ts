import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Hannah Vernon's Distributed Availability Group Failover Toolkit (2022; S261), "How It Works":
 * "Distributed AGs only support FORCE_FAILOVER_ALLOW_DATA_LOSS; planned failover is not
 * available", so its step 5 demotes the global primary with SET (ROLE = SECONDARY) and its step 7
 * runs FORCE_FAILOVER_ALLOW_DATA_LOSS "on the SECONDARY NODE". 'Call out to Distributed Always On
 * Availability Groups' (S262): "Failovers only support the FORCE_FAILOVER_ALLOW_DATA_LOSS
 * options"; 'Distributed availability groups' (S43). The fixture is the toolkit's steps resolved
 * for Primary = server1 and Secondary = server3 over S58's deployment (the toolkit ships no
 * CREATE; the groups, servers and listeners are S58's). A DBA who writes step 7 as a planned
 * FAILOVER gets a statement SQL Server refuses; validate said nothing of it.
 */
const name = 'lab-vernon-dag-failover-toolkit.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const force = 'ALTER AVAILABILITY GROUP [distributedag] FORCE_FAILOVER_ALLOW_DATA_LOSS;';
const planned = 'ALTER AVAILABILITY GROUP [distributedag] FAILOVER;';

const refused = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2019, fileName: name }).script)
    .find((a) => a.config.kind === 'DISTRIBUTED')!
    .notApplied.map((n) => `${n.line}:${n.column} ${n.reason.code} ${n.reason.rule.document}`);

const lineOf = (script: string, statement: string) =>
  script.split('\n').findIndex((l) => l.startsWith(statement)) + 1;

describe('a distributed failover toolkit’s steps (S261), and step 7 written as FAILOVER', () => {
  it('as published, demote then FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder: nothing refused', () => {
    expect(refused(text)).toEqual([]);
  });

  it('FAILOVER in place of step 7 is refused at its line, citing S43', () => {
    const script = text.replace(force, planned);
    expect(refused(script)).toEqual([
      `${lineOf(script, planned)}:1 FAILOVER_FORM_NOT_SUPPORTED Distributed availability groups`,
    ]);
  });

  it('a refused FAILOVER moves no role: a FORCE_FAILOVER_ALLOW_DATA_LOSS after it on the forwarder is applied', () => {
    const script = text.replace(force, `${planned}\nGO\n${force}`);
    expect(refused(script)).toEqual([
      `${lineOf(script, planned)}:1 FAILOVER_FORM_NOT_SUPPORTED Distributed availability groups`,
    ]);
  });

  it('FAILOVER on the global primary, never demoted, gives both reasons', () => {
    const script = text
      .replace(
        ':Connect server1\nALTER AVAILABILITY GROUP [distributedag] SET (ROLE = SECONDARY);\nGO\n',
        '',
      )
      .replace(`:Connect server3\n${force}`, `:Connect server1\n${planned}`);
    const at = lineOf(script, planned);
    expect(refused(script)).toEqual([
      `${at}:1 FAILOVER_FORM_NOT_SUPPORTED Distributed availability groups`,
      `${at}:1 ALREADY_PRIMARY ALTER AVAILABILITY GROUP (Transact-SQL)`,
    ]);
  });

  it('an unplaced FAILOVER is refused too: no server runs it', () => {
    const script = text.replace(`:Connect server3\n${force}`, `:Connect nowhere\n${planned}`);
    expect(refused(script)).toEqual([
      `${lineOf(script, planned)}:1 FAILOVER_FORM_NOT_SUPPORTED Distributed availability groups`,
    ]);
  });
});
