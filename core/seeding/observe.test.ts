import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../cluster/observation.js';
import { Driver, seedingReplica } from '../cluster/test-support.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { seedingPermissionMessage } from './seeding.js';
import { automaticSeedingRows, physicalSeedingStats } from './view.js';
import { SEEDING_XEVENTS } from './xevents.js';

/**
 * SEED001 "Monitor automatic seeding", paragraph by paragraph: the SQL Server Log, the two DMVs at
 * each point of a seeding, and the extended events of its table, as the cluster step emits them.
 */

const P = 'SQLWIN';
const S = 'SQLLNX';
const DB = 'db1';
const GB = 10 ** 9;

const replica = seedingReplica;

/** A cross-platform read-scale group (S31): Windows primary with trace flag 9567, Linux secondary. */
const config = (extra: Partial<ConfigInput> = {}) =>
  resolveConfig({
    name: 'AGName',
    version: 2017,
    clusterType: 'NONE',
    replicas: [
      replica(P, { defaultDataPath: 'c:\\data\\', traceFlags: [9567] }),
      replica(S, { defaultDataPath: '/var/opt/mssql/data/' }),
    ],
    ...extra,
  });

const group = (c = config()) => {
  return new Driver(c, {
    start: 'unprepared',
    catalog: { [DB]: { hasFullBackup: true, sizeBytes: 4 * GB } },
  });
};

/** The step's SQL Server Log lines and extended events, in order, as `kind name@server`. */
const trail = (observations: readonly Observation[]): string[] =>
  observations.flatMap((o) =>
    o.type === 'xevent'
      ? [`${o.name}@${o.server}`]
      : o.type === 'errorlog'
        ? [`errorlog@${o.server}`]
        : [],
  );

const xevent = (observations: readonly Observation[], name: string, server: string) =>
  observations.find((o) => o.type === 'xevent' && o.name === name && o.server === server);

const logLines = (observations: readonly Observation[]) =>
  observations.flatMap((o) => (o.type === 'errorlog' ? [o] : []));

