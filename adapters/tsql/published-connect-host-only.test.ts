import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { readScriptReport } from './script.js';

/*
 * Mark Broadbent, "Availability Groups for Dummies" (retracement/availability_groups_for_dummies,
 * S143), "02 - Create Availability Group.sql": every batch runs under `:CONNECT SERVER2` (or SERVER3,
 * SERVER4), while the replicas are the named instances N'SERVER2\SQL2016', N'SERVER3\SQL2016' and
 * N'SERVER4\SQL2016', and "04 - Readonly routing.sql" gives each the READ_ONLY_ROUTING_URL
 * 'TCP://server2.retracement.me:1433': in the lab the named instance answered on the default port.
 * sqlcmd's -S (S100): "Specify server_name to connect to the default instance of SQL Server on that
 * server computer. Specify server_name [ \instance_name ] to connect to a named instance". validate
 * called the CREATE a violation (CREATE_NOT_ON_A_REPLICA); which instance it reaches is the
 * machine's, not the script's to say.
 */
const name = 'lab-broadbent-readonly-routing.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const report = (script: string) => readScriptReport(script, { version: 2016, fileName: name });
const lineOf = (start: string) => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;
const hostOnly = (script: string) =>
  report(script)
    .script.warnings.filter((w) => w.text.includes('but not its instance'))
    .map((w) => w.line);

describe(':CONNECT SERVER2 for the named-instance replica SERVER2\\SQL2016 (Broadbent, 2016)', () => {
  it('runs the CREATE on SERVER2\\SQL2016, with a warning, not a violation', () => {
    const r = report(text);
    const [config] = r.script.configs;
    expect(config?.createdOn).toBe('SERVER2\\SQL2016');
    expect(judgeConfig(config!).violations.map((v) => v.code)).not.toContain(
      'CREATE_NOT_ON_A_REPLICA',
    );
    const create = lineOf('CREATE AVAILABILITY GROUP');
    expect(hostOnly(text)[0]).toBe(create);
    expect(r.script.warnings.find((w) => w.line === create)?.text).toContain('SELECT @@SERVERNAME');
  });

  it('places each JOIN on the replica of the host it connects to, one warning per :CONNECT', () => {
    const r = report(text);
    const joins = r.script.statements.filter((s) => /\[MyAG1\] JOIN\b/i.test(s.text));
    expect(joins.map((s) => s.server)).toEqual(['SERVER3\\SQL2016', 'SERVER4\\SQL2016']);
    expect(hostOnly(text).length).toBeGreaterThan(2);
  });

  it('keeps a host with no replica, or with a replica on its default instance, as written', () => {
    const create = ':CONNECT SERVER2\nUSE [master]\nCREATE AVAILABILITY GROUP';
    expect(text).toContain(create);
    const codes = (script: string) =>
      judgeConfig(report(script).script.configs[0]!).violations.map((v) => v.code);
    const elsewhere = text.replace(create, create.replace('SERVER2', 'SERVER9'));
    expect(codes(elsewhere)).toContain('CREATE_NOT_ON_A_REPLICA');
    // A replica on SERVER2's default instance is what :CONNECT SERVER2 reaches.
    const beside = text.replace("N'SERVER3\\SQL2016' WITH", "N'SERVER2' WITH");
    expect(report(beside).script.configs[0]?.createdOn).toBe('SERVER2');
  });
});
