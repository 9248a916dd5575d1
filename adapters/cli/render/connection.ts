import { type ConnectionAnswer, serverText } from '../../../core/routing/connection.js';
import type { ReadConnection } from '../input/connection-values.js';
import { reasonsLines, type Style } from './style.js';

/** `decide --connection`: the connection as the string asks it, where it goes, every reason. */
export const connectionStringLines = (
  style: Style,
  read: ReadConnection,
  answer: ConnectionAnswer,
): string[] => {
  const { ask } = read;
  const asked = [
    `Server=${serverText(ask.server)}`,
    ...(ask.failoverPartner === undefined
      ? []
      : [`Failover Partner=${serverText(ask.failoverPartner)}`]),
    `Database=${ask.database ?? "(none: the login's default database)"}`,
    `ApplicationIntent=${ask.intent === 'READ_ONLY' ? 'ReadOnly' : 'ReadWrite'}`,
    ...(ask.multiSubnetFailover === undefined
      ? []
      : [`MultiSubnetFailover=${ask.multiSubnetFailover ? 'True' : 'False'}`]),
  ];
  const through =
    answer.through === 'listener'
      ? 'through the listener'
      : answer.through === 'replica'
        ? 'straight to the replica (never routed)'
        : answer.through === 'failoverPartner'
          ? 'with a failover partner'
          : 'to a server the group does not name';
  const where =
    answer.outcome === 'refused'
      ? style.bad('refused')
      : answer.outcome === 'unknown'
        ? style.warn('unknown')
        : `${answer.outcome} ${answer.outcome === 'connected' ? 'on' : 'to'} ${style.name(answer.replica ?? '?')}${answer.readOnly === true ? ' (read-only)' : ''}`;
  const set =
    answer.loadBalancedSet === undefined || answer.loadBalancedSet.length < 2
      ? ''
      : ` (load-balanced over ${answer.loadBalancedSet.join(', ')}: each login goes to the next in turn)`;
  return [
    '',
    style.bold(`Connection (${asked.join('; ')})`),
    `  ${through}: ${where}${set}`,
    ...reasonsLines(style, answer.reasons, '    '),
    ...(answer.considered ?? []).flatMap((k) => [
      `    examined ${k.replica}: ${k.available ? 'available' : 'not available'}`,
      ...(k.available ? [] : reasonsLines(style, k.reasons, '      ')),
    ]),
    ...(read.ignored.length === 0
      ? []
      : [
          style.dim(
            `  not read (they do not decide where the connection goes): ${read.ignored.join(', ')}`,
          ),
        ]),
  ];
};

export const connectionJson = (read: ReadConnection, answer: ConnectionAnswer) => ({
  server: serverText(read.ask.server),
  intent: read.ask.intent,
  database: read.ask.database ?? null,
  ...(read.ask.multiSubnetFailover === undefined
    ? {}
    : { multiSubnetFailover: read.ask.multiSubnetFailover }),
  through: answer.through,
  outcome: answer.outcome,
  ...(answer.replica === undefined ? {} : { replica: answer.replica }),
  ...(answer.readOnly === undefined ? {} : { readOnly: answer.readOnly }),
  reasons: answer.reasons,
  ...(answer.considered === undefined ? {} : { considered: answer.considered }),
  ignoredKeywords: read.ignored,
});
