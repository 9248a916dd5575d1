import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/*
 * 'Distributed availability groups' (S43), Scale out readable replicas: "Read-Only Routing can be
 * configured, but won't work for the secondary availability group of the distributed availability
 * group. All queries, if they use the listener to connect to the secondary availability group, go
 * to the primary replica of the secondary availability group ... However, read-only routing will
 * work if the secondary availability group becomes primary after a failover." The fixture is S58's
 * distributed group with S13's routing statements run in the secondary group ag2; validate said
 * "valid" for each group without a word.
 */
const name = 'docs-dag-secondary-group-routing.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.map((w) => w.message)
    .filter((m) => m.includes("won't work for the secondary availability group"));
const lines = text.split('\n');
const lastListLine =
  lines.length - [...lines].reverse().findIndex((l) => l.includes('READ_ONLY_ROUTING_LIST = ('));

describe('read-only routing set in the secondary group of a distributed group (S43)', () => {
  it('is one warning at the last statement that sets a list, naming the group, its listener and the distributed group', () => {
    const found = warnings(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(
        `^${name}:${lastListLine}:1: warning: ag2 sets READ_ONLY_ROUTING_LIST \\(server3, server4\\), and the script leaves ag2 the secondary group of the distributed group distributedag`,
      ),
    );
    expect(found[0]).toContain('through its listener ag2-listener stays on ag2');
    expect(found[0]).toContain('becomes primary after a failover');
  });

  it('is no warning for routing in the primary group, or once the script fails the distributed group over', () => {
    const before = text.slice(0, text.indexOf('-- Read-only routing in the secondary group'));
    const inAg1 = ['server1', 'server2']
      .map(
        (r) =>
          `ALTER AVAILABILITY GROUP [ag1] MODIFY REPLICA ON N'${r}' WITH (SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY, READ_ONLY_ROUTING_URL = N'TCP://${r}.contoso.com:1433'));\n`,
      )
      .join('');
    const lists =
      "ALTER AVAILABILITY GROUP [ag1] MODIFY REPLICA ON N'server1' WITH (PRIMARY_ROLE (READ_ONLY_ROUTING_LIST = (N'server2', N'server1')));\n";
    const primaryGroup = `${before}:Connect server1\n${inAg1}${lists}GO\n`;
    expect(warnings(primaryGroup)).toEqual([]);
    const failover =
      '\n:Connect server1\nALTER AVAILABILITY GROUP [distributedag] SET (ROLE = SECONDARY);\nGO\n:Connect server3\nALTER AVAILABILITY GROUP [distributedag] FORCE_FAILOVER_ALLOW_DATA_LOSS;\nGO\n';
    expect(warnings(`${text}${failover}`)).toEqual([]);
  });
});
