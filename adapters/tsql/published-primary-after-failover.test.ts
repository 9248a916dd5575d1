import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initialPrimary } from '../../core/model/config.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/**
 * The group as a script leaves it (what `check` searches and a scenario's `{ "tsql": … }` starts
 * from) has the primary the script's failovers made. "Perform a forced manual failover of an
 * availability group" (S44): "After a forced failover, the failover target to which the
 * availability group was failed over becomes the new primary replica."
 */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const primaryAfter = (text: string, name: string): string | undefined => {
  const [after] = configsAfterScript(
    readScriptReport(text, { version: 2019, fileName: name }).script,
  );
  return after === undefined ? undefined : initialPrimary(after.config)?.name;
};

describe('Microsoft CSS read-scale failover scripts (microsoft/mssql-support, read_scale_no_cluster)', () => {
  const name = 'ms-css-read-scale-failover.sql';

  it('leaves ag-node001 primary: FORCE_FAILOVER_ALLOW_DATA_LOSS ran there, ag-node000 was demoted', () => {
    // Before, the search started from ag-node000, where CREATE ran: "crash ag-node000, the primary".
    expect(primaryAfter(fixture(name), name)).toBe('ag-node001');
  });
});

const group = `:Connect A
CREATE AVAILABILITY GROUP [AG] FOR DATABASE [db1] REPLICA ON
  N'A' WITH (ENDPOINT_URL = N'TCP://a:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
  N'B' WITH (ENDPOINT_URL = N'TCP://b:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC),
  N'C' WITH (ENDPOINT_URL = N'TCP://c:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);
GO
:Connect B
ALTER AVAILABILITY GROUP [AG] JOIN;
GO
:Connect C
ALTER AVAILABILITY GROUP [AG] JOIN;
GO
`;

describe('a WSFC group forced over to its asynchronous replica (S44)', () => {
  it('starts from C, the failover target', () => {
    const text = `${group}:Connect C\nALTER AVAILABILITY GROUP [AG] FORCE_FAILOVER_ALLOW_DATA_LOSS;\nGO\n`;
    expect(primaryAfter(text, 'forced.sql')).toBe('C');
  });

  it('starts from B after a planned failover to B, then from A after one back', () => {
    const toB = `${group}:Connect B\nALTER AVAILABILITY GROUP [AG] FAILOVER;\nGO\n`;
    expect(primaryAfter(toB, 'planned.sql')).toBe('B');
    const back = `${toB}:Connect A\nALTER AVAILABILITY GROUP [AG] FAILOVER;\nGO\n`;
    expect(primaryAfter(back, 'back.sql')).toBe('A');
  });

  it('keeps the primary of S44’s example, which fails back to Node 01', () => {
    const name = 'docs-forced-failover-original-topology.sql';
    expect(primaryAfter(fixture(name), name)).toBe('NODE01');
  });
});
