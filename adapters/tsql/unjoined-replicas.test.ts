import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/*
 * "Join a Secondary Replica to an Availability Group" (S98): "After a secondary replica is added to
 * an Always On availability group, the secondary replica must be joined to the availability group.
 * The join-replica operation must be performed on the instance of SQL Server that is hosting the
 * secondary replica." A Docker lab (rodboza/docker_sandbox, fixtures/lab-docker-external-main-sh.sql)
 * creates ag1 on sqlnode1 with the replicas sqlnode1, sqlnode2 and sqlnode3 and joins sqlnode2
 * only: its main.sh comments out both the container sqlnode3 and the JOIN there. validate said
 * "valid" without a word, and explain named sqlnode3 as an automatic-failover target.
 */
const name = 'lab-docker-external-main-sh.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2017, fileName: name })
    .script.warnings.map((w) => w.message)
    .filter((m) => m.includes('never joins ('));
const createLine = text.split('\n').findIndex((l) => l.startsWith('CREATE AVAILABILITY GROUP')) + 1;

describe('a replica the script never joins (a Docker lab run by main.sh)', () => {
  it('is a warning at the CREATE naming the replica and where the script joins', () => {
    expect(warnings(text)).toEqual([
      `${name}:${createLine}:1: warning: sqlnode3 is a replica of ag1 that the script never joins (ALTER AVAILABILITY GROUP [ag1] JOIN runs on sqlnode2, not on sqlnode3; "Join a Secondary Replica to an Availability Group": "the secondary replica must be joined to the availability group"): until it joins it hosts no copy of ag1's databases and receives no log, while validate, explain and check judge ag1 with every replica joined`,
    ]);
  });

  it('is no warning once the script joins it there, or removes it', () => {
    const join =
      ':Connect sqlnode3\nALTER AVAILABILITY GROUP [ag1] JOIN WITH (CLUSTER_TYPE = EXTERNAL);\nGO\n';
    expect(warnings(`${text}\n${join}`)).toEqual([]);
    const remove =
      ":Connect sqlnode1\nALTER AVAILABILITY GROUP [ag1] REMOVE REPLICA ON N'sqlnode3';\nGO\n";
    expect(warnings(`${text}\n${remove}`)).toEqual([]);
  });

  it('names a replica ALTER … ADD REPLICA adds and no JOIN reaches', () => {
    const add = [
      ':Connect sqlnode1',
      "ALTER AVAILABILITY GROUP [ag1] ADD REPLICA ON N'sqlnode4' WITH (ENDPOINT_URL = N'tcp://sqlnode4:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = EXTERNAL);",
      'GO',
    ].join('\n');
    expect(
      warnings(`${text}\n${add}`).map((m) => m.replace(/^.*warning: (\S+) .*$/, '$1')),
    ).toEqual(['sqlnode3', 'sqlnode4']);
  });

  it('says nothing where the script does not say where its JOINs run', () => {
    // Run server by server (no :Connect), as published pages often are: where JOIN runs is unknown.
    expect(warnings(text.replace(/^:Connect .*$/gm, ''))).toEqual([]);
    // A JOIN on a connection address names no replica.
    expect(warnings(text.replace(':Connect sqlnode2', ':Connect 127.0.0.1,1434'))).toEqual([]);
    // JOINs on instances named otherwise than the replicas (FQDNs) reach replicas it cannot name.
    expect(warnings(text.replace(':Connect sqlnode2', ':Connect sqlnode2.lab.local'))).toEqual([]);
    // A script that creates the group and joins nothing is not judged either.
    expect(warnings(text.replace(/ALTER AVAILABILITY GROUP \[ag1\] JOIN[^\n]*\n/, ''))).toEqual([]);
  });
});
