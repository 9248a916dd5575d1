import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { decide } from '../core/decide/decide.js';
import { STAND_IN } from '../core/decide/like-databases.js';
import { resolveConfig } from '../core/model/config.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../core/model/facts.js';
import { toJSON } from '../core/model/json.js';
import { groupFactsForArb } from './arbitraries-group-facts.js';
import {
  backupTypeArb,
  databaseStateArb,
  lsnArb,
  nullable,
  suspendReasonArb,
  synchronizationHealthArb,
  synchronizationStateArb,
} from './arbitraries-model.js';
import { validConfigArb } from './arbitraries-valid.js';
import { decideByRule } from './decide-by-rule.js';
import { propertyRuns } from './runs.js';

/**
 * `decide` works a rule out once for databases whose inputs to it are alike and makes each
 * database's answer from that (core/decide/like-databases.ts). Here many databases copy another
 * database's rows, so they fall in one class, with every field the class's key leaves out changed
 * (LSNs, suspension, state, health, queues, the replica's spelling): the answers must be those of
 * every rule asked about each database alone.
 */

/**
 * Fields of a copied row changed at random: most of them fields no class's key holds; sometimes
 * one it does (is_database_joined, synchronization_state), which puts the copy in a class of its
 * own, and a key that left that field out would be caught answering it as its source.
 */
const changedFieldsArb: fc.Arbitrary<Partial<DatabaseReplicaFacts>> = fc.record(
  {
    isJoined: nullable(fc.boolean()),
    synchronizationState: nullable(synchronizationStateArb),
    databaseState: nullable(databaseStateArb),
    isSuspended: nullable(fc.boolean()),
    suspendReason: nullable(suspendReasonArb),
    isFailoverReady: nullable(fc.boolean()),
    lastHardenedLsn: nullable(lsnArb),
    lastRedoneLsn: nullable(lsnArb),
    lastCommitLsn: nullable(lsnArb),
    synchronizationHealth: nullable(synchronizationHealthArb),
    redoQueueKb: nullable(fc.integer({ min: 0, max: 1_000_000 })),
    origin: fc.constantFrom('a.json:/3', 'b.csv:12'),
  },
  { requiredKeys: [] },
);

/** Facts whose databases copy the rows of an earlier database (the first one copies none). */
const likeDatabasesArb: fc.Arbitrary<ClusterFacts> = validConfigArb
  .filter((c) => c.databases.length >= 2)
  .chain((config) =>
    fc.tuple(
      groupFactsForArb(config),
      fc.array(fc.nat(), {
        minLength: config.databases.length,
        maxLength: config.databases.length,
      }),
      fc.array(changedFieldsArb, { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
    ),
  )
  .map(([facts, picks, changes, respell, drops]) => {
    const databases = facts.config.databases;
    // Each database copies the one it picks, at or before it (itself: its own rows).
    const source = databases.map((_, i) => databases[(picks[i] ?? 0) % (i + 1)] as string);
    const copiesOf = (database: string) => databases.filter((_, i) => source[i] === database);
    let n = 0;
    const rows = facts.databaseReplicas.flatMap((row) => {
      const i = databases.indexOf(row.database);
      if (i >= 0 && source[i] !== row.database) return [];
      const copies = i < 0 ? [] : copiesOf(row.database).filter((d) => d !== row.database);
      // A copy may lack the row (a database absent on that replica).
      const kept = copies.filter(() => !(drops[n++ % drops.length] ?? false));
      return [
        row,
        ...kept.map((database) => ({
          ...row,
          ...changes[n++ % changes.length],
          database,
          replica: respell && n % 2 === 0 ? row.replica.toLowerCase() : row.replica,
        })),
      ];
    });
    return { ...facts, databaseReplicas: rows };
  });

describe('databases with like inputs', () => {
  it('are answered as each database asked alone is', () => {
    fc.assert(
      fc.property(likeDatabasesArb, backupTypeArb, (facts, backupType) => {
        expect(toJSON(decide(facts, { backupType }), 1)).toBe(
          toJSON(decideByRule(facts, { backupType }), 1),
        );
      }),
      { numRuns: propertyRuns(150) },
    );
  });
});

describe('facts whose text holds the stand-in', () => {
  it('are answered database by database: a replica named with it keeps its name', () => {
    const config = resolveConfig({
      name: 'AG',
      version: 2022,
      databases: ['A', 'B', 'C'],
      replicas: ['R1', 'R2', 'R3'].map((name) => ({
        name,
        endpointUrl: `TCP://${name.toLowerCase()}:5022`,
        availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
        failoverMode: 'AUTOMATIC' as const,
      })),
    });
    const facts = clusterFacts(createCluster(config));
    // A name no server gives (sysnames hold no NUL), but facts may carry anything.
    const odd = `R${STAND_IN}3`;
    const rename = (name: string) => (name === 'R3' ? odd : name);
    const renamed: ClusterFacts = {
      ...facts,
      config: {
        ...facts.config,
        replicas: facts.config.replicas.map((r) => ({ ...r, name: rename(r.name) })),
      },
      replicas: facts.replicas.map((r) => ({ ...r, name: rename(r.name) })),
      databaseReplicas: facts.databaseReplicas.map((d) => ({ ...d, replica: rename(d.replica) })),
    };
    const backup = decide(renamed).backup;
    expect(toJSON(backup)).toBe(toJSON(decideByRule(renamed).backup));
    expect(backup[1]?.jobs.filter((j) => j.replica === odd)).toHaveLength(12);
  });
});