describe('SEED001: a seeding from request to COMPLETED', () => {
  it('shows its extended events, its SQL Server Log lines and the DMV rows at each step', () => {
    const ag = group();
    expect(trail(ag.do({ type: 'replica.grantCreateDatabase', replica: S }).observations)).toEqual(
      [],
    );

    const added = ag.do({ type: 'db.add', database: DB });
    expect(trail(added.observations)).toEqual([
      `hadr_automatic_seeding_start@${P}`,
      `hadr_automatic_seeding_state_transition@${P}`,
      `hadr_db_manager_seeding_request_msg@${S}`,
      `errorlog@${P}`,
    ]);
    expect(xevent(added.observations, 'hadr_automatic_seeding_state_transition', P)).toMatchObject({
      fields: {
        database_name: DB,
        remote_replica: S,
        previous_state: 'IDLE',
        current_state: 'STARTING',
      },
    });
    expect(logLines(added.observations)).toEqual([
      {
        type: 'errorlog',
        server: P,
        message:
          "Automatic seeding of availability database 'db1' in availability group 'AGName' to replica 'SQLLNX' has started (attempt 1).",
        verbatim: false,
        rule: expect.objectContaining({ section: expect.stringContaining('SQL Server Log') }),
      },
    ]);
    expect(automaticSeedingRows(ag.cluster)).toEqual([
      {
        server: P,
        isSource: true,
        replica: S,
        database: DB,
        startTimeMs: 0,
        completionTimeMs: null,
        currentState: 'SEEDING',
        failureState: null,
        failureStateDesc: null,
        numberOfAttempts: 1,
      },
    ]);
    expect(automaticSeedingRows(ag.cluster, { on: S })).toEqual([
      expect.objectContaining({ server: S, isSource: false, currentState: 'SEEDING' }),
    ]);
    // The check before the stream: no physical-seeding row on either side yet.
    expect(physicalSeedingStats(ag.cluster)).toEqual([]);
    expect(physicalSeedingStats(ag.cluster, { on: S })).toEqual([]);

    ag.do({ type: 'time.advance', ms: 8_000 });
    const flowing = ag.do({ type: 'seeding.progress', replica: S, database: DB, bytes: GB });
    expect(trail(flowing.observations)).toEqual([
      `hadr_automatic_seeding_state_transition@${P}`,
      `hadr_physical_seeding_backup_state_change@${P}`,
      `hadr_physical_seeding_restore_state_change@${S}`,
      `hadr_physical_seeding_submit_callback@${P}`,
      `hadr_physical_seeding_progress@${P}`,
      `hadr_physical_seeding_progress@${S}`,
    ]);
    expect(xevent(flowing.observations, 'hadr_physical_seeding_progress', S)).toMatchObject({
      fields: {
        role_desc: 'Destination',
        transferred_size_bytes: GB,
        database_size_bytes: 4 * GB,
        is_compression_enabled: true,
      },
    });
    // 3 GB left, compressed 2:1 by trace flag 9567, at 1 Gb/s (125 MB/s): 12 s from now.
    expect(physicalSeedingStats(ag.cluster)).toEqual([
      {
        server: P,
        replica: S,
        database: DB,
        remoteMachineName: S,
        roleDesc: 'Source',
        transferredSizeBytes: GB,
        databaseSizeBytes: 4 * GB,
        transferRateBytesPerSecond: 125 * 10 ** 6,
        startTimeMs: 0,
        endTimeMs: null,
        estimateTimeCompleteMs: 8_000 + 12_000,
        isCompressionEnabled: true,
        failureCode: null,
        failureMessage: null,
        failureTimeMs: null,
      },
    ]);
    expect(physicalSeedingStats(ag.cluster, { on: S, bandwidthBitsPerSecond: 10 ** 10 })).toEqual([
      expect.objectContaining({
        server: S,
        roleDesc: 'Destination',
        remoteMachineName: P,
        estimateTimeCompleteMs: 8_000 + 1_200,
      }),
    ]);

    ag.do({ type: 'time.advance', ms: 12_000 });
    const done = ag.do({ type: 'seeding.progress', replica: S, database: DB });
    expect(trail(done.observations)).toEqual([
      `hadr_physical_seeding_submit_callback@${P}`,
      `hadr_physical_seeding_progress@${P}`,
      `hadr_physical_seeding_progress@${S}`,
      `hadr_physical_seeding_backup_state_change@${P}`,
      `hadr_physical_seeding_restore_state_change@${S}`,
      `hadr_automatic_seeding_state_transition@${P}`,
      `hadr_automatic_seeding_success@${P}`,
      `errorlog@${P}`,
    ]);
    expect(logLines(done.observations)[0]?.message).toBe(
      "Automatic seeding of availability database 'db1' in availability group 'AGName' to replica 'SQLLNX' has completed.",
    );
    expect(xevent(done.observations, 'hadr_automatic_seeding_success', P)).toMatchObject({
      fields: { number_of_attempts: 1 },
    });
    expect(ag.state(S, DB)).toBe('SYNCHRONIZED');
    expect(automaticSeedingRows(ag.cluster)).toEqual([
      expect.objectContaining({
        currentState: 'COMPLETED',
        startTimeMs: 0,
        completionTimeMs: 20_000,
        numberOfAttempts: 1,
      }),
    ]);
    // The completed stream stays the current execution with its end and no failure:
    // andreasjordan/demos (AlwaysOn_MultiInstance/
    // 02_setup_availability_group_demo_03b_add_database_with_automatic_seeding.ps1) reads, after
    // "smoAvailabilityDatabaseSecondary is joined", "Seeding stats: internal_state_desc: Success
    // transferred_size_bytes: 216423936 database_size_bytes: 219799552".
    expect(physicalSeedingStats(ag.cluster)).toEqual([
      expect.objectContaining({
        roleDesc: 'Source',
        transferredSizeBytes: 4 * GB,
        startTimeMs: 0,
        endTimeMs: 20_000,
        estimateTimeCompleteMs: null,
        failureCode: null,
        failureMessage: null,
        failureTimeMs: null,
      }),
    ]);
    // The secondary shows the same ended stream, as its Destination.
    expect(physicalSeedingStats(ag.cluster, { on: S })).toEqual([
      expect.objectContaining({ roleDesc: 'Destination', endTimeMs: 20_000 }),
    ]);
  });

  it('without trace flag 9567 the stream is not compressed and the estimate takes the whole size', () => {
    const plain = config({
      replicas: [replica(P), replica(S, { defaultDataPath: '/var/opt/mssql/data/' })],
    });
    const ag = group(plain);
    ag.do({ type: 'replica.grantCreateDatabase', replica: S });
    ag.do({ type: 'db.add', database: DB });
    ag.do({ type: 'seeding.progress', replica: S, database: DB, bytes: GB });
    expect(physicalSeedingStats(ag.cluster)).toEqual([
      expect.objectContaining({
        isCompressionEnabled: false,
        transferRateBytesPerSecond: null,
        estimateTimeCompleteMs: 24_000,
      }),
    ]);
  });
});

describe('SEED001: a secondary without CREATE ANY DATABASE', () => {
  it('writes the documented SQL Server Log message, word for word, once it joins', () => {
    const ag = group(config({ replicas: [replica(P)] }));
    ag.do({ type: 'db.add', database: DB });
    ag.do({ type: 'replica.add', spec: replica('SQL4') });
    const joined = ag.do({ type: 'replica.join', replica: 'SQL4' });
    expect(logLines(joined.observations)).toEqual([
      {
        type: 'errorlog',
        server: 'SQL4',
        message:
          "Local availability replica for availability group 'AGName' has not been granted permission to create databases, but has a SEEDING_MODE of AUTOMATIC. Use ALTER AVAILABILITY GROUP ... GRANT CREATE ANY DATABASE to allow the creation of databases seeded by the primary availability replica.",
        verbatim: true,
        rule: expect.objectContaining({
          section: expect.stringContaining('without CREATE ANY DATABASE'),
        }),
      },
    ]);
    expect(seedingPermissionMessage('AGName')).toBe(logLines(joined.observations)[0]?.message);
    expect(xevent(joined.observations, 'hadr_automatic_seeding_state_transition', P)).toMatchObject(
      {
        fields: {
          remote_replica: 'SQL4',
          previous_state: 'IDLE',
          current_state: 'WAITING_FOR_GRANT',
        },
      },
    );
    expect(automaticSeedingRows(ag.cluster)).toEqual([]);

    const granted = ag.do({ type: 'replica.grantCreateDatabase', replica: 'SQL4' });
    expect(trail(granted.observations)).toEqual([
      `hadr_automatic_seeding_start@${P}`,
      `hadr_automatic_seeding_state_transition@${P}`,
      'hadr_db_manager_seeding_request_msg@SQL4',
      `errorlog@${P}`,
    ]);
  });
});

