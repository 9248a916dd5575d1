import { source, unknownReason } from '../model/source.js';
import { type ConfigRule, quote } from './codes.js';
import { parseTcpUrl } from './urls.js';

// The Database Engine's client (TDS) port when nothing changes it: mssql-conf 'network.tcpport'
// (S126) and SQL Server Configuration Manager's TCP Port for a default instance.
const DEFAULT_ENGINE_PORT = 1433;

/**
 * An ENDPOINT_URL on port 1433 names the port the instance's Database Engine listens on unless its
 * TCP port was changed, and the mirroring endpoint needs a port of its own (S125). A script does
 * not say the instance's port, so whether the endpoint can listen there is unknown, never "valid".
 */
export const endpointOnDefaultEnginePort: ConfigRule = (config) =>
  config.replicas
    .filter((r) => parseTcpUrl(r.endpointUrl)?.port === DEFAULT_ENGINE_PORT)
    .map((r) =>
      unknownReason(
        'ENDPOINT_URL_ON_ENGINE_PORT_UNKNOWN',
        `Replica ${quote(r.name)} has ENDPOINT_URL = ${quote(r.endpointUrl)}, on 1433, the port the Database Engine listens on for client connections unless its TCP port was changed (mssql-conf network.tcpport, or TCP Port in SQL Server Configuration Manager); the database mirroring endpoint listens on a port of its own, so if the instance's Database Engine uses 1433 the endpoint (CREATE ENDPOINT … LISTENER_PORT = 1433) cannot listen there and no replica reaches ${quote(r.name)}. The script does not say the instance's port.`,
        source('S125', 'The endpoint listens on a unique TCP port number'),
        [
          `sys.dm_tcp_listener_states on ${r.name} (port of the rows with type_desc TSQL and DATABASE_MIRRORING)`,
          `the TCP port of ${r.name}'s Database Engine (mssql-conf network.tcpport; SQL Server Configuration Manager, TCP Port)`,
        ],
      ),
    );
