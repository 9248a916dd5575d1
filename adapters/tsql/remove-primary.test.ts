import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * ALTER AVAILABILITY GROUP (S3): REMOVE REPLICA ON "Removes the specified secondary replica from
 * the availability group"; the primary cannot be removed. The read-scale failover include (S108),
 * "Forced manual failover with data loss", does it in this order: "On the secondary replica (N2),
 * initiate the forced failover: ALTER AVAILABILITY GROUP [ag1] FORCE_FAILOVER_ALLOW_DATA_LOSS;",
 * then "On the new primary replica (N2), remove the original primary (N1): ALTER AVAILABILITY
 * GROUP [ag1] REMOVE REPLICA ON N'N1';". The group is the page's two-replica read-scale group.
 */
const create = `:Connect N1
CREATE AVAILABILITY GROUP [ag1]
WITH (CLUSTER_TYPE = NONE)
FOR REPLICA ON
N'N1' WITH (ENDPOINT_URL = N'tcp://N1:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC),
N'N2' WITH (ENDPOINT_URL = N'tcp://N2:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC);
GO
:Connect N2
ALTER AVAILABILITY GROUP [ag1] JOIN WITH (CLUSTER_TYPE = NONE);
GO
`;
const afterFailover = `${create}:Connect N2
ALTER AVAILABILITY GROUP [ag1] FORCE_FAILOVER_ALLOW_DATA_LOSS;
GO
ALTER AVAILABILITY GROUP [ag1] REMOVE REPLICA ON N'N1';
GO
`;
const onTheOldPrimary = `${create}:Connect N1
ALTER AVAILABILITY GROUP [ag1] REMOVE REPLICA ON N'N1';
GO
`;

const fold = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2019, fileName: 'ag1.sql' }).script)[0]!;

describe('REMOVE REPLICA of the primary of the moment (S3, S108)', () => {
  it('after the forced failover, N2 removes the original primary N1, as the page does', () => {
    const ag = fold(afterFailover);
    expect(ag.notApplied).toEqual([]);
    expect(ag.config.replicas.map((r) => r.name)).toEqual(['N2']);
  });

  it('before it, REMOVE REPLICA of N1, still the primary, is refused at its line', () => {
    const ag = fold(onTheOldPrimary);
    const line =
      onTheOldPrimary
        .split('\n')
        .indexOf("ALTER AVAILABILITY GROUP [ag1] REMOVE REPLICA ON N'N1';") + 1;
    expect(ag.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [line, 'REMOVE_PRIMARY_REPLICA'],
    ]);
    expect(ag.config.replicas.map((r) => r.name)).toEqual(['N1', 'N2']);
  });
});
