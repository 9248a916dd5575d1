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
