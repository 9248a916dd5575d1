import { type Config, initialPrimary } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';
import { parseLinkUrl } from '../validation/urls.js';

const rule = source(
  'S326',
  'Initial setup: to use automatic seeding to create the distributed availability group, the instance name of the global primary (source) must match the instance name of the forwarder (target); with a mismatch, use manual seeding and add any further database files by hand',
);

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The instance part of a replica name: `HOST\INSTANCE`, or the default instance's MSSQLSERVER. */
const instanceOf = (replica: string): string => {
  const at = replica.indexOf('\\');
  return at < 0 ? 'MSSQLSERVER' : replica.slice(at + 1);
};

/**
 * A distributed group that seeds its forwarder automatically (the second member's SEEDING_MODE)
 * where the global primary and the forwarder, the two groups' primaries, are different instance
 * names. Only where both member configurations are given; a Managed Instance link, which seeds
 * the managed instance by its own rules (S83), is left out.
 */
export const instanceNameFindings = (
  config: Config,
  memberConfigs: readonly Config[],
): readonly Reason[] => {
  const [first, second] = config.members;
  if (first === undefined || second === undefined || second.seedingMode !== 'AUTOMATIC') return [];
  if (config.members.some((m) => parseLinkUrl(m.listenerUrl) !== undefined)) return [];
  const groupOf = (name: string) =>
    memberConfigs.find((c) => c.kind !== 'DISTRIBUTED' && sameName(c.name, name));
  const sender = groupOf(first.name);
  const receiver = groupOf(second.name);
  const globalPrimary = sender === undefined ? undefined : initialPrimary(sender);
  const forwarder = receiver === undefined ? undefined : initialPrimary(receiver);
  if (globalPrimary === undefined || forwarder === undefined) return [];
  const from = instanceOf(globalPrimary.name);
  const to = instanceOf(forwarder.name);
  if (sameName(from, to)) return [];
  return [
    reason(
      'DISTRIBUTED_SEEDING_INSTANCE_NAMES_DIFFER',
      `${config.name} seeds ${second.name} automatically (SEEDING_MODE = AUTOMATIC), but its global primary ${globalPrimary.name} is instance ${from} and its forwarder ${forwarder.name} is instance ${to}: automatic seeding across a distributed group needs the same instance name on both; with different names, set SEEDING_MODE = MANUAL for ${second.name}, restore the databases WITH NORECOVERY on ${forwarder.name} and join them, and add any later database files there by hand`,
      rule,
    ),
  ];
};
