import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * A PDO_SQLSRV data source name (S368, 'Support for High Availability, Disaster Recovery' of the
 * Microsoft Drivers for PHP for SQL Server, MicrosoftDocs/sql-docs, ms.date 07/31/2018): "This is
 * an example of enabling both TNIR and MultiSubnetFailover using the PDO_SQLSRV driver:
 * $connectionString = "sqlsrv:Server=$serverName; TransparentNetworkIPResolution=Enabled;
 * MultiSubnetFailover=yes";". The page's later text: "The drivers accept True, 1, or Yes, in any
 * case, and pass the option to the underlying ODBC driver. They treat any other value as False
 * without reporting an error, so a misspelled value silently disables the option."
 *
 * $serverName is asked as AGListener01, the two-subnet listener of Andy Mallon's group
 * (adapters/dmv/fixtures/blog-am2-two-listeners.json), where the multi-subnet note is what the flag
 * changes. Before, every sqlsrv: string was refused as "no Server (or Data Source) keyword".
 */

const TWO_SUBNETS = 'adapters/dmv/fixtures/blog-am2-two-listeners.json';

interface Connection {
  readonly server: string;
  readonly through: string;
  readonly outcome: string;
  readonly multiSubnetFailover?: boolean;
  readonly reasons: readonly { code: string }[];
  readonly ignoredKeywords: readonly string[];
}

const ask = async (connection: string): Promise<Connection> => {
  const r = await run(['decide', TWO_SUBNETS, '--connection', connection, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (json(r) as { result: { connection: Connection } }).result.connection;
};

const codes = (c: Connection) => c.reasons.map((r) => r.code);

describe('agstate decide --connection, a PDO_SQLSRV data source name', () => {
  it("reads the page's example through the listener, MultiSubnetFailover=yes", async () => {
    const c = await ask(
      'sqlsrv:Server=AGListener01; TransparentNetworkIPResolution=Enabled; MultiSubnetFailover=yes',
    );
    expect(c).toMatchObject({
      server: 'AGListener01',
      through: 'listener',
      outcome: 'connected',
      multiSubnetFailover: true,
    });
    expect(codes(c)).not.toContain('LISTENER_MULTI_SUBNET');
    expect(c.ignoredKeywords).toEqual(['transparentnetworkipresolution']);
  });

  it('takes 1 as True, and any other value as False, never as bad input', async () => {
    const one = await ask('sqlsrv:Server=AGListener01;Database=AppDB;MultiSubnetFailover=1');
    expect(one.multiSubnetFailover).toBe(true);
    const misspelt = await ask('sqlsrv:Server=AGListener01;Database=AppDB;MultiSubnetFailover=on');
    expect(misspelt.multiSubnetFailover).toBe(false);
    expect(codes(misspelt)).toContain('LISTENER_MULTI_SUBNET');
  });
});
