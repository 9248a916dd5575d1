import type { Config } from '../model/config.js';
import { unknownReason } from '../model/source.js';
import { ROUTING_REASONS } from './codes.js';
import type { ListenerConnection } from './listener.js';

/**
 * Through the listener of a contained group, master and msdb are the group's own: "When you're
 * connected to the instance through the contained AG listener, when you interact with master,
 * you're actually redirected to the contained master database (for example, MyContainedAG_master)"
 * (S42, Connect (contained environment)). The name it has at instance level, in the snapshot's
 * rows, is `<group>_master` or `<group>_msdb` (S42, Contained system databases).
 */
export const containedSystemDatabase = (
  config: Pick<Config, 'kind' | 'name'>,
  database: string,
): string | undefined => {
  if (config.kind !== 'CONTAINED') return undefined;
  const system = ['master', 'msdb'].find((s) => s === database.toLowerCase());
  return system === undefined ? undefined : `${config.name}_${system}`;
};

const SETTLED_BY = [
  "a read-intent connection through the listener naming that database, and where it lands: SELECT @@SERVERNAME, DB_NAME() (sqlcmd -S <listener> -K ReadOnly -d master -Q '…')",
];

const landing = (c: ListenerConnection): string =>
  c.outcome === 'routed' || c.outcome === 'connected' ? `${c.outcome} to ${c.replica}` : c.outcome;

/**
 * A read-intent connection naming master or msdb through a contained group's listener opens the
 * group's own copy, a database of the group (S42), and read-only routing goes by the database the
 * connection names (S15); whether routing takes the contained copy as such is not documented. S42
 * asks a login made in the contained group only to name "a database that is part of the contained
 * AG in the connection string", and a routed login reaches the secondary at its
 * READ_ONLY_ROUTING_URL, an instance address, where master is the instance's own (S42: connected to
 * an instance, "you're in the environment of the instance, and not the contained AG"). So the
 * answer is the group database's where it and the instance database's (the primary) agree, and
 * unknown otherwise, with the group database's reasons.
 */
export const containedSystemConnection = (
  config: Pick<Config, 'name'>,
  primary: string,
  named: string,
  contained: string,
  inGroup: ListenerConnection,
): ListenerConnection => {
  if (inGroup.outcome === 'connected' && inGroup.replica === primary) return inGroup;
  const lands =
    inGroup.outcome === 'routed'
      ? `; the routed login reaches ${inGroup.replica} at its READ_ONLY_ROUTING_URL, an instance address, where ${named} is the instance's own, outside the contained environment, so a login made only in ${config.name} is not known there`
      : '';
  return {
    outcome: 'unknown',
    reasons: [
      unknownReason(
        'ROUTING_CONTAINED_SYSTEM_DATABASE',
        `unknown: whether read-only routing takes ${named} as a database of ${config.name}: through the listener of the contained group ${config.name}, ${named} is the group's own ${contained}, a database of the group, which gives ${landing(inGroup)}${lands}; taken as the instance's ${named}, outside the group, the connection stays on the primary ${primary}`,
        ROUTING_REASONS.ROUTING_CONTAINED_SYSTEM_DATABASE,
        SETTLED_BY,
      ),
      ...inGroup.reasons,
    ],
    considered: inGroup.considered,
  };
};