describe('SEED001: a failure shows hadr_automatic_seeding_failure and its failure_state', () => {
  it('a stream that loses its transport times out: the physical seeding fails on the source', () => {
    const ag = group();
    ag.do({ type: 'replica.grantCreateDatabase', replica: S });
    ag.do({ type: 'db.add', database: DB });
    ag.do({ type: 'seeding.progress', replica: S, database: DB, bytes: GB });
    ag.do({ type: 'replica.crash', replica: S });
    const lost = ag.do({ type: 'time.advance', ms: 180_000 });
    // S's instance is stopped: its restore side raises nothing.
    expect(trail(lost.observations)).toEqual([
      `hadr_automatic_seeding_timeout@${P}`,
      `hadr_physical_seeding_backup_state_change@${P}`,
      `hadr_physical_seeding_failure@${P}`,
      `hadr_automatic_seeding_state_transition@${P}`,
      `hadr_automatic_seeding_failure@${P}`,
      `errorlog@${P}`,
    ]);
    expect(xevent(lost.observations, 'hadr_automatic_seeding_failure', P)).toMatchObject({
      fields: { failure_state: 6, failure_state_desc: 'Transport', number_of_attempts: 1 },
    });
    expect(logLines(lost.observations)[0]?.message).toContain('failure_state 6 (Transport)');
    expect(automaticSeedingRows(ag.cluster)).toEqual([
      expect.objectContaining({
        currentState: 'FAILED',
        failureState: 6,
        completionTimeMs: 180_000,
      }),
    ]);
    // The failed stream is the current execution: SEED001, "if the seeding operation fails,
    // failure_message" (the model reports the failure_state as failure_code).
    expect(physicalSeedingStats(ag.cluster)).toEqual([
      expect.objectContaining({
        roleDesc: 'Source',
        transferredSizeBytes: GB,
        endTimeMs: 180_000,
        failureCode: 6,
        failureMessage: 'Transport',
        failureTimeMs: 180_000,
      }),
    ]);
  });

  it('a failure before any stream has no physical seeding event and no physical-seeding row', () => {
    const ag = group();
    ag.do({ type: 'replica.grantCreateDatabase', replica: S });
    ag.do({ type: 'replica.disconnect', replica: S });
    ag.do({ type: 'db.add', database: DB });
    const timedOut = ag.do({ type: 'time.advance', ms: 180_000 });
    expect(trail(timedOut.observations)).toEqual([
      `hadr_automatic_seeding_timeout@${P}`,
      `hadr_automatic_seeding_state_transition@${P}`,
      `hadr_automatic_seeding_failure@${P}`,
      `errorlog@${P}`,
    ]);
    expect(xevent(timedOut.observations, 'hadr_automatic_seeding_failure', P)).toMatchObject({
      fields: { failure_state: 21, failure_state_desc: 'Seeding Check Message Timeout' },
    });
    expect(physicalSeedingStats(ag.cluster)).toEqual([]);
  });

  it('SEEDING_MODE = MANUAL cancels: failure_state 1; the restart counts a second attempt', () => {
    const ag = group();
    ag.do({ type: 'replica.grantCreateDatabase', replica: S });
    ag.do({ type: 'db.add', database: DB });
    const cancelled = ag.do({ type: 'replica.setSeedingMode', replica: S, mode: 'MANUAL' });
    expect(xevent(cancelled.observations, 'hadr_automatic_seeding_failure', P)).toMatchObject({
      fields: { failure_state: 1, failure_state_desc: 'User Cancellation' },
    });
    const again = ag.do({ type: 'replica.setSeedingMode', replica: S, mode: 'AUTOMATIC' });
    expect(xevent(again.observations, 'hadr_automatic_seeding_start', P)).toMatchObject({
      fields: { number_of_attempts: 2 },
    });
    expect(xevent(again.observations, 'hadr_automatic_seeding_state_transition', P)).toMatchObject({
      fields: { previous_state: 'FAILED', current_state: 'STARTING' },
    });
  });
});

describe('docs/seeding.md', () => {
  it('says of every extended event of SEED001 when the model raises it, or why never', () => {
    const doc = readFileSync(new URL('../../docs/seeding.md', import.meta.url), 'utf8');
    const rows = doc.split('\n').filter((l) => l.startsWith('| `hadr_'));
    expect(rows.map((r) => r.split('`')[1]).sort()).toEqual(Object.keys(SEEDING_XEVENTS).sort());
  });
});
