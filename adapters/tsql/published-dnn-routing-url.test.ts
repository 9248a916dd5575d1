import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { readScriptReport } from './script.js';

/*
 * 'Feature interoperability with SQL Server FCI & DNN' (S145), Availability groups and FCI: the
 * read-only routing URL of an FCI replica is 'TCP://<DNN DNS name>:<SQL Server instance port>'
 * ("READ_ONLY_ROUTING_URL = 'TCP://dnnlsnr:1444'"), and "You can omit the port in the URL if it is
 * the default 1433 port". SQL Server's Msg 19401 (S66) gives 'TCP://system-address:port' as the
 * required format, so whether SQL Server takes the URL without its port is unknown, never invalid.
 */
describe('an FCI replica routed to by its DNN, the port left out (S145)', () => {
  const name = 'docs-fci-dnn-routing-url-no-port.sql';
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const judge = (script: string) => {
    const r = readScriptReport(script, { version: 2019, fileName: name });
    expect(r.errors).toEqual([]);
    return judgeConfig(r.script.configs[0]!);
  };

  it('is unknown, not a violation, naming the statement and the column that settle it', () => {
    const judged = judge(text);
    expect(judged.violations).toEqual([]);
    expect(judged.unknown.map((u) => u.code)).toEqual(['ROUTING_URL_PORT_OMITTED']);
    expect(judged.unknown[0]?.message).toContain("'TCP://dnnlsnr', without a port");
    expect(judged.unknown[0]?.settledBy).toEqual([
      'the statement run on the primary (refused with Msg 19401, or taken)',
      'sys.availability_replicas.read_only_routing_url of FCI1',
    ]);
  });

  it("takes the page's URL with the instance's port 1444 without a word", () => {
    const judged = judge(text.replace("'TCP://dnnlsnr')", "'TCP://dnnlsnr:1444')"));
    expect(judged.violations).toEqual([]);
    expect(judged.unknown).toEqual([]);
  });
});
