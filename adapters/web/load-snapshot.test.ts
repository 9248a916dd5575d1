import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { packageRoot } from '../chart/generate.js';
import { snapshotTextToFactsEither } from '../dmv/index.js';
import { snapshotSession } from './load-snapshot.js';
import { sessionView } from './view.js';

/**
 * A DMV snapshot as the page's starting state. The snapshots are the bundled ones that
 * docs/dmv-snapshot.md describes: sync-secondary-disconnected.json was "taken on the primary
 * while SQLNODE2 is DISCONNECTED and NOT SYNCHRONIZING"; secondary.json on a secondary, which
 * does not show the other replicas' states.
 */

const snapshot = (file: string) =>
  readFileSync(join(packageRoot(), 'examples', 'snapshots', file), 'utf8');

describe('a DMV snapshot as the starting state', () => {
  it('starts where the snapshot is: SQLNODE2 disconnected and NOT SYNCHRONIZING', () => {
    const text = snapshot('sync-secondary-disconnected.json');
    const session = snapshotSession(text);
    if (E.isLeft(session)) throw new Error(session.left.problems.join('; '));
    const view = sessionView(session.right);
    expect(view.cursor).toBe(view.trace.length - 1);
    expect(view.trace.map((t) => t.label)).toEqual([
      'start: DMV snapshot of AGSales',
      'disconnect SQLNODE2',
      'advance time 10 s',
    ]);
    expect(view.trace[1]?.note).toMatch(/^SQLNODE2: connected_state_desc = DISCONNECTED/);
    expect(view.group.primary).toBe('SQLNODE1');
    expect(view.replicas.map((r) => [r.name, r.role, r.connected])).toEqual([
      ['SQLNODE1', 'PRIMARY', 'CONNECTED'],
      ['SQLNODE2', 'SECONDARY', 'DISCONNECTED'],
      ['SQLDR1', 'SECONDARY', 'CONNECTED'],
    ]);
    expect(view.copies.map((c) => [c.replica, c.synchronizationState])).toEqual([
      ['SQLNODE1', 'SYNCHRONIZED'],
      ['SQLNODE2', 'NOT SYNCHRONIZING'],
      ['SQLDR1', 'SYNCHRONIZING'],
    ]);
    // The decisions on the start agree with the decisions on the snapshot itself: no planned
    // failover to a copy that is not SYNCHRONIZED.
    const facts = snapshotTextToFactsEither(text);
    if (E.isLeft(facts)) throw new Error('the bundled snapshot does not read');
    const onSnapshot = decide(facts.right).failover.targets;
    const planned = (ts: typeof onSnapshot) => ts.map((t) => [t.replica, t.planned.status]);
    expect(planned(view.decisions.failover.targets as typeof onSnapshot)).toEqual(
      planned(onSnapshot),
    );
    // The snapshot cannot tell SQLNODE2's role (role_desc is NULL while it is disconnected), so a
    // forced failover to it is unknown there; the start assumes a running secondary, and says so.
    expect(onSnapshot.find((t) => t.replica === 'SQLNODE2')?.forced.status).toBe('unknown');
    expect(view.trace[0]?.note).toContain("the facts do not say SQLNODE2's role");
    // What the start cannot reproduce is said on the first step: the copies' lag.
    expect(view.trace[0]?.note).toContain(
      'SalesDB on SQLNODE2 has hardened up to LSN 1025000004380200001',
    );
    expect(view.trace[0]?.note).toContain(
      'SalesDB on SQLDR1 has hardened up to LSN 1025000004417900001',
    );
  });

  it('refuses a snapshot that does not say which replica is primary, naming what would', () => {
    const session = snapshotSession(snapshot('secondary.json'));
    expect(E.isLeft(session) && session.left).toEqual({
      message: 'DMV snapshot: no simulated group can start from it',
      problems: [expect.stringContaining('sys.dm_hadr_availability_replica_states.role_desc')],
    });
  });

  it('lists every problem of a snapshot it cannot read, with its place', () => {
    const session = snapshotSession('{ "sys.availability_groups": [] ');
    expect(E.isLeft(session) && session.left.message).toBe(
      'DMV snapshot: not a snapshot agstate can read',
    );
  });
});
