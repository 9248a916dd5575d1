import { describe, expect, it } from 'vitest';
import { SQL_SERVER_VERSIONS } from '../model/enums.js';
import { DOCUMENTS } from '../model/source.js';
import {
  describeRelease,
  FEATURE_TIMELINE,
  FEATURES,
  hasFeature,
  isAtLeast,
  LIMITS,
  limitsFor,
} from './limits.js';

const titles: readonly string[] = Object.values(DOCUMENTS);

describe('limitsFor', () => {
  // ag-rules §2.1 with the assessments of §9 D1-D3.
  it.each([
    [2012, 5, 4, 3, 2],
    [2014, 9, 8, 3, 2],
    [2016, 9, 8, 3, 3],
    [2017, 9, 8, 3, 3],
    [2019, 9, 8, 5, 5],
    [2022, 9, 8, 5, 5],
    [2025, 9, 8, 5, 5],
  ] as const)(
    'SQL Server %i: %i replicas, %i secondaries, %i sync, %i automatic',
    (v, r, s, sync, auto) => {
      const limits = limitsFor(v);
      expect(limits.version).toBe(v);
      expect(limits.maxReplicasIncludingPrimary.value).toBe(r);
      expect(limits.maxSecondaries.value).toBe(s);
      expect(limits.maxSynchronousCommitIncludingPrimary.value).toBe(sync);
      expect(limits.maxAutomaticFailoverIncludingPrimary.value).toBe(auto);
    },
  );

  it('has a row for every version, each limit citing a known document', () => {
    for (const v of SQL_SERVER_VERSIONS) {
      const row = LIMITS[v];
      for (const limit of [
        row.maxReplicasIncludingPrimary,
        row.maxSecondaries,
        row.maxSynchronousCommitIncludingPrimary,
        row.maxAutomaticFailoverIncludingPrimary,
      ]) {
        expect(titles).toContain(limit.rule.document);
        expect(limit.rule.section).not.toBe('');
      }
    }
  });

  it('always allows one more replica than secondaries (the primary)', () => {
    for (const v of SQL_SERVER_VERSIONS) {
      expect(LIMITS[v].maxReplicasIncludingPrimary.value).toBe(LIMITS[v].maxSecondaries.value + 1);
    }
  });
});

describe('hasFeature', () => {
  it('dates configuration-only replicas to 2017 CU 1; no CU means the newest', () => {
    const f = 'CONFIGURATION_ONLY_REPLICA';
    expect(hasFeature({ version: 2017, cumulativeUpdate: 0 }, f)).toBe(false);
    expect(hasFeature({ version: 2017, cumulativeUpdate: 1 }, f)).toBe(true);
    expect(hasFeature({ version: 2017, cumulativeUpdate: null }, f)).toBe(true);
    expect(hasFeature({ version: 2016, cumulativeUpdate: null }, f)).toBe(false);
    expect(hasFeature({ version: 2019, cumulativeUpdate: 0 }, f)).toBe(true);
  });

  it.each([
    ['AUTOMATIC_SEEDING', 2014, 2016],
    ['BASIC_AVAILABILITY_GROUP', 2014, 2016],
    ['DISTRIBUTED_AVAILABILITY_GROUP', 2014, 2016],
    ['LOAD_BALANCED_READ_ONLY_ROUTING', 2014, 2016],
    ['DB_FAILOVER', 2014, 2016],
    ['DTC_SUPPORT', 2014, 2016],
    ['CLUSTER_TYPE', 2016, 2017],
    ['REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT', 2016, 2017],
    ['READ_WRITE_ROUTING_URL', 2017, 2019],
    ['WRITE_LEASE_VALIDITY', 2017, 2019],
    ['CONTAINED_AVAILABILITY_GROUP', 2019, 2022],
    ['DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT', 2019, 2022],
    ['AUTOSEEDING_SYSTEM_DATABASES', 2022, 2025],
    ['CLUSTER_CONNECTION_OPTIONS', 2022, 2025],
  ] as const)('%s: absent in %i, present from %i RTM', (feature, before, since) => {
    expect(hasFeature({ version: before, cumulativeUpdate: null }, feature)).toBe(false);
    expect(hasFeature({ version: since, cumulativeUpdate: 0 }, feature)).toBe(true);
  });

  it('never loses a feature in a later version', () => {
    for (const feature of FEATURES) {
      const present = SQL_SERVER_VERSIONS.map((version) =>
        hasFeature({ version, cumulativeUpdate: null }, feature),
      );
      expect(present.indexOf(true)).toBeGreaterThanOrEqual(0);
      expect(present.slice(present.indexOf(true)).every(Boolean)).toBe(true);
    }
  });

  it('cites a known document for every feature', () => {
    expect(FEATURE_TIMELINE.map((e) => e.feature)).toEqual([...FEATURES]);
    for (const entry of FEATURE_TIMELINE) expect(titles).toContain(entry.rule.document);
  });
});

describe('releases', () => {
  it('orders versions before cumulative updates', () => {
    expect(
      isAtLeast({ version: 2019, cumulativeUpdate: 0 }, { version: 2017, cumulativeUpdate: 30 }),
    ).toBe(true);
    expect(
      isAtLeast({ version: 2017, cumulativeUpdate: 30 }, { version: 2019, cumulativeUpdate: 0 }),
    ).toBe(false);
  });

  it('names a release as a DBA would', () => {
    expect(describeRelease({ version: 2017, cumulativeUpdate: 0 })).toBe('SQL Server 2017 RTM');
    expect(describeRelease({ version: 2017, cumulativeUpdate: 1 })).toBe('SQL Server 2017 CU 1');
    expect(describeRelease({ version: 2019, cumulativeUpdate: null })).toBe('SQL Server 2019');
  });
});
