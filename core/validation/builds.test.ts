import { describe, expect, it } from 'vitest';
import { buildConfig } from '../rules/facts-builder.js';
import { atOrAfter, BUILDS, parseProductVersion } from './builds.js';
import { judgeConfig } from './validate.js';

/*
 * The builds are those of Microsoft's build-version tables: "KB4047329 - SQL Server 2017 build
 * versions" (RTM 14.0.1000.169, GDR 14.0.2002.14, CU1 14.0.3006.16, CU13 14.0.3048.4, CU14
 * 14.0.3076.1), "KB3177312 - SQL Server 2016 build versions" (SP2 GDR 13.0.5101.9, SP2 CU4
 * 13.0.5233.0, SP2 CU5 13.0.5264.1, SP3 13.0.6300.2), and the release histories of SQL Server 2019
 * (CU 19 15.0.4298.1, CU 20 15.0.4312.2) and 2022 (CU 1 16.0.4003.1, CU 2 16.0.4015.1).
 */

describe('SERVERPROPERTY(ProductVersion)', () => {
  it('reads major.minor.build[.revision] as numbers', () => {
    expect(parseProductVersion('15.0.4312.2')).toEqual({
      major: 15,
      minor: 0,
      build: 4312,
      revision: 2,
    });
    expect(parseProductVersion(' 13.0.5026 ')).toEqual({
      major: 13,
      minor: 0,
      build: 5026,
      revision: 0,
    });
    expect(parseProductVersion('Microsoft SQL Server 2019')).toBeNull();
  });
});

describe('a release at or after a documented build', () => {
  const at = (productVersion: string | null) => ({
    version: 2017 as const,
    cumulativeUpdate: null,
    productVersion,
  });

  it('compares builds of the same major version part by part, GDR builds included', () => {
    expect(atOrAfter(at('14.0.3006.16'), BUILDS.SQL2017_CU1)).toBe(true);
    expect(atOrAfter(at('14.0.3076.1'), BUILDS.SQL2017_CU1)).toBe(true);
    expect(atOrAfter(at('14.0.1000.169'), BUILDS.SQL2017_CU1)).toBe(false);
    // A GDR on the RTM branch has none of the CU fixes; its number is below CU 1's.
    expect(atOrAfter(at('14.0.2002.14'), BUILDS.SQL2017_CU1)).toBe(false);
    expect(atOrAfter(at('14.0.3048.4'), BUILDS.SQL2017_CU14)).toBe(false);
  });

  it('is unknown when only the major version is known', () => {
    expect(atOrAfter(at(null), BUILDS.SQL2017_CU1)).toBe('unknown');
  });

  it('judges another major version by the version alone', () => {
    expect(
      atOrAfter(
        { version: 2019, cumulativeUpdate: null, productVersion: null },
        BUILDS.SQL2017_CU1,
      ),
    ).toBe(true);
    expect(
      atOrAfter(
        { version: 2016, cumulativeUpdate: null, productVersion: null },
        BUILDS.SQL2017_CU1,
      ),
    ).toBe(false);
  });

  it('falls back to the cumulative update a configuration names', () => {
    expect(atOrAfter({ version: 2017, cumulativeUpdate: 0 }, BUILDS.SQL2017_CU1)).toBe(false);
    expect(atOrAfter({ version: 2017, cumulativeUpdate: 1 }, BUILDS.SQL2017_CU1)).toBe(true);
    expect(atOrAfter({ version: 2017, cumulativeUpdate: null }, BUILDS.SQL2017_CU1)).toBe(true);
  });
});

/**
 * "High availability and data protection for availability group configurations" (Linux), section
 * "Two synchronous replicas and a configuration only replica": an availability group with a
 * configuration only replica is new for SQL Server 2017 CU1, and every instance in it must be
 * SQL Server 2017 CU1 or later.
 */
describe('a configuration-only replica, by build', () => {
  const judge = (productVersion: string | null) =>
    judgeConfig(
      buildConfig({
        version: 2017,
        clusterType: 'EXTERNAL',
        productVersion,
        replicas: [
          { name: 'A', failoverMode: 'EXTERNAL' },
          { name: 'B', failoverMode: 'EXTERNAL' },
          { name: 'W', failoverMode: 'EXTERNAL', availabilityMode: 'CONFIGURATION_ONLY' },
        ],
      }),
    );
  const codes = (rs: readonly { code: string }[]) => rs.map((r) => r.code);

  it('is refused on SQL Server 2017 RTM, naming the build that brought it', () => {
    const { violations } = judge('14.0.1000.169');
    expect(codes(violations)).toEqual(['FEATURE_NOT_IN_VERSION']);
    expect(violations[0]?.message).toContain('SQL Server 2017 (14.0.1000.169) does not have');
    expect(violations[0]?.message).toContain('SQL Server 2017 CU 1 (14.0.3006.16)');
  });

  it('is accepted from CU 1 on', () => {
    expect(judge('14.0.3006.16')).toEqual({ violations: [], unknown: [] });
    expect(judge('14.0.3456.2')).toEqual({ violations: [], unknown: [] });
  });

  it('is unknown when only the major version is known, and names what settles it', () => {
    const { violations, unknown } = judge(null);
    expect(violations).toEqual([]);
    expect(codes(unknown)).toEqual(['FEATURE_BUILD_UNKNOWN']);
    expect(unknown[0]?.settledBy).toEqual(["SERVERPROPERTY('ProductVersion')"]);
    expect(unknown[0]?.rule.section).toBe('KB4047329 SQL Server 2017 build versions: CU1');
  });

  it('refuses a product version that is not of the configuration’s version, or no version at all', () => {
    expect(codes(judge('15.0.2000.5').violations)).toEqual(['PRODUCT_VERSION_NOT_OF_VERSION']);
    expect(codes(judge('CU1').violations)).toEqual(['PRODUCT_VERSION_NOT_OF_VERSION']);
  });
});
