import * as E from 'fp-ts/lib/Either.js';
import type { ConnectionServer } from '../../../core/routing/connection.js';
import { type BadInput, badInput } from '../bad-input.js';
import { readGoUrl } from './connection-go.js';
import { readJdbc } from './connection-jdbc.js';
import {
  collector,
  entriesOf,
  flagOf,
  intentOf,
  keywordValue,
  OPTION,
  type ReadConnection,
  readConnectionOf,
} from './connection-values.js';

/**
 * `--connection`: an application's connection string (SqlClient or ODBC keywords, as
 * @tediousjs/connection-string parses them: quoting, braces and case as the drivers read them),
 * turned into the question the routing rules answer. Only the keywords that decide where a
 * connection goes are read; the others are named (never their values: they may hold a password).
 */

/** Each keyword's synonyms (SqlClient's ConnectionString keywords; ODBC's alike). */
const KEYWORDS = {
  server: ['server', 'data source', 'address', 'addr', 'network address'],
  database: ['database', 'initial catalog'],
  intent: ['applicationintent', 'application intent'],
  multiSubnetFailover: ['multisubnetfailover', 'multi subnet failover'],
  failoverPartner: ['failover partner', 'failover_partner'],
} as const;

const READ = new Set<string>(Object.values(KEYWORDS).flat());

/** `[tcp:|np:|lpc:|admin:]host[\instance][,port]`, as SqlClient's Data Source is written. */
const serverOf = (keyword: string, text: string): E.Either<string, ConnectionServer> => {
  const match = /^(?:(tcp|np|lpc|admin):)?([^\\,]+?)(?:\\([^,]+))?(?:,\s*(\d+))?$/i.exec(
    text.trim(),
  );
  if (match === null)
    return E.left(`${keyword} = ${JSON.stringify(text)}: expected [tcp:]host[\\instance][,port]`);
  const [, protocol, host, instance, port] = match;
  if (protocol !== undefined && protocol.toLowerCase() === 'np')
    return E.left(
      `${keyword} = ${JSON.stringify(text)}: a named-pipes connection does not reach a listener, which takes TCP only; give the TCP server`,
    );
  const portNumber = port === undefined ? undefined : Number(port);
  if (portNumber !== undefined && (portNumber < 1 || portNumber > 65535))
    return E.left(`${keyword} = ${JSON.stringify(text)}: a port is 1 to 65535`);
  return E.right({
    host: host!.trim(),
    ...(instance === undefined ? {} : { instance: instance.trim() }),
    ...(portNumber === undefined ? {} : { port: portNumber }),
  });
};

/** A PDO_SQLSRV data source name: `sqlsrv:` before the keyword=value pairs (S368). */
const PDO_PREFIX = /^\s*sqlsrv:/i;

/**
 * The PHP drivers' MultiSubnetFailover: "The drivers accept True, 1, or Yes, in any case ... They
 * treat any other value as False without reporting an error" (S368).
 */
const pdoFlagOf = (text: string | undefined): E.Either<string, boolean | undefined> =>
  E.right(
    text === undefined ? undefined : ['true', '1', 'yes'].includes(text.trim().toLowerCase()),
  );

export const readConnection = (text: string): E.Either<BadInput, ReadConnection> => {
  if (/^\s*jdbc:/i.test(text)) return readJdbc(text);
  if (/^\s*sqlserver:\/\//.test(text)) return readGoUrl(text);
  if (PDO_PREFIX.test(text)) return readKeywords(text.replace(PDO_PREFIX, ''), pdoFlagOf);
  return readKeywords(text, flagOf);
};

const readKeywords = (
  text: string,
  flagOf: (text: string | undefined) => E.Either<string, boolean | undefined>,
): E.Either<BadInput, ReadConnection> => {
  const read = entriesOf(text, 'keyword=value pairs separated by ;');
  if (E.isLeft(read)) return read;
  const entries = read.right;
  const { problems, take } = collector();
  const serverText = take(keywordValue(entries, KEYWORDS.server));
  const partnerText = take(keywordValue(entries, KEYWORDS.failoverPartner));
  const database = take(keywordValue(entries, KEYWORDS.database));
  const intent = take(intentOf(take(keywordValue(entries, KEYWORDS.intent))));
  const multiSubnetFailover = take(
    flagOf(take(keywordValue(entries, KEYWORDS.multiSubnetFailover))),
  );
  if (serverText === undefined && problems.length === 0)
    problems.push('no Server (or Data Source) keyword: expected the server the client connects to');
  const server = serverText === undefined ? undefined : take(serverOf('Server', serverText));
  const partner =
    partnerText === undefined ? undefined : take(serverOf('Failover Partner', partnerText));
  // The drivers' own refusal (S164, Upgrading to use multi-subnet clusters from database
  // mirroring; the ODBC driver's 'High availability and disaster recovery' alike).
  if (multiSubnetFailover === true && partnerText !== undefined)
    problems.push(
      'Failover Partner with MultiSubnetFailover=True: SqlClient and the ODBC driver generate an error before connecting ("If a connection string uses Failover Partner and MultiSubnetFailover=True, the driver will generate an error"); a listener takes MultiSubnetFailover, a mirroring pair Failover Partner',
    );
  if (problems.length > 0 || server === undefined || intent === undefined)
    return E.left(badInput(OPTION, ...problems));
  return E.right(
    readConnectionOf(
      { server, intent, database, multiSubnetFailover, failoverPartner: partner },
      entries,
      READ,
    ),
  );
};
