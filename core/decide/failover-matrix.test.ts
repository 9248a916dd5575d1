import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster/build.js';
import { clusterFacts } from '../cluster/facts.js';
import {
  automaticFailover,
  automaticFailoverChoice,
  forcedFailover,
  plannedFailover,
} from '../failover/failover.js';
import { commitParticipants } from '../log/commit.js';
import { resolveConfig } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';

/**
 * Every row of the failover-form table (ag-rules §4.2; SEED003 "Types of Failover"; S1, S2) and
 * the worked example of the availability-modes page (S1).
 */

type Mode = 'sync-auto' | 'sync-manual' | 'async';
const replica = (name: string, mode: Mode, extra: { hostedByFci?: boolean } = {}) => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}.contoso.com:5022`,
  availabilityMode:
    mode === 'async' ? ('ASYNCHRONOUS_COMMIT' as const) : ('SYNCHRONOUS_COMMIT' as const),
  failoverMode: mode === 'sync-auto' ? ('AUTOMATIC' as const) : ('MANUAL' as const),
  ...extra,
});

/** Facts of a running group whose primary is P and whose secondary T is (or is not) synchronized. */
const facts = (
  primary: Mode,
  target: Mode,
  synchronized = true,
  targetExtra = {},
): ClusterFacts => {
  const config = resolveConfig({
    name: 'AG',
    version: 2019,
    databases: ['db1', 'db2'],
    replicas: [replica('P', primary), replica('T', target, targetExtra)],
  });
  const f = clusterFacts(createCluster(config));
  if (synchronized) return f;
  return {
    ...f,
    databaseReplicas: f.databaseReplicas.map((d) =>
      d.replica === 'T' && d.database === 'db2'
        ? { ...d, synchronizationState: 'SYNCHRONIZING', isFailoverReady: false }
        : d,
    ),
  };
};

const forms = (f: ClusterFacts) => ({
  automatic: automaticFailover(f, 'T').allowed,
  planned: plannedFailover(f, 'T').allowed,
  forced: forcedFailover(f, 'T').allowed,
});
const codes = (v: { reasons: readonly { code: string }[] }) => v.reasons.map((r) => r.code);

describe('the failover-form table', () => {
  it('sync+AUTOMATIC → sync+AUTOMATIC, synchronized: automatic, planned, and forced behaving as planned', () => {
    const f = facts('sync-auto', 'sync-auto');
    expect(forms(f)).toEqual({ automatic: true, planned: true, forced: true });
    expect(codes(forcedFailover(f, 'T'))).toContain('FORCED_BEHAVES_AS_PLANNED');
  });

  it('sync+AUTOMATIC → sync+AUTOMATIC, not synchronized: forced only, with possible data loss', () => {
    const f = facts('sync-auto', 'sync-auto', false);
    expect(forms(f)).toEqual({ automatic: false, planned: false, forced: true });
    expect(codes(automaticFailover(f, 'T'))).toEqual(['DATABASE_NOT_FAILOVER_READY']);
    expect(codes(plannedFailover(f, 'T'))).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    expect(codes(forcedFailover(f, 'T'))).toContain('POSSIBLE_DATA_LOSS');
  });

  it('sync+MANUAL primary → sync+AUTOMATIC target, synchronized: no automatic failover, planned and forced', () => {
    const f = facts('sync-manual', 'sync-auto');
    expect(forms(f)).toEqual({ automatic: false, planned: true, forced: true });
    expect(codes(automaticFailover(f, 'T'))).toEqual(['PRIMARY_FAILOVER_MODE_MANUAL']);
  });

  it.each<Mode>(['sync-auto', 'sync-manual'])(
    'sync (%s) primary → sync+MANUAL target, synchronized: planned and forced',
    (p) => {
      const f = facts(p, 'sync-manual');
      expect(forms(f)).toEqual({ automatic: false, planned: true, forced: true });
      expect(codes(automaticFailover(f, 'T'))).toContain('TARGET_FAILOVER_MODE_MANUAL');
    },
  );

  it('sync → sync, not synchronized: forced only', () => {
    expect(forms(facts('sync-manual', 'sync-manual', false))).toEqual({
      automatic: false,
      planned: false,
      forced: true,
    });
  });

  it('sync primary → async target: forced only, every reason listed', () => {
    const f = facts('sync-auto', 'async');
    expect(forms(f)).toEqual({ automatic: false, planned: false, forced: true });
    expect(codes(plannedFailover(f, 'T'))).toEqual([
      'TARGET_NOT_SYNCHRONOUS_COMMIT',
      'DATABASE_NOT_SYNCHRONIZED',
      'DATABASE_NOT_SYNCHRONIZED',
    ]);
    expect(codes(automaticFailover(f, 'T'))).toEqual(
      expect.arrayContaining([
        'TARGET_FAILOVER_MODE_MANUAL',
        'TARGET_NOT_SYNCHRONOUS_COMMIT',
        'DATABASE_NOT_FAILOVER_READY',
      ]),
    );
  });

  it('async primary → any target: forced only (the primary commits asynchronously for everyone)', () => {
    const f = facts('async', 'sync-manual');
    expect(forms(f)).toEqual({ automatic: false, planned: false, forced: true });
    expect(codes(plannedFailover(f, 'T'))).toContain('PRIMARY_NOT_SYNCHRONOUS_COMMIT');
  });

  it('a RESOLVING target: forced only', () => {
    const base = facts('sync-auto', 'sync-auto');
    const f: ClusterFacts = {
      ...base,
      replicas: base.replicas.map((r) => (r.name === 'T' ? { ...r, role: 'RESOLVING' } : r)),
    };
    expect(plannedFailover(f, 'T').allowed).toBe(false);
    expect(codes(plannedFailover(f, 'T'))).toContain('TARGET_RESOLVING');
    expect(forcedFailover(f, 'T').allowed).toBe(true);
  });

  it('a target hosted by a failover cluster instance: never automatic, planned and forced when synchronized', () => {
    const f = facts('sync-auto', 'sync-manual', true, { hostedByFci: true });
    expect(forms(f)).toEqual({ automatic: false, planned: true, forced: true });
    expect(codes(automaticFailover(f, 'T'))).toContain('TARGET_HOSTED_BY_FCI');
  });
});

describe('the worked example of the availability-modes page (S1)', () => {
  // 01 and 02: synchronous commit, automatic failover; 03: synchronous, manual; 04: asynchronous.
  const modes: Record<string, Mode> = {
    '01': 'sync-auto',
    '02': 'sync-auto',
    '03': 'sync-manual',
    '04': 'async',
  };
  const withPrimary = (p: string) => {
    const order = [p, ...Object.keys(modes).filter((n) => n !== p)];
    const config = resolveConfig({
      name: 'AG',
      version: 2016,
      databases: ['db1'],
      replicas: order.map((n) => replica(n, modes[n]!)),
    });
    return clusterFacts(createCluster(config));
  };

  it.each([
    ['01', '02'],
    ['02', '01'],
    ['03', null],
    ['04', null],
  ])('with %s primary the automatic failover target is %s', (primary, target) => {
    expect(automaticFailoverChoice(withPrimary(primary)).target).toBe(target);
  });

  it.each([
    ['01', ['02', '03']],
    ['02', ['01', '03']],
    ['03', ['01', '02']],
    ['04', []],
  ])(
    'with %s primary, planned failover (synchronous commit) is possible to %j',
    (primary, targets) => {
      const f = withPrimary(primary);
      const planned = Object.keys(modes).filter(
        (n) => n !== primary && plannedFailover(f, n).allowed,
      );
      expect(planned).toEqual(targets);
    },
  );
  // The columns "Synchronous-Commit Mode Behavior With" and "Asynchronous-Commit Mode Behavior
  // With": the commit waits for the first, never for the second.
  it.each([
    ['01', ['02', '03']],
    ['02', ['01', '03']],
    ['03', ['01', '02']],
    ['04', []],
  ])('with %s primary, a commit waits for %j', (primary, waits) => {
    expect([...commitParticipants(withPrimary(primary), 'db1')].sort()).toEqual(waits);
  });
});

describe('CLUSTER_TYPE = EXTERNAL (Pacemaker)', () => {
  const external = (
    replicas: readonly {
      name: string;
      mode: 'SYNCHRONOUS_COMMIT' | 'ASYNCHRONOUS_COMMIT' | 'CONFIGURATION_ONLY';
    }[],
  ) =>
    resolveConfig({
      name: 'AG',
      version: 2019,
      clusterType: 'EXTERNAL',
      databases: ['db1'],
      replicas: replicas.map((r) => ({
        name: r.name,
        endpointUrl: `TCP://${r.name.toLowerCase()}:5022`,
        availabilityMode: r.mode,
        failoverMode: 'EXTERNAL' as const,
      })),
    });

  it('two synchronous replicas and a configuration-only one: the secondary and the witness make 2 of 3, enough', () => {
    const f = clusterFacts(
      createCluster(
        external([
          { name: 'P', mode: 'SYNCHRONOUS_COMMIT' },
          { name: 'T', mode: 'SYNCHRONOUS_COMMIT' },
          { name: 'W', mode: 'CONFIGURATION_ONLY' },
        ]),
      ),
    );
    expect(automaticFailover(f, 'T').allowed).toBe(true);
    expect(automaticFailoverChoice(f).target).toBe('T');
  });

  it('two synchronous replicas alone at the default REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT 0: the secondary is 1 of the 2 it needs, and at 0 the agent does not fail over (S29 two-synchronous-replica table)', () => {
    const f = clusterFacts(
      createCluster(
        external([
          { name: 'P', mode: 'SYNCHRONOUS_COMMIT' },
          { name: 'T', mode: 'SYNCHRONOUS_COMMIT' },
        ]),
      ),
    );
    expect(automaticFailover(f, 'T').reasons.map((r) => r.code)).toEqual([
      'EXTERNAL_TOO_FEW_SEQUENCE_NUMBERS',
      'EXTERNAL_NO_REQUIRED_SECONDARIES',
    ]);
  });
});
