import * as E from 'fp-ts/lib/Either.js';
import type { ConnectionAsk, ConnectionServer } from '../../../core/routing/connection.js';
import { type BadInput, badInput } from '../bad-input.js';
import { collector, OPTION, type ReadConnection, readConnectionOf } from './connection-values.js';

/**
 * A connection URL of go-mssqldb, Microsoft's Go driver (S366, README, "The recommended connection
 * string uses a URL format": `sqlserver://username:password@host/instance?param1=value&param2=value`,
 * or `host:port`), read as msdsn/conn_str.go reads it: the host and port of the URL, the instance
 * as the path's first segment, every query parameter by its lower-cased name, a parameter given
 * twice refused ("key %s provided more than once").
 */

const READ = new Set([
  'server',
  'port',
  'database',
  'applicationintent',
  'multisubnetfailover',
  'failoverpartner',
]);

/** parseBoolParam's spellings (strconv.ParseBool with yes and no), and Enabled or Disabled. */
const TRUE = new Set(['1', 't', 'true', 'yes', 'enabled']);
const FALSE = new Set(['0', 'f', 'false', 'no', 'disabled']);

const flagOf = (text: string | undefined): E.Either<string, boolean> => {
  // "Defaulting to true to prevent breaking change although other client libraries default to
  // false" (conn_str.go): a Go client dials every address of the listener unless told not to.
  if (text === undefined) return E.right(true);
  const v = text.trim().toLowerCase();
  if (TRUE.has(v)) return E.right(true);
  if (FALSE.has(v)) return E.right(false);
  return E.left(
    `multisubnetfailover = ${JSON.stringify(text)}: go-mssqldb refuses it ("invalid multiSubnetFailover value"); expected true or false`,
  );
};

/** `host[\instance]`, as the driver's server parameter is written. */
const serverOf = (text: string): ConnectionServer | null => {
  const m = /^([^\\]+)(?:\\(.+))?$/.exec(text.trim());
  return m === null
    ? null
    : { host: m[1]!.trim(), ...(m[2] === undefined ? {} : { instance: m[2].trim() }) };
};

const portOf = (text: string): E.Either<string, number> => {
  const port = Number(text);
  return /^\d+$/.test(text) && port >= 1 && port <= 65535
    ? E.right(port)
    : E.left(`port = ${JSON.stringify(text)}: a port is 1 to 65535`);
};

const EXPECTED = 'sqlserver://[user[:password]@]host[:port][/instance][?parameter=value&…]';

export const readGoUrl = (text: string): E.Either<BadInput, ReadConnection> => {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return E.left(badInput(OPTION, `not a URL: expected ${EXPECTED}`));
  }
  const { problems, take } = collector();
  const params = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    const name = key.toLowerCase();
    if (params.has(name)) problems.push(`${key} is given more than once: go-mssqldb refuses it`);
    params.set(name, value);
  }
  // The query's server and port, where given, replace the URL's, as the driver's map does.
  const instance = decodeURIComponent(url.pathname.replace(/^\//, '').split('/')[0] ?? '');
  const urlServer = `${decodeURIComponent(url.hostname)}${instance === '' ? '' : `\\${instance}`}`;
  const serverText = params.get('server') ?? urlServer;
  const server = serverText === '' ? null : serverOf(serverText);
  if (server === null) problems.push(`no host: expected ${EXPECTED}`);
  const portText = params.get('port') ?? (url.port === '' ? undefined : url.port);
  const port = portText === undefined ? undefined : take(portOf(portText));
  const database = params.get('database');
  // Only the exact value ReadOnly asks for read intent; any other value connects without it.
  const readOnly = params.get('applicationintent') === 'ReadOnly';
  if (readOnly && (database === undefined || database === ''))
    problems.push(
      'ApplicationIntent=ReadOnly without database: go-mssqldb refuses it before connecting ("database must be specified when ApplicationIntent is ReadOnly"); name a database of the group',
    );
  const multiSubnetFailover = take(flagOf(params.get('multisubnetfailover')));
  const partnerText = params.get('failoverpartner');
  const partner = partnerText === undefined ? undefined : serverOf(partnerText);
  if (partner === null)
    problems.push(
      `failoverpartner = ${JSON.stringify(partnerText)}: expected host or host\\instance`,
    );
  if (problems.length > 0 || server === null || multiSubnetFailover === undefined)
    return E.left(badInput(OPTION, ...problems));
  const intent: ConnectionAsk['intent'] = readOnly ? 'READ_ONLY' : 'READ_WRITE';
  return E.right(
    readConnectionOf(
      {
        server: { ...server, ...(port === undefined ? {} : { port }) },
        intent,
        database,
        multiSubnetFailover,
        failoverPartner: partner ?? undefined,
      },
      params,
      READ,
    ),
  );
};
