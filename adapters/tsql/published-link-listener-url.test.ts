import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Extend an Always On availability group to Azure SQL Managed Instance (preview)" (S206),
 * Prerequisites: "For a multiple-node availability group, a configured availability group listener.
 * Use the listener's IP address when configuring the link, not an individual SQL Server replica's IP
 * address. Using the listener lets the link continue working after a local availability group
 * failover"; Configure the listener and certificates: "Without the listener, the link doesn't continue
 * working after a local availability group failover." The fixture creates the link with one
 * replica's address, then fails the SQL Server group over to its other replica.
 */
const name = 'docs-mi-link-replica-ip-local-failover.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const warningsOf = (script: string, group = 'dag-ag01') => {
  const report = readScriptReport(script, { version: 2022, fileName: name });
  expect(report.errors).toEqual([]);
  return configsAfterScript(report.script)
    .find((a) => a.config.name === group)!
    .warnings.filter((w) => w.reason.code === 'LINK_LISTENER_URL_NAMES_REPLICA')
    .map((w) => ({ line: w.line, message: w.reason.message }));
};

const beforeFailover = text.slice(0, text.lastIndexOf(':Connect sqlserver2'));

describe('a Managed Instance link reaching one replica of its SQL Server group (S206)', () => {
  it('after the local failover: the link reaches the old primary, and no log crosses it', () => {
    const found = warningsOf(text);
    expect(found.map((w) => w.line)).toEqual([28]);
    expect(found[0]!.message).toContain(
      "LISTENER_URL = 'TCP://10.0.0.1:5022', which names the replica sqlserver1, one of 2",
    );
    expect(found[0]!.message).toContain("AG01's listener AG01-lsn (10.0.0.10)");
    expect(found[0]!.message).toContain(
      'the script fails AG01 over to sqlserver2 (line 48), so as it leaves them the link reaches sqlserver1, no longer the primary',
    );
  });

  it('before any local failover: a warning that the link stops once AG01 fails over', () => {
    const found = warningsOf(beforeFailover);
    expect(found.map((w) => w.line)).toEqual([28]);
    expect(found[0]!.message).toContain('once AG01 fails over to another replica, the link stops');
  });

  it("with the listener's address, as the page asks, no warning", () => {
    const listener = text.replace(
      "LISTENER_URL = 'TCP://10.0.0.1:5022'",
      "LISTENER_URL = 'TCP://10.0.0.10:5022'",
    );
    expect(listener).not.toEqual(text);
    expect(warningsOf(listener)).toEqual([]);
  });

  it("the scripts page's single-node link is not judged: its primary cannot move", () => {
    const docs = readFileSync(
      new URL('./fixtures/docs-mi-link-scripts.sql', import.meta.url),
      'utf8',
    );
    expect(warningsOf(docs, 'DAG1_db1')).toEqual([]);
  });
});
