import { describe, expect, it } from 'vitest';
import { configsAfterScript } from '../tsql/configs-after.js';
import { looseRoutingUrlFindings } from '../tsql/loose-routing-urls.js';
import { readScriptReport } from '../tsql/script.js';
import { result, run } from './test-support.js';

/*
 * 'Feature interoperability with SQL Server FCI & DNN' (S145): the routing URL of an FCI replica is
 * 'TCP://<DNN DNS name>:<SQL Server instance port>', and "You can omit the port in the URL if it is
 * the default 1433 port"; Msg 19401 (S66) gives 'TCP://system-address:port' as the required format.
 * Set by MODIFY REPLICA on a group the script does not create, the URL was not judged at all
 * ('every option checked'), though SQL Server checks it whichever script created the group.
 */
const file = 'adapters/tsql/fixtures/docs-fci-dnn-routing-url-alter.sql';

describe('validate: a routing URL set on a group the script does not create', () => {
  it('is unknown at its statement when written without the port, exit 0', async () => {
    const r = await run(['validate', file, '--sql-version', '2019']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `${file}:14:1: Replica 'FCI1' has SECONDARY_ROLE (READ_ONLY_ROUTING_URL) = 'TCP://dnnlsnr', without a port.`,
    );
    const j = result(await run(['validate', file, '--sql-version', '2019', '--json'])) as {
      ungrouped: { violations: unknown[]; unknown: { code: string }[] };
    };
    expect(j.ungrouped.violations).toEqual([]);
    expect(j.ungrouped.unknown.map((u) => u.code)).toContain('ROUTING_URL_PORT_OMITTED');
  });

  it('is a violation at its statement when SQL Server refuses it (Msg 19401)', () => {
    const text =
      "ALTER AVAILABILITY GROUP [AG1] MODIFY REPLICA ON N'FCI1' WITH (SECONDARY_ROLE (READ_ONLY_ROUTING_URL = 'dnnlsnr:1433'));\nALTER AVAILABILITY GROUP [AG1] MODIFY REPLICA ON N'FCI1' WITH (SECONDARY_ROLE (READ_ONLY_ROUTING_URL = 'TCP://dnnlsnr:1444'));";
    const { script } = readScriptReport(text, { version: 2019, fileName: 'alter.sql' });
    expect(configsAfterScript(script)).toEqual([]);
    expect(looseRoutingUrlFindings(script.statements).map((f) => [f.line, f.reason.code])).toEqual([
      [1, 'INVALID_ROUTING_URL'],
    ]);
  });
});
