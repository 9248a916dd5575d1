import type { Config, Replica } from '../model/config.js';
import type { Reason } from '../model/source.js';
import {
  namesListener,
  redirectUrlHostUnknown,
  routingUrlHostUnknown,
} from '../routing/routing-url.js';
import type { ConfigRule } from './codes.js';
import { placeholdersIn } from './urls.js';

const templated = (url: string | null): boolean => url !== null && placeholdersIn(url).length > 0;

/** A READ_ONLY_ROUTING_URL naming the listener loops, which ROUTING_URL_IS_LISTENER says. */
const leftAside = (url: string | null, config: Config): boolean =>
  templated(url) ||
  (url !== null && config.listener !== null && namesListener(url, config.listener));

/**
 * A routing URL naming another host than its replica's own (its name or its ENDPOINT_URL host):
 * SQL Server takes it, and sends routed or redirected clients there unchecked (S144, S17), so a
 * mistyped host fails their logins (S173). decide says so of a snapshot; a configuration or
 * script gets the same unknown, naming what settles it. A URL still holding a template
 * placeholder is left to the URL rules, and one naming the group's listener to ROUTING_URL_IS_LISTENER.
 */
const hostsOf = (replica: Replica, config: Config): readonly Reason[] => [
  ...(leftAside(replica.secondaryRole.readOnlyRoutingUrl, config)
    ? []
    : routingUrlHostUnknown(replica)),
  ...(templated(replica.primaryRole.readWriteRoutingUrl)
    ? []
    : redirectUrlHostUnknown(replica, 'a secondary replica', config.listener)),
];

export const routingUrlHosts: ConfigRule = (config) =>
  config.replicas.flatMap((r) => hostsOf(r, config));
