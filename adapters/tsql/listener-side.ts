import type { Config } from '../../core/model/config.js';
import { same } from './names.js';
import type { Script } from './result.js';

/**
 * Which member of a distributed group a `:Connect` reaches through that member's listener. A
 * connection to an availability group listener reaches the group's primary replica ("Availability
 * group listeners, client connectivity, and application failover", S15), so a statement run
 * through a member's listener runs on that side: the global primary's or the forwarder's.
 */

/** The host a `:Connect` names: without a `tcp:` prefix, a `,port` or a `\instance`. */
const hostOf = (server: string): string =>
  (server.replace(/^tcp:/i, '').split(',')[0] ?? '').split('\\')[0]?.trim() ?? '';

/** The host of a `TCP://host:port` URL, without brackets. */
const urlHost = (url: string): string | undefined =>
  /^tcp:\/\/\[?([^\]/]+?)\]?:\d+\/?$/i.exec(url.trim())?.[1];

/**
 * Whether a host names a listener: its DNS name as written, or the one written short and the
 * other fully qualified (ag1-listener and ag1-listener.contoso.com).
 */
const namesListener = (dns: string, host: string): boolean => {
  if (same(dns, host)) return true;
  const first = (name: string) => name.split('.')[0] ?? name;
  const dotted = (name: string) => name.includes('.');
  return dotted(dns) !== dotted(host) && same(first(dns), first(host));
};

/** Every listener the script gives a group: in its CREATE, or by ALTER … ADD LISTENER. */
const scriptListeners = (script: Script, group: string): readonly string[] => [
  ...script.configs.flatMap((c) =>
    c.kind !== 'DISTRIBUTED' && same(c.name, group) && c.listener !== null ? [c.listener.name] : [],
  ),
  ...script.statements.flatMap((s) =>
    s.group !== null && same(s.group, group) && s.outcome.kind === 'events'
      ? s.outcome.events.flatMap((e) => (e.type === 'ag.addListener' ? [e.listener.name] : []))
      : [],
  ),
];

/**
 * The member of `dag` whose listener `server` connects to: the host of the member's LISTENER_URL,
 * or a listener the script gives that member group, by its DNS name or its fully qualified name.
 */
export const memberThroughListener = (
  script: Script,
  dag: Config,
  server: string | null,
): string | undefined => {
  if (server === null) return undefined;
  const host = hostOf(server);
  if (host === '') return undefined;
  return dag.members.find((m) => {
    const listeners = [
      ...(urlHost(m.listenerUrl) === undefined ? [] : [urlHost(m.listenerUrl)!]),
      ...scriptListeners(script, m.name),
    ];
    return listeners.some((dns) => namesListener(dns, host));
  })?.name;
};
