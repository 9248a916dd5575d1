import * as O from 'fp-ts/lib/Option.js';
import {
  connectLine,
  memberSpec,
  quoteName,
  quoteString,
  renderCreate,
  renderEvent,
} from './render.js';
import type { Script, StatementResult } from './result.js';

/**
 * A script read by agstate, written back statement by statement: every configuration, event,
 * distributed member list, session setting and statement kept on an unnamed replica, each with
 * the `:Connect` it ran under, so that reading the result gives the same reading. Skipped
 * statements are left out, and control flow is not kept (nested statements come out flat).
 */
export const renderScript = (script: Script): string => {
  let current: string | null = null;
  const out: string[] = [];
  for (const s of script.statements) {
    const sql = statementSql(s);
    if (sql === null) continue;
    const connect = s.server === null || s.server === current ? [] : [connectLine(s.server)];
    if (s.server !== null) current = s.server;
    // A command that runs on its own replica writes its :Connect itself: drop a repeat.
    const lines = sql.split('\n').filter((l) => current === null || l !== connectLine(current));
    out.push([...connect, ...lines].join('\n'));
  }
  return out.join('\n');
};

const alter = (group: string | null) => `ALTER AVAILABILITY GROUP ${quoteName(group ?? '')}`;

const statementSql = (s: StatementResult): string | null => {
  const o = s.outcome;
  switch (o.kind) {
    case 'config':
      return `${renderCreate(o.config)}GO\n`;
    case 'events':
      if (s.kept?.joinClusterType !== undefined)
        return `${alter(s.group)} JOIN WITH (CLUSTER_TYPE = ${s.kept.joinClusterType});\nGO\n`;
      return o.events
        .map((e) => renderEvent(e, s.group ?? ''))
        .flatMap((r) => (O.isSome(r) ? [r.value] : []))
        .join('');
    case 'members':
      return `${alter(s.group)} ${o.action === 'join' ? 'JOIN' : 'MODIFY'} AVAILABILITY GROUP ON\n${o.members
        .map((m) => memberSpec(m.name, m))
        .join(',\n')};\nGO\n`;
    case 'session':
      return `EXEC sp_set_session_context @key = ${quoteString(o.key)}, @value = ${quoteString(o.value)};\nGO\n`;
    case 'traceFlags':
      return `DBCC ${o.on ? 'TRACEON' : 'TRACEOFF'} (${[...o.flags, -1].join(', ')});\nGO\n`;
    case 'unplaced':
      return `${o.sql};\nGO\n`;
    case 'skipped':
      return null;
  }
};
