import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Mark Broadbent, "Availability Groups for Dummies" (retracement/availability_groups_for_dummies,
 * SQL Server 2016 Availability Group Project, S143): "02 - Create Availability Group.sql" creates
 * MyAG1 on SERVER2\SQL2016, SERVER3\SQL2016 and SERVER4\SQL2016, each with SECONDARY_ROLE
 * (ALLOW_CONNECTIONS = NO); "04 - Readonly routing.sql", run on the primary, sets each replica's
 * READ_ONLY_ROUTING_URL, then each one's READ_ONLY_ROUTING_LIST naming the two others, and goes on:
 * "Now view the Readonly routing list via the AG properties and note that some of these replicas
 * are not listed depending upon which are not set with read intent", then "Set all replicas
 * secondary role to allow reads ... note your settings are now visible". SQL Server took the lists.
 * "Configure read-only routing" (S13), Example (PowerShell): "If this secondary replica is not
 * readable (as determined by the ConnectionModeInSecondaryRole setting), the connection will be
 * directed back to the primary replica". validate called each entry a violation
 * (ROUTING_LIST_REPLICA_NOT_READABLE, six of them, exit 1), and check refused the group.
 */
const name = 'lab-broadbent-readonly-routing.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const report = (script: string) => readScriptReport(script, { version: 2016, fileName: name });
const routingWarnings = (script: string) =>
  report(script)
    .script.warnings.filter((w) => w.text.includes('READ_ONLY_ROUTING_LIST names'))
    .map((w) => [w.line, w.text.split(', whose')[0]]);
const lineOf = (script: string, start: string) =>
  script.split('\n').findIndex((l) => l.startsWith(start)) + 1;

describe('routing lists set on replicas that are not readable yet (Broadbent, SQL Server 2016)', () => {
  it('judges no routing entry a violation: SQL Server takes the lists', () => {
    const [after] = configsAfterScript(report(text).script);
    const codes = judgeConfig(after!.config).violations.map((v) => v.code);
    expect(codes.filter((c) => c.startsWith('ROUTING_'))).toEqual([]);
  });

  it('warns at each list statement, naming the replicas that take no reads', () => {
    // Each list statement starts on the line before its MODIFY REPLICA ON N'<owner>'.
    const at = (owner: string) => lineOf(text, `MODIFY REPLICA ON N'${owner}'`) - 1;
    expect(routingWarnings(text)).toEqual([
      [
        at('SERVER2\\SQL2016'),
        "SERVER2\\SQL2016's READ_ONLY_ROUTING_LIST names SERVER3\\SQL2016, SERVER4\\SQL2016",
      ],
      [
        at('SERVER3\\SQL2016'),
        "SERVER3\\SQL2016's READ_ONLY_ROUTING_LIST names SERVER2\\SQL2016, SERVER4\\SQL2016",
      ],
      [
        at('SERVER4\\SQL2016'),
        "SERVER4\\SQL2016's READ_ONLY_ROUTING_LIST names SERVER3\\SQL2016, SERVER2\\SQL2016",
      ],
    ]);
  });

  it('says nothing once the lab makes every replica readable', () => {
    const readable = ['SERVER2', 'SERVER3', 'SERVER4']
      .map(
        (s) =>
          `ALTER AVAILABILITY GROUP [MyAG1] MODIFY REPLICA ON N'${s}\\SQL2016' WITH (SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY));`,
      )
      .join('\n');
    expect(routingWarnings(`${text}\n${readable}\nGO\n`)).toEqual([]);
  });

  it('does not ask the owner’s own entry to be readable: it serves while the owner is primary', () => {
    const own = text.replace(
      "READ_ONLY_ROUTING_LIST=('SERVER3\\SQL2016','SERVER4\\SQL2016')",
      "READ_ONLY_ROUTING_LIST=('SERVER2\\SQL2016')",
    );
    expect(routingWarnings(own).map(([, w]) => w)).not.toContain(
      "SERVER2\\SQL2016's READ_ONLY_ROUTING_LIST names SERVER2\\SQL2016",
    );
    expect(routingWarnings(own)).toHaveLength(2);
  });
});
