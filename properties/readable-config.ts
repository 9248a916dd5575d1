import fc from 'fast-check';
import type * as t from 'io-ts';
import type { Config } from '../core/model/config.js';
import { validateConfig } from '../core/validation/validate.js';
import { clusterConfigArb, clusterEventArb } from './cluster-arbitraries.js';

/**
 * clusterConfigArb's groups given what a DBA sets for reads and backups: each replica's
 * SECONDARY_ROLE (ALLOW_CONNECTIONS, READ_ONLY_ROUTING_URL), each replica's routing list (the
 * readable others, in a drawn order, ending with itself), a listener, the backup preference and
 * priorities. The snapshot properties draw from both, so that connections and backups meet
 * readable secondaries, routing and every preference.
 */
const readsAndBackups = (config: Config) =>
  fc
    .record({
      allow: fc.array(fc.constantFrom('NO', 'READ_ONLY', 'ALL'), {
        minLength: config.replicas.length,
        maxLength: config.replicas.length,
      }),
      priorities: fc.array(fc.constantFrom(0, 10, 50, 50, 90), {
        minLength: config.replicas.length,
        maxLength: config.replicas.length,
      }),
      preference: fc.constantFrom('PRIMARY', 'SECONDARY_ONLY', 'SECONDARY', 'NONE'),
      listener: fc.boolean(),
      order: fc.array(fc.nat(), {
        minLength: config.replicas.length,
        maxLength: config.replicas.length,
      }),
    })
    .map(({ allow, priorities, preference, listener, order }): Config => {
      const readable = config.replicas
        .map((r, i) => ({ name: r.name, allow: allow[i]!, rank: order[i]! }))
        .filter((r) => r.allow !== 'NO')
        .sort((a, b) => a.rank - b.rank)
        .map((r) => r.name);
      return {
        ...config,
        automatedBackupPreference: preference as Config['automatedBackupPreference'],
        listener: listener
          ? {
              name: 'AG1-listener',
              port: 1433 as t.Int,
              dhcp: false,
              addresses: [{ address: '10.0.0.50', subnetMask: '255.255.255.0' }],
            }
          : config.listener,
        replicas: config.replicas.map((r, i) => ({
          ...r,
          backupPriority: priorities[i]! as t.Int,
          secondaryRole: {
            allowConnections: allow[
              i
            ]! as Config['replicas'][number]['secondaryRole']['allowConnections'],
            readOnlyRoutingUrl: `TCP://${r.name.toLowerCase()}.contoso.com:1433`,
          },
          primaryRole: {
            ...r.primaryRole,
            readOnlyRoutingList: [...readable.filter((n) => n !== r.name), r.name],
          },
        })),
      };
    })
    .filter((c) => validateConfig(c).length === 0);

/** A configuration with reads and backups set, and a sequence of events over it. */
export const readableScenarioArb = (maxEvents = 60) =>
  clusterConfigArb.chain(readsAndBackups).chain((config) =>
    fc.record({
      config: fc.constant(config),
      events: fc.array(clusterEventArb(config), {
        minLength: Math.min(20, maxEvents),
        maxLength: maxEvents,
      }),
    }),
  );
