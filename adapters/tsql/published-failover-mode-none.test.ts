import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/*
 * "Configure read-scale availability group for SQL Server on Linux", revision of 17 March 2017
 * (the SQL Server 2017 preview), tells the reader to "set each replica with FAILOVER_MODE = NONE"
 * and its script does so. CREATE AVAILABILITY GROUP (S4, revision of 16 October 2017, SQL Server
 * 2017 as released) has "FAILOVER_MODE = { AUTOMATIC | MANUAL | EXTERNAL }", and the page's
 * revision of 9 January 2019 reads "set each replica with FAILOVER_MODE = MANUAL". So the script
 * as first published does not parse on a released SQL Server: agstate refuses it at each NONE,
 * naming the three values, and gives no group; the page's placeholders are still named. A regression case: no test read a
 * published script with FAILOVER_MODE = NONE.
 */

const NAME = 'docs-linux-read-scale-2017-03-failover-mode-none.sql';
const TEXT = readFileSync(new URL(`./fixtures/${NAME}`, import.meta.url), 'utf8');

describe('FAILOVER_MODE = NONE, as the March 2017 read-scale page wrote it (S4)', () => {
  it('is refused at each replica, naming AUTOMATIC, MANUAL and EXTERNAL', () => {
    const { errors, script } = readScriptReport(TEXT, { version: 2017, fileName: NAME });
    expect(errors.map((e) => e.message)).toEqual([
      `${NAME}:13:23: expected FAILOVER_MODE = AUTOMATIC | MANUAL | EXTERNAL, found 'NONE'`,
      `${NAME}:20:23: expected FAILOVER_MODE = AUTOMATIC | MANUAL | EXTERNAL, found 'NONE'`,
    ]);
    // The statement is not read, but its placeholders are still named.
    expect(script.configs).toEqual([]);
    expect(script.warnings.some((w) => w.message.includes('<node1>'))).toBe(true);
  });

  it('the same script with MANUAL, as the page later wrote it, reads as a CLUSTER_TYPE = NONE group', () => {
    const fixed = TEXT.replaceAll('FAILOVER_MODE = NONE', 'FAILOVER_MODE = MANUAL');
    const { errors, script } = readScriptReport(fixed, { version: 2017, fileName: NAME });
    expect(errors).toEqual([]);
    const [ag] = script.configs;
    expect(ag?.clusterType).toBe('NONE');
    expect(ag?.replicas.map((r) => r.failoverMode)).toEqual(['MANUAL', 'MANUAL']);
  });
});
