import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { readScriptReport } from './script.js';

/*
 * Neaj-Morshad-101/SQL-Server-Kubernetes-Operator, all-resources/neaj/ag/ag-docker-setup/primary.sql:
 * 'CREATE ENDPOINT [Hadr_endpoint] AS TCP (LISTENER_PORT = 1433)' and both replicas at
 * ENDPOINT_URL = N'tcp://node_X:1433', on containers of mcr.microsoft.com/mssql/server:2019-latest
 * published with '-p 1471:1433' (steps.txt). 'The database mirroring endpoint (SQL Server)' (S125):
 * 'The database mirroring endpoint listens on a unique TCP port number'; 'Configure SQL Server on
 * Linux with the mssql-conf tool' (S126), Change the TCP port: 'By default, this port is set to
 * 1433'. The script does not say the containers' TCP port, so it is not 'valid' without a word.
 */
describe('a Docker lab whose mirroring endpoint is on 1433 (ag-docker-setup/primary.sql)', () => {
  const name = 'lab-docker-endpoint-1433.sql';
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

  it('is unknown for each replica, settled by sys.dm_tcp_listener_states', () => {
    const r = readScriptReport(text, { version: 2019, fileName: name, server: 'node_a' });
    expect(r.errors).toEqual([]);
    const judged = judgeConfig(r.script.configs[0]!);
    expect(judged.violations).toEqual([]);
    expect(judged.unknown.map((u) => [u.code, u.message.slice(0, 60)])).toEqual([
      [
        'ENDPOINT_URL_ON_ENGINE_PORT_UNKNOWN',
        "Replica 'node_a' has ENDPOINT_URL = 'tcp://node_a:1433', on ",
      ],
      [
        'ENDPOINT_URL_ON_ENGINE_PORT_UNKNOWN',
        "Replica 'node_b' has ENDPOINT_URL = 'tcp://node_b:1433', on ",
      ],
    ]);
    expect(
      judged.unknown.every((u) =>
        u.settledBy?.some((s) => s.includes('sys.dm_tcp_listener_states')),
      ),
    ).toBe(true);
  });
});
