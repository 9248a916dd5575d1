import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createCluster } from '../../core/cluster/build.js';
import { clusterConfigArb } from '../cluster-arbitraries.js';
import { CommitCommand } from './CommitCommand.js';
import { FailoverCommand } from './FailoverCommand.js';
import { FaultCommand } from './FaultCommand.js';
import { LogCommand } from './LogCommand.js';
import { newModel } from './model.js';
import { RecoverCommand } from './RecoverCommand.js';

/**
 * Model-based test: random configurations (2–9 replicas, random availability and failover modes,
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT, versions) driven by fc.commands. On failure
 * fast-check prints the seed, the path and the replayPath of the shrunk command sequence.
 */
describe('the cluster against its model', () => {
  it('agrees with the model on acknowledged commits, lost commits, who is down and who may fail over', () => {
    fc.assert(
      fc.property(
        clusterConfigArb.chain((config) => {
          const replica = fc.constantFrom(...config.replicas.map((r) => r.name));
          const database = fc.constantFrom(...config.databases);
          const commands = [
            database.map((d) => new CommitCommand(d)),
            replica.map((r) => new FaultCommand('crash', r)),
            replica.map((r) => new FaultCommand('disconnect', r)),
            replica.map((r) => new RecoverCommand('restart', r)),
            replica.map((r) => new RecoverCommand('reconnect', r)),
            replica.map((r) => new RecoverCommand('time', r)),
            replica.map((r) => new LogCommand(r)),
            replica.map((r) => new FailoverCommand('planned', r)),
            replica.map((r) => new FailoverCommand('forced', r)),
          ];
          return fc.record({
            config: fc.constant(config),
            commands: fc.commands(commands, { size: '+1' }),
          });
        }),
        ({ config, commands }) => {
          const model = newModel(
            config.replicas.map((r) => r.name),
            config.databases,
          );
          fc.modelRun(() => ({ model, real: { cluster: createCluster(config) } }), commands);
        },
      ),
      { numRuns: 200 },
    );
  });
});
