import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as agstate from '../../core/index.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Database engine events and errors (41400 to 49999)" (S111), Msg 47112: "Only the
 * SESSION_TIMEOUT property can be modified for a configuration-only replica." The documentation's
 * Example A (two synchronous replicas and a configuration-only one, CLUSTER_TYPE = EXTERNAL), then
 * three MODIFY REPLICA statements on the configuration-only LinAGN3 as the pages for SESSION_TIMEOUT,
 * BACKUP_PRIORITY and FAILOVER_MODE write them (fixture header). All three were taken: the group
 * validate judged had LinAGN3 at BACKUP_PRIORITY 0 and FAILOVER_MODE EXTERNAL, which SQL Server
 * refuses to set.
 */

const name = 'docs-linux-configuration-only-modify-replica.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('MODIFY REPLICA of a configuration-only replica (Msg 47112, S111)', () => {
  const report = readScriptReport(text, { version: 2019, fileName: name });
  const [after] = configsAfterScript(report.script);
  const witness = after?.config.replicas.find((r) => r.name === 'LinAGN3');

  it('takes SESSION_TIMEOUT and refuses BACKUP_PRIORITY and FAILOVER_MODE at their lines', () => {
    expect(report.errors).toEqual([]);
    expect(after?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [53, 'CONFIGURATION_ONLY_NOT_MODIFIABLE'],
      [57, 'CONFIGURATION_ONLY_NOT_MODIFIABLE'],
    ]);
    const [backup, failover] = after?.notApplied ?? [];
    expect(backup?.reason.message).toContain('MODIFY REPLICA of BACKUP_PRIORITY');
    expect(failover?.reason.message).toContain('MODIFY REPLICA of FAILOVER_MODE');
    expect(backup?.reason.message).toContain(
      '"Only the SESSION_TIMEOUT property can be modified for a configuration-only replica"',
    );
    expect(backup?.reason.rule.document).toBe('Database engine events and errors (41400 to 49999)');
  });

  it('leaves LinAGN3 with its new session timeout and its settings otherwise as created', () => {
    expect(witness?.sessionTimeout).toBe(15);
    expect(witness?.backupPriority).toBe(50);
    expect(witness?.failoverMode).toBe('MANUAL');
  });

  it('simulate refuses the same change and takes it on a synchronous secondary', () => {
    const config = after!.config;
    const start = agstate.createClusterOrThrow(config);
    const refused = agstate.step(start, {
      type: 'replica.modify',
      replica: 'LinAGN3',
      options: { backupPriority: 0, sessionTimeout: 20 },
    });
    expect(refused.refused.map((r) => r.code)).toEqual(['CONFIGURATION_ONLY_NOT_MODIFIABLE']);
    expect(refused.refused[0]?.message).toContain('MODIFY REPLICA of BACKUP_PRIORITY there');
    const seeding = agstate.step(start, {
      type: 'replica.setSeedingMode',
      replica: 'LinAGN3',
      mode: 'AUTOMATIC',
    });
    expect(seeding.refused.map((r) => r.code)).toEqual(['CONFIGURATION_ONLY_NOT_MODIFIABLE']);
    const secondary = agstate.step(start, {
      type: 'replica.modify',
      replica: 'LinAGN2',
      options: { backupPriority: 0 },
    });
    expect(secondary.refused).toEqual([]);
    expect(
      secondary.cluster.config.replicas.find((r) => r.name === 'LinAGN2')?.backupPriority,
    ).toBe(0);
  });
});
