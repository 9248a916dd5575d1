import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepViolations } from '../core/cluster/invariants.js';
import { copyPhase, primaryName, synchronizationState } from '../core/cluster/select.js';
import { step } from '../core/cluster/step.js';
import type { Cluster, DatabaseCopy } from '../core/cluster/types.js';
import { truncationHolds } from '../core/lifecycle/access.js';
import type { ClusterEvent } from '../core/model/events.js';
import { toJSON } from '../core/model/json.js';
import {
  type LifecycleAction,
  lifecycleScenarioArb,
  lifecycleStart,
  resolveLifecycleAction,
} from './cluster-arbitraries.js';

/**
 * The database lifecycle over random groups and event sequences, from databases that exist only on
 * the primary: preparation comes before data movement, the primary keeps the log that secondaries
 * and seedings need, and one database's suspension or removal leaves the others alone. fast-check
 * prints the seed and path of a failure; replay it with `fc.assert(..., { seed, path })`.
 */

const copies = (c: Cluster) =>
  c.replicas.flatMap((r) =>
    Object.entries(r.databases).map(([db, copy]) => ({ replica: r.name, db, copy })),
  );

const copyOf = (c: Cluster, replica: string, db: string): DatabaseCopy | undefined =>
  c.replicas.find((r) => r.name === replica)?.databases[db];

const concerns = (e: ClusterEvent, replica: string, db: string): boolean =>
  'database' in e && e.database === db && (!('replica' in e) || e.replica === replica);

const text = (x: unknown) => toJSON(x);

/** Run a scenario, checking the shared invariants and `check` after every step. */
const runScenario = (
  cluster: Cluster,
  actions: readonly LifecycleAction[],
  check: (before: Cluster, event: ClusterEvent, after: Cluster) => string | null,
) => {
  let current = cluster;
  for (const [i, action] of actions.entries()) {
    for (const event of resolveLifecycleAction(current, action)) {
      const result = step(current, event);
      const violations = stepViolations(current, event, result);
      if (violations.length > 0)
        throw new Error(
          `after action ${i}, event ${text(event)}: ${violations.map((x) => `${x.invariant}: ${x.message}`).join('; ')}`,
        );
      if (result.refused.length > 0) {
        expect(result.cluster).toBe(current);
        continue;
      }
      const problem = check(current, event, result.cluster);
      if (problem !== null) throw new Error(`after action ${i}, event ${text(event)}: ${problem}`);
      current = result.cluster;
    }
  }
};

describe('the database lifecycle', () => {
  it('a secondary database moves data only after it was restored or seeded and then joined', () => {
    fc.assert(
      fc.property(lifecycleScenarioArb(80), ({ config, outsideHaveFullBackups, actions }) => {
        const initial = lifecycleStart(config, outsideHaveFullBackups);
        // How each joined copy came to be joined: restored then joined, seeded, or added as primary.
        const origin = new Map<string, string>();
        for (const { replica, db, copy } of copies(initial))
          if (copyPhase(copy) === 'JOINED') origin.set(`${replica}/${db}`, 'primary');
        runScenario(initial, actions, (before, event, after) => {
          for (const { replica, db, copy } of copies(after)) {
            const key = `${replica}/${db}`;
            const prior = copyOf(before, replica, db);
            const was = prior === undefined ? 'ABSENT' : copyPhase(prior);
            const is = copyPhase(copy);
            if (is === 'RESTORING' && was !== 'RESTORING') {
              const restored = was === 'ABSENT' && event.type === 'db.restore';
              const left =
                was === 'JOINED' && (event.type === 'db.leave' || event.type === 'db.remove');
              if (!(restored || left || was === 'SEEDING'))
                return `${key} became RESTORING from ${was} on ${event.type}`;
            }
            if (is === 'JOINED' && was !== 'JOINED') {
              const how =
                was === 'RESTORING' && event.type === 'db.join' && concerns(event, replica, db)
                  ? 'restored and joined'
                  : was === 'SEEDING'
                    ? 'seeded'
                    : was === 'ABSENT' && event.type === 'db.add' && primaryName(after) === replica
                      ? 'primary'
                      : null;
              if (how === null) return `${key} joined from ${was} on ${event.type}`;
              origin.set(key, how);
            }
            if (is !== 'JOINED') origin.delete(key);
            const state = synchronizationState(copy);
            const moving = state === 'SYNCHRONIZING' || state === 'SYNCHRONIZED';
            if (is === 'JOINED' && moving && replica !== primaryName(after) && !origin.has(key))
              return `${key} is ${state} but was never restored or seeded and joined`;
          }
          return null;
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the primary never truncates log that a joined secondary or a running seeding still needs', () => {
    let heldBack = 0;
    fc.assert(
      fc.property(lifecycleScenarioArb(80), ({ config, outsideHaveFullBackups, actions }) => {
        runScenario(
          lifecycleStart(config, outsideHaveFullBackups),
          actions,
          (before, event, after) => {
            for (const db of after.config.databases) {
              const truncated = after.catalog[db]?.truncatedLsn ?? 0n;
              const earlier = before.catalog[db]?.truncatedLsn;
              if (earlier !== undefined && truncated < earlier)
                return `${db}: the truncation point went back from ${earlier} to ${truncated}`;
              const holds = truncationHolds(after, db);
              for (const h of holds)
                if (h.lsn < truncated)
                  return `${db} truncated to ${truncated} past the ${h.kind} on ${h.holder} at ${h.lsn}`;
              const last = after.backups.at(-1);
              if (
                event.type === 'db.backup' &&
                event.backupType === 'LOG' &&
                last?.database === db &&
                truncated < last.lastLsn
              )
                heldBack++;
            }
            return null;
          },
        );
      }),
      { numRuns: 300 },
    );
    // Not vacuous: some log backups could not truncate to their end because the log was still needed.
    expect(heldBack).toBeGreaterThan(0);
  });

  it('suspending, resuming, leaving or removing one database, or its seeding failing, never changes another database', () => {
    const isolating = new Set(['db.suspend', 'db.resume', 'db.leave', 'db.remove', 'seeding.fail']);
    fc.assert(
      fc.property(lifecycleScenarioArb(80), ({ config, outsideHaveFullBackups, actions }) => {
        runScenario(
          lifecycleStart(config, outsideHaveFullBackups),
          actions,
          (before, event, after) => {
            if (!isolating.has(event.type) || !('database' in event)) return null;
            const whole = event.type === 'db.suspend' || event.type === 'db.resume';
            for (const { replica, db, copy } of copies(before)) {
              if (db === event.database) continue;
              const next = copyOf(after, replica, db);
              // A place freed on the seeding thread may start another database's queued seeding.
              const dequeued =
                !whole &&
                copyPhase(copy) !== 'SEEDING' &&
                next !== undefined &&
                copyPhase(next) === 'SEEDING';
              if (dequeued) continue;
              // Suspension leaves every other copy exactly as it was; the others leave their data
              // movement alone.
              const view = (x: DatabaseCopy | undefined) =>
                x === undefined
                  ? null
                  : whole
                    ? text([
                        x.machine.value,
                        x.machine.context,
                        x.received,
                        x.hardened,
                        x.redone,
                        x.seeding.value,
                      ])
                    : text([x.machine.value, x.received, x.hardened]);
              if (view(copy) !== view(next))
                return `${db} on ${replica} changed: ${view(copy)} -> ${view(next)}`;
            }
            return null;
          },
        );
      }),
      { numRuns: 300 },
    );
  });
});
