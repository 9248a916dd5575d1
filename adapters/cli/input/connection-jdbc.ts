import * as E from 'fp-ts/lib/Either.js';
import type { ConnectionServer } from '../../../core/routing/connection.js';
import { type BadInput, badInput } from '../bad-input.js';
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
 * A Microsoft JDBC Driver connection URL (S163, 'Building the connection URL'):
 * `jdbc:sqlserver://[serverName[\instanceName][:portNumber]][;property=value[;property=value]]`,
 * the server given in the URL or by the serverName property. Property names are read in any case,
 * values escaped in braces as the driver reads them.
 */

const PROPERTIES = {
  server: ['servername', 'server'],
  instance: ['instancename'],
  port: ['portnumber', 'port'],
  database: ['databasename', 'database'],
  intent: ['applicationintent'],
  multiSubnetFailover: ['multisubnetfailover'],
  failoverPartner: ['failoverpartner'],
} as const;

const READ = new Set<string>(Object.values(PROPERTIES).flat());

/** `host[\instance]` of the URL or the serverName property; the port only in the URL, after ':'. */
const hostOf = (
  text: string,
): { readonly host: string; readonly instance?: string; readonly port?: string } | null => {
  const m = /^([^\\:]+)(?:\\([^:]+))?(?::(\d+))?$/.exec(text.trim());
  if (m === null) return null;
  return {
    host: m[1]!.trim(),
    ...(m[2] === undefined ? {} : { instance: m[2].trim() }),
    ...(m[3] === undefined ? {} : { port: m[3] }),
  };
};

/** The URL's value and the property's, refused where both are given and differ. */
const oneOf = (
  what: string,
  inUrl: string | undefined,
  property: string | undefined,
): E.Either<string, string | undefined> =>
  inUrl !== undefined && property !== undefined && inUrl.toLowerCase() !== property.toLowerCase()
    ? E.left(`the URL and the ${what} property name different values (${inUrl}, ${property})`)
    : E.right(inUrl ?? property);

export const readJdbc = (text: string): E.Either<BadInput, ReadConnection> => {
  const m = /^\s*jdbc:sqlserver:\/\/([^;]*)(.*)$/is.exec(text);
  if (m === null)
    return E.left(
      badInput(
        OPTION,
        'expected jdbc:sqlserver://[serverName[\\instanceName][:portNumber]][;property=value]',
      ),
    );
  const read = entriesOf(m[2]!, ';property=value pairs');
  if (E.isLeft(read)) return read;
  const entries = read.right;
  const { problems, take } = collector();
  const value = (names: readonly string[]) => take(keywordValue(entries, names));
  const urlServer = m[1]!.trim() === '' ? null : hostOf(m[1]!);
  if (urlServer === null && m[1]!.trim() !== '')
    problems.push(`jdbc:sqlserver://${m[1]}: expected serverName[\\instanceName][:portNumber]`);
  const propertyText = value(PROPERTIES.server);
  const propertyServer = propertyText === undefined ? null : hostOf(propertyText);
  if (propertyText !== undefined && propertyServer === null)
    problems.push(`serverName = ${JSON.stringify(propertyText)}: expected host[\\instanceName]`);
  const host = take(oneOf('serverName', urlServer?.host, propertyServer?.host));
  const instance = take(
    oneOf(
      'instanceName',
      urlServer?.instance ?? propertyServer?.instance,
      value(PROPERTIES.instance),
    ),
  );
  const portText = take(oneOf('portNumber', urlServer?.port, value(PROPERTIES.port)));
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535))
    problems.push(`portNumber = ${JSON.stringify(portText)}: a port is 1 to 65535`);
  const database = value(PROPERTIES.database);
  const intent = take(intentOf(value(PROPERTIES.intent)));
  const multiSubnetFailover = take(flagOf(value(PROPERTIES.multiSubnetFailover)));
  const partnerText = value(PROPERTIES.failoverPartner);
  const partner = partnerText === undefined ? undefined : hostOf(partnerText);
  if (partnerText !== undefined && partner === null)
    problems.push(
      `failoverPartner = ${JSON.stringify(partnerText)}: expected host[\\instanceName]`,
    );
  if (host === undefined && problems.length === 0)
    problems.push('no server: expected jdbc:sqlserver://serverName or the serverName property');
  // The driver's own refusals (S163, Connecting with multiSubnetFailover).
  if (multiSubnetFailover === true && instance !== undefined && port === undefined)
    problems.push(
      'instanceName with multiSubnetFailover=true and no portNumber: the JDBC driver generates an error ("SQL Browser isn\'t used in an availability group"); give the listener\'s portNumber',
    );
  if (multiSubnetFailover === true && partnerText !== undefined)
    problems.push(
      'failoverPartner with multiSubnetFailover=true: the JDBC driver generates an error; a listener takes multiSubnetFailover, a mirroring pair failoverPartner',
    );
  if (problems.length > 0 || host === undefined || intent === undefined)
    return E.left(badInput(OPTION, ...problems));
  const server: ConnectionServer = {
    host,
    ...(instance === undefined ? {} : { instance }),
    ...(port === undefined ? {} : { port }),
  };
  return E.right(
    readConnectionOf(
      {
        server,
        intent,
        database,
        multiSubnetFailover,
        failoverPartner:
          partner == null
            ? undefined
            : {
                host: partner.host,
                ...(partner.instance === undefined ? {} : { instance: partner.instance }),
              },
      },
      entries,
      READ,
    ),
  );
};
