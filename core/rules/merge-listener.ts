import type { Config } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';

/**
 * How much of the listener a snapshot shows: nothing (no sys.availability_group_listeners), the
 * listener without its addresses (no sys.availability_group_listener_ip_addresses), or all of it.
 */
const listenerShown = (f: ClusterFacts): 0 | 1 | 2 =>
  f.listenersListed === false ? 0 : f.listenerAddressesListed === false ? 1 : 2;

const listenerUpTo = (config: Config, shown: 0 | 1 | 2): Config['listener'] =>
  shown === 0 || config.listener === null
    ? null
    : shown === 1
      ? { ...config.listener, addresses: [] }
      : config.listener;

/**
 * A configuration from snapshot `x`, as compared with snapshot `other`'s, version aside: what
 * either leaves unshown of the listener is not compared, since leaving a view out says nothing of
 * the group.
 */
export const comparableConfig = (config: Config, x: ClusterFacts, other: ClusterFacts): string =>
  JSON.stringify({
    ...config,
    version: null,
    productVersion: null,
    listener: listenerUpTo(config, Math.min(listenerShown(x), listenerShown(other)) as 0 | 1 | 2),
  });

/**
 * The base snapshot's configuration with the listener of the snapshot that shows most of it (the
 * base when no other shows more), and what the merged facts still do not show of it.
 */
export const withMergedListener = (
  base: ClusterFacts,
  all: readonly ClusterFacts[],
): Pick<ClusterFacts, 'config' | 'listenersListed' | 'listenerAddressesListed'> => {
  let best = base;
  for (const f of all) if (listenerShown(f) > listenerShown(best)) best = f;
  const shown = listenerShown(best);
  return {
    config: best === base ? base.config : { ...base.config, listener: best.config.listener },
    ...(shown === 0 ? { listenersListed: false } : {}),
    ...(shown === 1 ? { listenerAddressesListed: false } : {}),
  };
};
