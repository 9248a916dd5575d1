import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { describe, expect, it } from 'vitest';
import {
  commandEvents,
  isConnectionAddress,
  renderCreate,
  renderEvent,
} from '../adapters/tsql/index.js';
import { readCreate, readScript } from '../adapters/tsql/script.js';
import type { Config } from '../core/model/config.js';
import type { ClusterEvent } from '../core/model/events.js';
import { OPTION_RANGES } from '../core/validation/ranges.js';
import { clusterEventArb, validConfigArb, validDistributedConfigArb } from './arbitraries.js';
import { propertyRuns } from './runs.js';

/**
 * T-SQL written by agstate reads back to what it was written from. Scripts are run in SQLCMD
 * mode, where `$(name)` is a variable wherever it appears, so values holding that text are left
 * out; so are empty server names, which no :Connect line can name, and servers written as
 * connection addresses (`tcp:host,port`), which name no replica.
 */
const sqlcmdSafe = (value: unknown): boolean => !JSON.stringify(value).includes('$(');

/**
 * Options within their documented ranges: the reader reports an ALTER that sets one outside it
 * (BACKUP_PRIORITY = 101) at its place, as SQL Server would refuse it.
 */
const inRange = (e: ClusterEvent): boolean => {
  const options =
    e.type === 'replica.modify' || e.type === 'ag.set'
      ? e.options
      : e.type === 'replica.add'
        ? e.spec
        : {};
  return Object.entries(options).every(([key, value]) => {
    const range = OPTION_RANGES[key];
    return range === undefined || typeof value !== 'number' || range.holds(value);
  });
};

/** The replicas a command event runs on, which its :Connect line names. */
const connectedTo = (e: ClusterEvent): string[] => {
  switch (e.type) {
    case 'ag.failover':
    case 'ag.forceFailover':
      return [e.target];
    case 'ag.setRoleSecondary':
    case 'replica.join':
    case 'replica.grantCreateDatabase':
    case 'replica.denyCreateDatabase':
    case 'db.join':
    case 'db.leave':
    case 'db.suspend':
    case 'db.resume':
    case 'db.backup':
    case 'db.restore':
      return [e.replica];
    default:
      return [];
  }
};

describe('renderCreate then reading', () => {
  const configs = fc.oneof(validConfigArb, validDistributedConfigArb).filter(sqlcmdSafe);

  it('gives back any valid configuration', () => {
    fc.assert(
      fc.property(configs, (c: Config) => {
        const read = readCreate(renderCreate(c), {
          version: c.version,
          cumulativeUpdate: c.cumulativeUpdate,
          fciReplicas: c.replicas.filter((r) => r.hostedByFci).map((r) => r.name),
        });
        // Read back, the configuration says where CREATE runs: the :Connect written for
        // `createdOn`, or null (the script does not say) when the configuration left it out.
        expect(read).toEqual(E.right({ ...c, createdOn: c.createdOn ?? null }));
      }),
      { numRuns: 300 },
    );
  });
});

describe('renderCreate with the instance CREATE runs on, then reading', () => {
  // CREATE runs on the instance that becomes the primary (S4): renderCreate writes it as the
  // :Connect before the statement, and reading gives it back as createdOn.
  const configs = fc
    .oneof(validConfigArb, validDistributedConfigArb)
    .filter(sqlcmdSafe)
    .chain((c) =>
      fc
        .constantFrom(...c.replicas.map((r) => r.name), 'SQLHOST\\INST1')
        .filter((name) => name.trim() !== '' && !isConnectionAddress(name))
        .map((createdOn): Config => ({ ...c, createdOn })),
    );

  it('gives back the configuration and where it was created', () => {
    fc.assert(
      fc.property(configs, (c: Config) => {
        const read = readCreate(renderCreate(c), {
          version: c.version,
          cumulativeUpdate: c.cumulativeUpdate,
          fciReplicas: c.replicas.filter((r) => r.hostedByFci).map((r) => r.name),
        });
        expect(read).toEqual(E.right(c));
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});

describe('renderEvent then reading', () => {
  const agName = fc.string({ minLength: 1, maxLength: 20 }).filter(sqlcmdSafe);
  const events = clusterEventArb.filter(
    (e) =>
      sqlcmdSafe(e) &&
      inRange(e) &&
      connectedTo(e).every((server) => server !== '' && !isConnectionAddress(server)),
  );

  it('gives back every command event (one event per statement T-SQL needs), and none for the rest', () => {
    fc.assert(
      fc.property(events, agName, (e, ag) => {
        const expected = commandEvents(e);
        const sql = renderEvent(e, ag);
        if (expected.length === 0) {
          expect(sql).toEqual(O.none);
          return;
        }
        expect(O.isSome(sql)).toBe(true);
        if (O.isNone(sql)) return;
        const read = readScript(sql.value, { version: 2025 });
        expect(E.map((s: { events: readonly ClusterEvent[] }) => s.events)(read)).toEqual(
          E.right(expected),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('writes single-change commands as one statement that reads back to the event itself', () => {
    const single = events.filter((e) => {
      const parts = commandEvents(e);
      return parts.length === 1 && parts[0] === e;
    });
    fc.assert(
      fc.property(single, agName, (e, ag) => {
        const read = readScript(O.getOrElse(() => '')(renderEvent(e, ag)), { version: 2025 });
        expect(E.isRight(read) && read.right.events).toEqual([e]);
      }),
      { numRuns: 300 },
    );
  });
});
