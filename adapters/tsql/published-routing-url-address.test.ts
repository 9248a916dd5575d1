import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Hasura docs, 'MS SQL Server Read Replicas Using Docker' (hasura.io/docs/latest/schema/
 * ms-sql-server/mssql-guides/mssql-read-replicas-docker-setup/): three SQL Server 2019 containers
 * whose docker-compose file gives sqlNode1, sqlNode2 and sqlNode3 the ipv4_address 172.16.238.21,
 * .22 and .23; the group's ENDPOINT_URLs name the containers, and step 9 sets each
 * READ_ONLY_ROUTING_URL to an address: "the read only routing URL should be such that you are able
 * to connect from outside the container, so it's better to provide the actual IP of the node".
 * 'Configure read-only routing' (S13): system-address "Is a string, such as a system name, a fully
 * qualified domain name, or an IP address, that unambiguously identifies the destination computer
 * system". A script does not show which machine holds an address, so each URL stays unknown, but
 * validate explained it as a name ("only if that name is an alias of it (a DNS alias, an FCI's
 * distributed network name)") and had it settled by "nslookup 172.16.238.22 from the client", a
 * reverse lookup that ties no address to sqlNode2; the compose file's ipv4_address, that is the
 * addresses of the node's machine, settles it. The script is steps 6 to 10 with :Connect lines
 * added (the fixture's header says so).
 */
const script = readFileSync(
  new URL('./fixtures/hasura-docker-read-replicas-ip-routing.sql', import.meta.url),
  'utf8',
);
const judged = (text: string) => {
  const [after] = configsAfterScript(
    readScriptReport(text, { version: 2019, fileName: 'hasura.sql' }).script,
  );
  if (after === undefined) throw new Error('no group');
  return judgeConfig(after.config);
};

describe('a READ_ONLY_ROUTING_URL that names an IP address (S13), in a published Docker lab', () => {
  it('is unknown for each replica, as an address of its machine, settled by that machine', () => {
    const unknown = judged(script).unknown;
    expect(unknown.map((u) => u.code)).toEqual([
      'ROUTING_URL_HOST_NOT_REPLICA',
      'ROUTING_URL_HOST_NOT_REPLICA',
      'ROUTING_URL_HOST_NOT_REPLICA',
    ]);
    const sqlNode2 = unknown[1]!;
    expect(sqlNode2.message).toContain(
      'names the address 172.16.238.22, which is not the host of its ENDPOINT_URL tcp://sqlNode2:5022',
    );
    expect(sqlNode2.message).toContain(
      "reaches sqlNode2 only if 172.16.238.22 is an address of sqlNode2's machine",
    );
    expect(sqlNode2.message).not.toMatch(/alias/);
    expect(sqlNode2.settledBy).toEqual([
      "the IP addresses of sqlNode2's machine (ipconfig on Windows, ip addr on Linux), against 172.16.238.22",
      "SELECT CONNECTIONPROPERTY('local_net_address') on a TCP connection made to sqlNode2",
      'SELECT @@SERVERNAME on a read-intent connection through the listener that names a database of the group',
      'sys.availability_replicas.read_only_routing_url of sqlNode2',
    ]);
  });

  it('says the same of a READ_WRITE_ROUTING_URL naming an address (S17)', () => {
    const redirect = `${script}
ALTER AVAILABILITY GROUP [AG1] MODIFY REPLICA ON N'sqlNode1'
WITH (PRIMARY_ROLE (READ_WRITE_ROUTING_URL = N'tcp://172.16.238.21:1433'));
GO
`;
    const unknown = judged(redirect).unknown.find(
      (u) => u.code === 'CONNECT_REDIRECT_URL_HOST_NOT_REPLICA',
    );
    expect(unknown?.message).toContain(
      "reaches sqlNode1 only if 172.16.238.21 is an address of sqlNode1's machine",
    );
    expect(unknown?.settledBy?.[0]).toBe(
      "the IP addresses of sqlNode1's machine (ipconfig on Windows, ip addr on Linux), against 172.16.238.21",
    );
  });

  it("keeps a name's wording, and the REMOVE LISTENER the page runs before any listener exists", () => {
    // The node's own name (compose's extra_hosts spell it sqlNode2.labl.local) is its machine.
    const own = script.replace("N'tcp://172.16.238.22:1433'", "N'tcp://sqlNode2.labl.local:1433'");
    expect(
      judged(own)
        .unknown.map((u) => u.message)
        .join(),
    ).not.toContain('sqlNode2');
    const mistyped = script.replace(
      "N'tcp://172.16.238.22:1433'",
      "N'tcp://sqlNdoe2.lab.local:1433'",
    );
    const sqlNode2 = judged(mistyped).unknown[1]!;
    expect(sqlNode2.message).toContain('names the host sqlndoe2.lab.local');
    expect(sqlNode2.message).toContain('only if that name is an alias of it');
    expect(sqlNode2.settledBy?.[0]).toBe(
      'nslookup sqlndoe2.lab.local from the client, against the address of sqlNode2',
    );
    // Step 10 removes AGListener before adding it: SQL Server refuses that first statement.
    const [ag] = configsAfterScript(
      readScriptReport(script, { version: 2019, fileName: 'hasura.sql' }).script,
    );
    expect(ag?.notApplied.map((n) => n.reason.code)).toEqual(['UNKNOWN_LISTENER']);
    expect(ag?.config.listener?.port).toBe(1434);
  });
});
