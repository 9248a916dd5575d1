import type { SqlServerVersion } from '../model/enums.js';
import { type RuleSource, source } from '../model/source.js';

/**
 * SQL Server builds: SERVERPROPERTY('ProductVersion') read as numbers, and the documented builds
 * at which an availability-group rule changed within a major version (a service pack or a
 * cumulative update). Builds of one major version are ordered by their third and fourth parts:
 * a GDR branch build is numbered below the CU branch (13.0.5101.9 < 13.0.5264.1), and a later
 * service pack above every CU of the one before it (13.0.6300.2), so "at or after the build that
 * brought the change" is a comparison of numbers (S60).
 */

/** major.minor.build[.revision], as SQL Server and sys.dm_os_* report it. */
export interface ProductBuild {
  readonly major: number;
  readonly minor: number;
  readonly build: number;
  readonly revision: number;
}

const PRODUCT_VERSION = /^(\d{1,3})\.(\d{1,3})\.(\d{1,5})(?:\.(\d{1,5}))?$/;

/** `15.0.4312.2` as numbers; null for text that is no product version. */
export const parseProductVersion = (text: string): ProductBuild | null => {
  const m = PRODUCT_VERSION.exec(text.trim());
  if (m === null) return null;
  const [major, minor, build, revision] = [m[1], m[2], m[3], m[4] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  return { major, minor, build, revision };
};

/** The major version number of each SQL Server version: 2019 is 15 (15.0.x). */
export const MAJOR_VERSION: { readonly [V in SqlServerVersion]: number } = {
  2012: 11,
  2014: 12,
  2016: 13,
  2017: 14,
  2019: 15,
  2022: 16,
  2025: 17,
};

/** Negative, zero or positive as `a` is before, the same as, or after `b`. */
export const compareBuilds = (a: ProductBuild, b: ProductBuild): number =>
  a.major - b.major || a.minor - b.minor || a.build - b.build || a.revision - b.revision;

/** A documented build at which something changed: its name, its ProductVersion, its source. */
export interface DocumentedBuild {
  readonly version: SqlServerVersion;
  /** "SQL Server 2017 CU 1", "SQL Server 2016 SP2 CU 5". */
  readonly name: string;
  /** SERVERPROPERTY('ProductVersion') of that build. */
  readonly productVersion: string;
  /** For configurations that name a cumulative update instead of a build. */
  readonly cumulativeUpdate: number;
  readonly rule: RuleSource;
}

const documented = (
  version: SqlServerVersion,
  name: string,
  productVersion: string,
  cumulativeUpdate: number,
  table: string,
): DocumentedBuild => ({
  version,
  name,
  productVersion,
  cumulativeUpdate,
  rule: source('S60', table),
});

/** A build of SQL Server 2012 or 2014 from the version history (S292), which S60 does not cover. */
const kb321185 = (
  version: SqlServerVersion,
  name: string,
  productVersion: string,
  cumulativeUpdate: number,
  row: string,
): DocumentedBuild => ({
  version,
  name,
  productVersion,
  cumulativeUpdate,
  rule: source('S292', `SQL Server ${version} builds: ${productVersion} ${row}`),
});

const KB3177312 = 'KB3177312 SQL Server 2016 build versions';
const KB4047329 = 'KB4047329 SQL Server 2017 build versions';

/** The builds the rules depend on (S60), each as the build-version tables list it. */
export const BUILDS = {
  // S73 names the build itself: "SQL Server 2012 SP1 (11.0.3x) and later versions"; SP1 is
  // 11.0.3000.0. The CUs of 2012 RTM and of SP1 are numbered alike, so a configuration that names
  // only a cumulative update (cumulativeUpdate 0 and up) is not judged: productVersion decides.
  SQL2012_SP1: {
    version: 2012,
    name: 'SQL Server 2012 SP1',
    productVersion: '11.0.3000.0',
    cumulativeUpdate: 0,
    rule: source(
      'S73',
      'Introduction: "in SQL Server 2012 SP1 (11.0.3x) and later versions"; Prerequisites',
    ),
  },
  // The model has named this build "2016 CU 5" in configurations since before builds were read.
  // Within 2016 the model counts cumulative updates from SP2 (as SQL2016_SP2_CU5 below): 0 is SP2 itself.
  SQL2016_SP2: documented(
    2016,
    'SQL Server 2016 SP2',
    '13.0.5026.0',
    0,
    `${KB3177312}: SP2 (KB4052908)`,
  ),
  SQL2016_SP2_CU5: documented(
    2016,
    'SQL Server 2016 SP2 CU 5',
    '13.0.5264.1',
    5,
    `${KB3177312}: SP2 CU5 (KB4475776)`,
  ),
  SQL2017_CU1: documented(2017, 'SQL Server 2017 CU 1', '14.0.3006.16', 1, `${KB4047329}: CU1`),
  SQL2017_CU14: documented(
    2017,
    'SQL Server 2017 CU 14',
    '14.0.3076.1',
    14,
    `${KB4047329}: CU14 (KB4484710)`,
  ),
  // KB4551221, differential backup on a secondary: in the fix lists of 2017 CU 20 and 2019 CU 6.
  SQL2017_CU20: documented(
    2017,
    'SQL Server 2017 CU 20',
    '14.0.3294.2',
    20,
    `${KB4047329}: CU20 (KB4541283)`,
  ),
  SQL2019_CU6: documented(
    2019,
    'SQL Server 2019 CU 6',
    '15.0.4053.23',
    6,
    'Release history for SQL Server 2019: CU 6 (KB4563110)',
  ),
  SQL2019_CU20: documented(
    2019,
    'SQL Server 2019 CU 20',
    '15.0.4312.2',
    20,
    'Release history for SQL Server 2019: CU 20',
  ),
  SQL2022_CU2: documented(
    2022,
    'SQL Server 2022 CU 2',
    '16.0.4015.1',
    2,
    'Release history for SQL Server 2022: CU 2 (KB5023127)',
  ),
  // KB3033492 (S291): the updates after which secondaries may be reported NOT SYNCHRONIZING, and
  // those its fix was rolled up into, as the version history lists them (S292).
  SQL2012_SP2_CU3: kb321185(
    2012,
    'SQL Server 2012 SP2 CU 3',
    '11.0.5556.0',
    3,
    'SP2 CU3 (KB3002049)',
  ),
  SQL2012_SP2_CU5: kb321185(
    2012,
    'SQL Server 2012 SP2 CU 5',
    '11.0.5582.0',
    5,
    'SP2 CU5 (KB3037255)',
  ),
  SQL2014_CU5: kb321185(2014, 'SQL Server 2014 CU 5', '12.0.2456.0', 5, 'RTM CU5 (KB3011055)'),
  SQL2014_CU6: kb321185(2014, 'SQL Server 2014 CU 6', '12.0.2480.0', 6, 'RTM CU6 (KB3031047)'),
  SQL2022_CU13: documented(
    2022,
    'SQL Server 2022 CU 13',
    '16.0.4125.3',
    13,
    'Release history for SQL Server 2022: CU 13 (KB5036432)',
  ),
} as const;

/**
 * What is known of the build a configuration or a snapshot runs: `productVersion` when a snapshot
 * or the configuration names it; null when only the major version is known (a snapshot without
 * SERVERPROPERTY('ProductVersion')); absent: the configuration's `cumulativeUpdate` (null there
 * is the newest CU of the version).
 */
export interface BuildKnowledge {
  readonly version: SqlServerVersion;
  readonly cumulativeUpdate: number | null;
  readonly productVersion?: string | null | undefined;
}

/**
 * Whether a release is at or after a documented build of its own major version: true, false, or
 * 'unknown' when only the major version is known. A release of another version is judged by the
 * version alone (every build of a later version has the change; none of an earlier one does).
 */
export const atOrAfter = (release: BuildKnowledge, since: DocumentedBuild): boolean | 'unknown' => {
  if (release.version !== since.version) return release.version > since.version;
  if (release.productVersion === null) return 'unknown';
  if (release.productVersion !== undefined) {
    const have = parseProductVersion(release.productVersion);
    const need = parseProductVersion(since.productVersion);
    if (have !== null && need !== null) return compareBuilds(have, need) >= 0;
    return 'unknown';
  }
  return release.cumulativeUpdate === null || release.cumulativeUpdate >= since.cumulativeUpdate;
};

/** "SQL Server 2017 CU 1 (14.0.3006.16)": how a DBA finds a build in the tables. */
export const describeBuild = (b: DocumentedBuild): string => `${b.name} (${b.productVersion})`;

/** What settles a rule that depends on the build. */
export const BUILD_SETTLED_BY = ["SERVERPROPERTY('ProductVersion')"] as const;
