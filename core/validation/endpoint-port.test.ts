import { describe, expect, it } from 'vitest';
import { exampleReplica, withReplicas } from './examples.js';
import { judgeConfig } from './validate.js';

// S125: 'The database mirroring endpoint listens on a unique TCP port number'; S126: the Database
// Engine's TCP port 'By default ... is set to 1433'. A configuration does not carry that port.
describe('an ENDPOINT_URL on port 1433', () => {
  it('is unknown for that replica, naming the view and the setting that settle it', () => {
    const judged = judgeConfig(
      withReplicas([
        exampleReplica('A', { endpointUrl: 'TCP://a.contoso.com:1433' }),
        exampleReplica('B'),
      ]),
    );
    expect(judged.violations).toEqual([]);
    expect(judged.unknown.map((u) => [u.code, u.rule.section])).toEqual([
      ['ENDPOINT_URL_ON_ENGINE_PORT_UNKNOWN', 'The endpoint listens on a unique TCP port number'],
    ]);
    expect(judged.unknown[0]?.message).toContain("Replica 'A'");
    expect(judged.unknown[0]?.settledBy?.[0]).toContain('sys.dm_tcp_listener_states on A');
  });

  it('says nothing of an endpoint on another port', () => {
    const judged = judgeConfig(
      withReplicas([
        exampleReplica('A', { endpointUrl: 'TCP://a.contoso.com:5022' }),
        exampleReplica('B', { endpointUrl: 'TCP://b.contoso.com:14330' }),
      ]),
    );
    expect(judged.unknown).toEqual([]);
  });
});
