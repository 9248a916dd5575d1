import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readDeployed, readScriptReport } from './script.js';

/*
 * "Configure a listener for an Always On availability group" (S106), Create an Additional
 * Listener: "Use Add-ClusterResource to create a network name and the IP address resources ...
 * Use Add-ClusterResourceDependency to set the dependency between the network name and the
 * existing SQL Server Availability Group resource", then "connect to the instance of SQL Server
 * that hosts the primary replica ... to modify the listener port". A Terraform lab
 * (fixtures/lab-azure-cluster-listener.sql) makes its listener so and then runs MODIFY LISTENER
 * N'ag1-lsnr' (PORT=1433): validate called it a violation ("ag1 has no listener ag1-lsnr",
 * UNKNOWN_LISTENER) and check refused the whole script at that line.
 */
const name = 'lab-azure-cluster-listener.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const options = { version: 2019 as const, fileName: name };
const groupAfter = (script: string) =>
  configsAfterScript(readScriptReport(script, options).script)[0];

describe('MODIFY LISTENER on a listener made in the WSFC cluster (Azure Terraform lab)', () => {
  it('is unknown at its line, settled by sys.availability_group_listeners, not refused', () => {
    const ag = groupAfter(text);
    expect(ag?.notApplied).toEqual([]);
    expect(ag?.unknown.map((u) => [u.line, u.reason.code])).toEqual([
      [40, 'LISTENER_OUTSIDE_SCRIPT'],
    ]);
    expect(ag?.unknown[0]?.reason.settledBy?.[0]).toBe(
      'sys.availability_group_listeners (dns_name, port) on the primary of ag1',
    );
    expect(ag?.unknown[0]?.reason.rule.document).toBe(
      'Configure a listener for an Always On availability group',
    );
  });

  it('leaves the group for check to search', () => {
    expect(E.isRight(readDeployed(text, options))).toBe(true);
  });

  it('is still refused where no cluster can hold the listener (CLUSTER_TYPE = NONE)', () => {
    const none = text
      .replace('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0)', 'CLUSTER_TYPE = NONE)')
      .replaceAll('FAILOVER_MODE = AUTOMATIC', 'FAILOVER_MODE = MANUAL');
    expect(none).not.toBe(text);
    const ag = groupAfter(none);
    expect(ag?.notApplied.map((n) => n.reason.code)).toEqual(['UNKNOWN_LISTENER']);
    expect(ag?.unknown).toEqual([]);
  });
});
