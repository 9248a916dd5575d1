import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * check's Mermaid diagram draws each step at the replica it acts on. An application's BEGIN and
 * COMMIT go to the primary of the moment: "a client connecting to the listener reaches the
 * primary replica" and, after a failover, the new one ("Availability group listeners, client
 * connectivity, and application failover", S15). The diagram drew them at the first replica
 * listed whatever failovers came before, so a commit acknowledged by the new primary was shown
 * sent to the old one, then a secondary. Input: Google's two-subnet lab
 * (GoogleCloudPlatform/dotnet-docs-samples, compute/sqlserver/powershell/create-availability-group.ps1),
 * the T-SQL its SQLPS cmdlets send.
 */
describe('agstate check: the diagram sends commits to the primary of the moment', () => {
  const name = 'lab-gcp-two-subnets-sqlps.sql';
  const text = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');

  /** The App arrows of a diagram with the primary each one should reach. */
  const appArrows = (mermaid: string, first: string) => {
    let primary = first;
    return mermaid.split('\n').flatMap((line) => {
      const note = /Note over \S+: (?:automatic|planned|forced) failover to ([^,\s]+)/.exec(line);
      if (note?.[1] !== undefined) primary = note[1].replace(/[^A-Za-z0-9_]/g, '_');
      const arrow = /^ {2}App->>(\S+): /.exec(line);
      return arrow?.[1] === undefined ? [] : [{ to: arrow[1], primary }];
    });
  };

  it('draws the commit after the planned failover at cluster-sql2, which acknowledged it', async () => {
    const r = await run(['check', name, '--sql-version', '2017', '--faults', '1', '--json'], {
      files: { [name]: text },
    });
    const { mermaid } = result(r) as unknown as { mermaid: Record<string, string> };
    const loss = mermaid.acknowledgedLoss ?? '';
    expect(loss).toContain('planned failover to cluster-sql2');
    const arrows = appArrows(loss, 'cluster_sql1');
    expect(arrows.some((a) => a.primary === 'cluster_sql2')).toBe(true);
    for (const a of arrows) expect(a.to).toBe(a.primary);
  });

  it('starts at the replica CREATE ran on, not the first one listed', async () => {
    // The same group created from cluster-sql2's side, listing cluster-sql1 first: every
    // statement runs on the other node (the join, which runs on a secondary, on cluster-sql1).
    const swapped = text.replace(/:Connect cluster-sql([12])/g, (_, n: string) =>
      n === '1' ? ':Connect cluster-sql2' : ':Connect cluster-sql1',
    );
    expect(swapped).not.toBe(text);
    const r = await run(['check', name, '--sql-version', '2017', '--faults', '1', '--json'], {
      files: { [name]: swapped },
    });
    const { mermaid } = result(r) as unknown as { mermaid: Record<string, string> };
    const arrows = appArrows(mermaid.acknowledgedLoss ?? '', 'cluster_sql2');
    expect(arrows.length).toBeGreaterThan(0);
    for (const a of arrows) expect(a.to).toBe(a.primary);
  });
});
