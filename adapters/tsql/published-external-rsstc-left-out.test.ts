import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { DOCUMENTS } from '../../core/model/source.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * A Docker lab (GitHub rodboza/docker_sandbox, scripts/script_4.sql: fixtures/lab-pacemaker-external.sql)
 * creates ag1 WITH (DB_FAILOVER = ON, CLUSTER_TYPE = EXTERNAL) on three synchronous replicas. Its
 * main.sh runs it with sqlcmd in containers of sql_master.Dockerfile (FROM
 * microsoft/mssql-server-linux:2017-latest, hadr.hadrenabled 1: no cluster manager), joins sqlnode2
 * (script_5.sql) and adds db1 (script_6.sql); no script sets REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT.
 * CREATE AVAILABILITY GROUP (S4): "The default is 0"; only Pacemaker's resource agent sets it to
 * the synchronous-commit replicas / 2 (S29), and "Pacemaker with Corosync is an example of an
 * external cluster manager" (S30). explain said "REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1:
 * commits on the primary fail while fewer than 1 synchronous secondaries are synchronized", as a fact.
 */
const name = 'lab-pacemaker-external.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const folded = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2017, fileName: name }).script);
const createLine = text.split('\n').findIndex((l) => l.startsWith('CREATE AVAILABILITY GROUP')) + 1;

describe('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT left out of an EXTERNAL group (a Docker lab)', () => {
  it('is unknown at the CREATE between SQL Server’s 0 and the agent’s 1', () => {
    const [ag] = folded(text);
    expect(ag?.config.requiredSynchronizedSecondariesToCommit).toBe(1);
    const [why, ...more] = ag?.unknown ?? [];
    expect(more).toEqual([]);
    expect([why?.line, why?.reason.code]).toEqual([createLine, 'RSSTC_LEFT_OUT_UNKNOWN']);
    expect(why?.reason.rule.document).toBe(DOCUMENTS.S4);
    expect(why?.reason.message).toContain('so SQL Server creates it with 0');
    expect(why?.reason.message).toContain('sets it to 1 for these replicas');
    expect(why?.reason.settledBy).toContain(
      'sys.availability_groups.required_synchronized_secondaries_to_commit on the running group',
    );
  });

  it('stands first among what explain says of commits, which follows the agent’s value', () => {
    const [ag] = folded(text);
    if (ag === undefined) throw new Error('no group');
    const commits = explainConfig(
      ag.config,
      ag.unknown.map((u) => u.reason),
    ).commits.map((r) => r.code);
    expect(commits[0]).toBe('RSSTC_LEFT_OUT_UNKNOWN');
    expect(commits).toContain('COMMITS_BLOCK');
  });

  it('is no question once the script writes a value, or where 0 is the agent’s value too', () => {
    const written = text.replace(
      'CLUSTER_TYPE = EXTERNAL)',
      'CLUSTER_TYPE = EXTERNAL, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1)',
    );
    expect(written).not.toBe(text);
    expect(folded(written)[0]?.unknown).toEqual([]);
    // A later SET writes it as well: then only a value other than the agent's is a question.
    const set = `${text}\nALTER AVAILABILITY GROUP [ag1] SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1);\n`;
    expect(folded(set)[0]?.unknown).toEqual([]);
    const asynchronous = text.replace(
      /(N'sqlnode3'\s+WITH\(\s+ENDPOINT_URL = N'tcp:\/\/sqlnode3:5022',\s+AVAILABILITY_MODE = )SYNCHRONOUS_COMMIT/,
      '$1ASYNCHRONOUS_COMMIT',
    );
    expect(asynchronous).not.toBe(text);
    expect(folded(asynchronous)[0]?.unknown).toEqual([]);
  });

  it('is no question on a WSFC group, whose default is the group’s', () => {
    const wsfc = text
      .replace('CLUSTER_TYPE = EXTERNAL)', 'CLUSTER_TYPE = WSFC)')
      .replaceAll('FAILOVER_MODE = EXTERNAL', 'FAILOVER_MODE = MANUAL');
    expect(folded(wsfc)[0]?.unknown).toEqual([]);
  });
});
