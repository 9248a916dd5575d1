import * as E from 'fp-ts/lib/Either.js';
import resyncThreeReplicas from '../../examples/resync-three-replicas.json' with { type: 'json' };
import {
  type Config,
  type ConfigInput,
  type ReplicaInput,
  resolveConfig,
} from '../model/config.js';
import { decodeConfig } from '../model/decode.js';
import type { ClusterEvent } from '../model/events.js';
import { ScenarioInput } from '../model/scenario.js';
import { type CreateClusterOptions, createCluster } from './build.js';
import { clusterFacts } from './facts.js';
import type { StepResult } from './result.js';
import { simulate } from './simulate.js';
import { step } from './step.js';
import type { Cluster } from './types.js';

/** Shared by the example tests: load a bundled configuration and drive a cluster through events. */

/** The bundled configurations, imported as modules so that this helper reads no file itself. */
const EXAMPLES = { 'resync-three-replicas.json': resyncThreeReplicas } as const;

export const loadExampleConfig = (file: keyof typeof EXAMPLES): Config => {
  const decoded = decodeConfig(EXAMPLES[file]);
  if (E.isLeft(decoded)) throw new Error(`bad example ${file}: ${JSON.stringify(decoded.left)}`);
  return decoded.right;
};

/**
 * A scenario document (the parsed JSON of a fixture, with its configuration inline) simulated
 * from its start, as `agstate simulate` runs it.
 */
export const simulateScenario = (document: unknown) => {
  const decoded = ScenarioInput.decode(document);
  if (E.isLeft(decoded) || 'tsql' in decoded.right.config)
    throw new Error('the scenario does not decode, or names a T-SQL file');
  const scenario = decoded.right;
  return simulate(resolveConfig(scenario.config as ConfigInput), scenario.steps, {
    baseLsn: scenario.baseLsn ?? 0n,
  });
};

/** A mutable box around the immutable cluster, for tests that read like a runbook. */
export class Driver {
  cluster: Cluster;
  last: StepResult | undefined;
  /** LSNs start at 0 unless the options say otherwise, so tests read like the seeds' numbers. */
  constructor(config: Config, options: CreateClusterOptions = {}) {
    this.cluster = createCluster(config, { baseLsn: 0n, ...options });
  }
  /** Apply an event that must be accepted. */
  do(event: ClusterEvent): StepResult {
    const r = step(this.cluster, event);
    if (r.refused.length > 0)
      throw new Error(`${event.type} refused: ${r.refused.map((x) => x.code).join(', ')}`);
    this.cluster = r.cluster;
    this.last = r;
    return r;
  }
  /** Apply an event that must be refused; returns the reason codes. */
  refuse(event: ClusterEvent): string[] {
    const r = step(this.cluster, event);
    if (r.refused.length === 0) throw new Error(`${event.type} was accepted`);
    return r.refused.map((x) => x.code);
  }
  facts() {
    return clusterFacts(this.cluster);
  }
  row(replica: string, database: string) {
    return this.facts().databaseReplicas.find(
      (d) => d.replica === replica && d.database === database,
    );
  }
  replica(name: string) {
    return this.facts().replicas.find((r) => r.name === name);
  }
  state(replica: string, database: string) {
    return this.row(replica, database)?.synchronizationState;
  }
  /** ship and harden the log to a replica (all databases). */
  sync(replica: string) {
    this.do({ type: 'log.ship', replica });
    this.do({ type: 'log.harden', replica });
  }
}

/** A synchronous-commit replica with automatic failover, for the small groups tests build. */
export const automaticReplica = (name: string) => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}:5022`,
  availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
  failoverMode: 'AUTOMATIC' as const,
});

/** A synchronous secondary with automatic seeding, for the seeding tests. */
export const seedingReplica = (name: string, extra: Partial<ReplicaInput> = {}): ReplicaInput => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}.contoso.com:5022`,
  availabilityMode: 'SYNCHRONOUS_COMMIT',
  failoverMode: 'MANUAL',
  seedingMode: 'AUTOMATIC',
  ...extra,
});
