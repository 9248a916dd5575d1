import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as agstate from '../../core/index.js';
import { validateConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Database engine events and errors (41400 to 49999)" (S111), Msg 47111: "Local availability
 * replica for availability group '%.*ls' cannot be granted permission to create databases. The
 * replica is a configuration-only and cannot host databases inside the availability group."
 * CREATE AVAILABILITY GROUP (S4), CONFIGURATION_ONLY: "The replica will not contain user data."
 * Two published CLUSTER_TYPE = EXTERNAL set-ups run JOIN and GRANT CREATE ANY DATABASE on every
 * secondary, the configuration-only one included: rladda/MSSQL-AG-on-Linux-in-AWS (README.md, "Run
 * below commands on secondary replicas to join in the AG") and the HPE Serviceguard tutorial of the
 * SQL Server documentation ("Run the commands below on all the secondary replicas"). Both were
 * valid without a word; the GRANT on the configuration-only instance is refused at its line. The
 * documentation's Example A (docs-linux-configuration-only.sql) runs JOIN alone there.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const notApplied = (name: string) => {
  const report = readScriptReport(fixture(name), { version: 2019, fileName: name });
  const [after] = configsAfterScript(report.script);
  return after;
};

describe('GRANT CREATE ANY DATABASE on the configuration-only replica (Msg 47111, S111)', () => {
  it('rladda/MSSQL-AG-on-Linux-in-AWS: refused on sqlhaconfig only, the group as before', () => {
    const after = notApplied('lab-aws-linux-configuration-only.sql');
    expect(after?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [37, 'CONFIGURATION_ONLY_NO_CREATE_DATABASE'],
    ]);
    const why = after?.notApplied[0]?.reason;
    expect(why?.message).toContain('sqlhaconfig is the configuration-only replica of ag1');
    expect(why?.message).toContain('Msg 47111');
    expect(why?.message).toContain('cannot host databases inside the availability group');
    expect(why?.rule.document).toBe('Database engine events and errors (41400 to 49999)');
    // The GRANTs on the primary (line 27) and on sqlhalx2 (line 32) stand; the group is unchanged.
    expect(after?.config.databases).toEqual(['db1']);
    expect(validateConfig(after!.config)).toEqual([]);
  });

  it('the HPE Serviceguard tutorial: refused on node3, its configuration-only replica', () => {
    const after = notApplied('docs-hpe-serviceguard-backup-in-comment.sql');
    expect(after?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [48, 'CONFIGURATION_ONLY_NO_CREATE_DATABASE'],
    ]);
  });

  it("the documentation's Example A, JOIN alone on the configuration-only replica, is not refused", () => {
    const after = notApplied('docs-linux-configuration-only.sql');
    expect(after?.notApplied).toEqual([]);
  });

  it('simulate refuses the grant on the configuration-only replica and takes it on a secondary', () => {
    const config = agstate.decodeConfigOrThrow({
      name: 'ag1',
      version: 2019,
      clusterType: 'EXTERNAL',
      databases: ['db1'],
      replicas: [
        {
          name: 'node1',
          endpointUrl: 'TCP://node1:5022',
          availabilityMode: 'SYNCHRONOUS_COMMIT',
          failoverMode: 'EXTERNAL',
          seedingMode: 'AUTOMATIC',
        },
        {
          name: 'node2',
          endpointUrl: 'TCP://node2:5022',
          availabilityMode: 'SYNCHRONOUS_COMMIT',
          failoverMode: 'EXTERNAL',
          seedingMode: 'AUTOMATIC',
        },
        {
          name: 'node3',
          endpointUrl: 'TCP://node3:5022',
          availabilityMode: 'CONFIGURATION_ONLY',
          failoverMode: 'MANUAL',
        },
      ],
    });
    const start = agstate.createClusterOrThrow(config);
    const witness = agstate.step(start, { type: 'replica.grantCreateDatabase', replica: 'node3' });
    expect(witness.refused.map((r) => r.code)).toEqual(['CONFIGURATION_ONLY_NO_CREATE_DATABASE']);
    expect(witness.cluster).toBe(start);
    const secondary = agstate.step(start, {
      type: 'replica.grantCreateDatabase',
      replica: 'node2',
    });
    expect(secondary.refused).toEqual([]);
  });
});
