import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import * as agstate from '../../core/index.js';
import { validateConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Database engine events and errors (41400 to 49999)" (S111), Msg 47107: "The %ls operation is not
 * allowed by the current availability group configuration. The availability group '%.*ls' only
 * supports one relica which has configuration-only availability mode." linux-system-roles/mssql,
 * templates/configure_ag.j2, orders its replicas so that "previous witness replica is removed
 * beforehand. Otherwise, the script fails with 'only supports one replica which has
 * configuration-only availability mode.'" The fixture moves the witness the other way round: ADD
 * REPLICA of the new one, then REMOVE REPLICA of the old. The ADD was taken and, the old witness
 * removed after it, the script was valid with sqlrhel4 as the witness; SQL Server refuses the ADD,
 * so the REMOVE leaves the group with no configuration-only replica at all.
 */

const name = 'lab-system-roles-witness-replaced-add-first.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const groupAfter = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2019, fileName: name }).script)[0];

describe('a second configuration-only replica added before the first is removed (Msg 47107)', () => {
  it('refuses the ADD REPLICA at its line and leaves the group without a witness', () => {
    const found = groupAfter(text);
    expect(found?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [47, 'MULTIPLE_CONFIGURATION_ONLY_REPLICAS'],
      [56, 'UNKNOWN_REPLICA'],
    ]);
    const why = found?.notApplied[0]?.reason;
    expect(why?.message).toContain('ag1 already has the configuration-only replica sqlrhel3');
    expect(why?.message).toContain('Msg 47107');
    expect(why?.message).toContain('remove sqlrhel3 first, then add sqlrhel4');
    expect(why?.rule.document).toBe('Database engine events and errors (41400 to 49999)');
    expect(found?.config.replicas.map((r) => r.name)).toEqual(['sqlrhel1', 'sqlrhel2']);
    // Two synchronous replicas and no witness: the cluster manager cannot promote (S29).
    const automatic = explainConfig(found!.config).automaticFailover.map((r) => r.code);
    expect(automatic).toContain('EXTERNAL_TOO_FEW_VOTERS');
  });

  it("in the role's order, the old witness removed first, the new one is added", () => {
    const add = text.slice(text.indexOf('ALTER AVAILABILITY GROUP ag1 ADD REPLICA'));
    const addStatement = add.slice(0, add.indexOf(';') + 1);
    const remove = "ALTER AVAILABILITY GROUP ag1\n  REMOVE REPLICA ON N'sqlrhel3';";
    expect(text).toContain(remove);
    const reordered = text.replace(addStatement, '@@').replace(remove, addStatement);
    const found = groupAfter(reordered.replace('@@', remove));
    expect(found?.notApplied).toEqual([]);
    expect(found?.config.replicas.map((r) => r.name)).toEqual(['sqlrhel1', 'sqlrhel2', 'sqlrhel4']);
    expect(validateConfig(found!.config)).toEqual([]);
  });

  it('simulate refuses the same ADD REPLICA', () => {
    const config = groupAfter(text)!.config;
    const withWitness = agstate.decodeConfigOrThrow({
      ...JSON.parse(JSON.stringify(config)),
      replicas: [
        ...config.replicas,
        {
          name: 'sqlrhel3',
          endpointUrl: 'tcp://sqlrhel3.example.com:5022',
          availabilityMode: 'CONFIGURATION_ONLY',
          failoverMode: 'MANUAL',
        },
      ],
    });
    const start = agstate.createClusterOrThrow(withWitness);
    const r = agstate.step(start, {
      type: 'replica.add',
      spec: {
        name: 'sqlrhel4',
        endpointUrl: 'tcp://sqlrhel4.example.com:5022',
        availabilityMode: 'CONFIGURATION_ONLY',
        failoverMode: 'MANUAL',
      },
    });
    expect(r.refused.map((x) => x.code)).toContain('MULTIPLE_CONFIGURATION_ONLY_REPLICAS');
  });
});

/*
 * ALTER AVAILABILITY GROUP (S3), JOIN: "Causes the local server instance to host a secondary
 * replica in the specified availability group." 'Join a Secondary Replica to an Availability Group'
 * (S98): "After a secondary replica is added to an Always On availability group, the secondary
 * replica must be joined to the availability group. The join-replica operation must be performed on
 * the instance of SQL Server that is hosting the secondary replica." The new witness's ADD REPLICA
 * refused, the JOIN join_to_ag.j2 then runs on sqlrhel4 was taken without a word; SQL Server
 * refuses it, as the step does (UNKNOWN_REPLICA).
 */
describe('JOIN on an instance the group has no replica for', () => {
  it('refuses the JOIN on sqlrhel4 at its line, naming the ADD REPLICA it needs', () => {
    const join = groupAfter(text)?.notApplied.find((n) => n.line === 56)?.reason;
    expect(join?.code).toBe('UNKNOWN_REPLICA');
    expect(join?.message).toContain('sqlrhel4 is not a replica of ag1 here');
    expect(join?.message).toContain("ADD REPLICA ON N'sqlrhel4' on the primary");
  });

  it('takes a JOIN whose :Connect names the replica by the host of its ENDPOINT_URL', () => {
    const byHost = text.replace(':Connect sqlrhel2\n', ':Connect sqlrhel2.example.com\n');
    expect(byHost).toContain(':Connect sqlrhel2.example.com');
    expect(groupAfter(byHost)?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [47, 'MULTIPLE_CONFIGURATION_ONLY_REPLICAS'],
      [56, 'UNKNOWN_REPLICA'],
    ]);
  });
});
