import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../model/config.js';
import { decodeConfig } from '../model/decode.js';
import type { SqlServerVersion } from '../model/enums.js';
import type { ClusterEvent } from '../model/events.js';
import { type CreateDistributedOptions, createDistributedEither } from './build.js';
import type { DistributedEvent } from './events.js';
import type { DistributedStepResult } from './result.js';
import { stepDistributed } from './step.js';
import type { DistributedCluster } from './types.js';

/**
 * The configuration of "Configure a distributed availability group" (S58, learn.microsoft.com/
 * sql/database-engine/availability-groups/windows/configure-distributed-availability-groups):
 * ag1 on server1 and server2 (the global primary is server1), ag2 on server3 and server4 (server3
 * is the forwarder), and distributedag joining them with ASYNCHRONOUS_COMMIT and MANUAL failover.
 */
export const documentedConfigs = (version: SqlServerVersion = 2019) => {
  const decode = (input: unknown): Config => {
    const c = decodeConfig(input);
    if (E.isLeft(c)) throw new Error(`bad configuration: ${JSON.stringify(c.left)}`);
    return c.right;
  };
  const replica = (server: string, failoverMode: 'AUTOMATIC' | 'MANUAL') => ({
    name: server,
    endpointUrl: `TCP://${server}.contoso.com:5022`,
    availabilityMode: 'SYNCHRONOUS_COMMIT',
    failoverMode,
    backupPriority: 50,
    seedingMode: 'AUTOMATIC',
  });
  const member = (name: string) => ({
    name,
    listenerUrl: `tcp://${name}-listener.contoso.com:5022`,
    availabilityMode: 'ASYNCHRONOUS_COMMIT',
    failoverMode: 'MANUAL',
    seedingMode: 'AUTOMATIC',
  });
  return {
    dag: decode({
      name: 'distributedag',
      version,
      kind: 'DISTRIBUTED',
      members: [member('ag1'), member('ag2')],
    }),
    ag1: decode({
      name: 'ag1',
      version,
      databases: ['db1'],
      replicas: [replica('server1', 'AUTOMATIC'), replica('server2', 'AUTOMATIC')],
    }),
    ag2: decode({
      name: 'ag2',
      version,
      replicas: [replica('server3', 'MANUAL'), replica('server4', 'MANUAL')],
    }),
  };
};

/** A mutable box around the immutable distributed group, for tests that read like the runbook. */
export class DistributedDriver {
  distributed: DistributedCluster;
  last: DistributedStepResult | undefined;
  constructor(
    version: SqlServerVersion = 2019,
    options: CreateDistributedOptions & { readonly seedingMode?: 'AUTOMATIC' | 'MANUAL' } = {},
  ) {
    const { dag, ag1, ag2 } = documentedConfigs(version);
    const members = dag.members.map((m) => ({
      ...m,
      seedingMode: options.seedingMode ?? 'AUTOMATIC',
    }));
    const d = createDistributedEither({ ...dag, members }, [ag1, ag2], { baseLsn: 0n, ...options });
    if (E.isLeft(d)) throw new Error(d.left.map((r) => r.message).join('; '));
    this.distributed = d.right;
  }
  do(event: DistributedEvent): DistributedStepResult {
    const r = stepDistributed(this.distributed, event);
    if (r.refused.length > 0)
      throw new Error(`${event.type} refused: ${r.refused.map((x) => x.code).join(', ')}`);
    this.distributed = r.distributed;
    this.last = r;
    return r;
  }
  refuse(event: DistributedEvent): string[] {
    const r = stepDistributed(this.distributed, event);
    if (r.refused.length === 0) throw new Error(`${event.type} was accepted`);
    return r.refused.map((x) => x.code);
  }
  member(member: string, event: ClusterEvent): DistributedStepResult {
    return this.do({ type: 'distributed.member', member, event });
  }
  commit(count = 1): DistributedStepResult {
    return this.member('ag1', { type: 'db.commit', database: 'db1', count });
  }
  /** Log crosses the link and is hardened at the forwarder. */
  shipAcross(): void {
    this.do({ type: 'distributed.ship' });
    this.do({ type: 'distributed.harden' });
  }
  log(database = 'db1') {
    return this.distributed.logs[database]!;
  }
}

const member = (name: 'ag1' | 'ag2', event: ClusterEvent): DistributedEvent => ({
  type: 'distributed.member',
  member: name,
  event,
});

/** Random events over the documented group: commits, log within and across the groups, faults, the failover's steps. */
export const distributedEvents: fc.Arbitrary<DistributedEvent> = fc.oneof(
  fc.constantFrom<DistributedEvent>(
    member('ag1', { type: 'db.commit', database: 'db1', count: 2 }),
    member('ag2', { type: 'db.commit', database: 'db1' }),
    member('ag1', { type: 'log.ship', replica: 'server2' }),
    member('ag1', { type: 'log.harden', replica: 'server2' }),
    member('ag2', { type: 'log.ship', replica: 'server4' }),
    member('ag2', { type: 'log.harden', replica: 'server4' }),
    member('ag2', { type: 'replica.crash', replica: 'server3' }),
    member('ag2', { type: 'replica.restart', replica: 'server3' }),
    member('ag2', { type: 'ag.failover', target: 'server4' }),
    { type: 'distributed.ship' },
    { type: 'distributed.harden' },
    { type: 'distributed.disconnect' },
    { type: 'distributed.reconnect' },
    { type: 'distributed.setRoleSecondary', member: 'ag1' },
    { type: 'distributed.failover', member: 'ag2' },
    { type: 'distributed.setRequiredSecondaries', value: 1 },
    { type: 'distributed.setRequiredSecondaries', value: 0 },
  ),
  fc.record({
    type: fc.constant('distributed.setAvailabilityMode' as const),
    member: fc.constantFrom('ag1', 'ag2'),
    mode: fc.constantFrom('SYNCHRONOUS_COMMIT' as const, 'ASYNCHRONOUS_COMMIT' as const),
  }),
);

/** The documented group after `steps` (refused steps leave it as it was). */
export const runDistributed = (
  steps: readonly DistributedEvent[],
  version: 2019 | 2022 = 2019,
): DistributedCluster =>
  steps.reduce(
    (d, e) => stepDistributed(d, e).distributed,
    new DistributedDriver(version).distributed,
  );
