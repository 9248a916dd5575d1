import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Santosh Kumar, "Add TDE enabled database to an Always on Availability group using AutoSeeding"
 * (Rackspace technical blog, 2023-02-27), step 2: "Enable Trace Flag for compression in Automatic
 * Seeding for Always on Availability Groups on Primary ... either in start-up parameter or using
 * DBCC TRACEON command. Below command will enable the trace flag at a global level. DBCC TRACEON
 * (9567,-1)". "Tune compression for availability group" (S122): 9567 "Enables compression of the
 * data stream for availability groups during automatic seeding"; "SQL Server applies global trace
 * flags to the entire instance. All of the availability groups in the instance are affected".
 * The reader passed DBCC over, so the group's primary had no 9567 and the stream was uncompressed.
 */

const flagsAfter = (text: string) => {
  const { script } = readScriptReport(text, { version: 2019, fileName: 'x.sql' });
  const [after] = configsAfterScript(script);
  return Object.fromEntries(after!.config.replicas.map((r) => [r.name, r.traceFlags ?? []]));
};

const group = `:Connect N1
CREATE AVAILABILITY GROUP [ag] FOR REPLICA ON
  N'N1' WITH (ENDPOINT_URL = N'TCP://n1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL),
  N'N2' WITH (ENDPOINT_URL = N'TCP://n2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);
GO
`;

describe('DBCC TRACEON (…, -1): a global trace flag of the instance it runs on', () => {
  it('the Rackspace post sets 9567 on its primary SQLNODE1 only', () => {
    const text = readFileSync(
      new URL('./fixtures/blog-rackspace-tde-autoseed-9567.sql', import.meta.url),
      'utf8',
    );
    expect(flagsAfter(text)).toEqual({ SQLNODE1: [9567], SQLNODE2: [] });
  });

  it('counts a flag set before CREATE, several flags at once, and TRACEOFF (…, -1)', () => {
    expect(
      flagsAfter(`:Connect N2\nDBCC TRACEON (9571, 1800, -1) WITH NO_INFOMSGS;\nGO\n${group}
:Connect N1\nDBCC TRACEON (9567, -1);\nGO\n:Connect N2\nDBCC TRACEOFF (1800, -1);\nGO\n`),
    ).toEqual({ N1: [9567], N2: [9571] });
  });

  it('does not take a session flag (no -1) for the instance, and says why', () => {
    const text = `${group}DBCC TRACEON (9567);\nGO\n`;
    expect(flagsAfter(text)).toEqual({ N1: [], N2: [] });
    const { script } = readScriptReport(text, { version: 2019, fileName: 'x.sql' });
    expect(script.statements.at(-1)?.outcome).toEqual({
      kind: 'skipped',
      reason:
        'a trace flag for this session only (no -1): availability groups follow global trace flags',
    });
  });
});
