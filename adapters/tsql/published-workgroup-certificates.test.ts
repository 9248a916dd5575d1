import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { judgeConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * A domain-independent group on Azure VMs: vmaaik/reference-architectures, virtual-machines/
 * sql-ao-wo-ad, its six SQL scripts in the order its DSC configurations run them
 * (fixtures/lab-azure-workgroup-certificate-endpoints.sql). 'Create a domain-independent
 * availability group': "SQL Server requires the use of certificates for endpoint security", so
 * each node gets a certificate endpoint, a login that owns the other node's certificate, and
 * GRANT CONNECT ON ENDPOINT; then the group is made "basically the same as the creation of a
 * normal availability group". None of those statements changes the group, which is judged as any
 * WSFC group: 'Availability modes' and 'Failover and failover modes' give the automatic pair,
 * 'Availability group database level health detection failover option' DB_FAILOVER = ON, and
 * 'Automatically initialize Always On availability group' the JOIN then GRANT on the secondary.
 */
const file = 'lab-azure-workgroup-certificate-endpoints.sql';
const text = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
// The VMs run SQL Server 2016 SP1 (azbb-scripts/abbt-cluster.json).
const report = readScriptReport(text, { version: 2016, fileName: file });
const [after] = configsAfterScript(report.script);

describe('a workgroup-cluster group with certificate endpoints (mspnp sql-ao-wo-ad)', () => {
  it('reads every statement; the certificate, endpoint and login ones change no group', () => {
    expect(report.errors).toEqual([]);
    const ownStatements = report.script.statements.filter((s) => s.group === null);
    // The full backup of TestDatabase1 is the one such statement agstate keeps (S5).
    expect(
      ownStatements.filter((s) => s.outcome.kind !== 'skipped').map((s) => [s.line, s.server]),
    ).toEqual([[104, 'sqlao1']]);
    // Each node's certificate endpoint, read where it runs.
    expect(
      ownStatements
        .filter((s) => s.text.startsWith('CREATE ENDPOINT'))
        .map((s) => [s.line, s.server]),
    ).toEqual([
      [19, 'sqlao1'],
      [41, 'sqlao2'],
    ]);
  });

  it('leaves sqlaoag with both replicas and TestDatabase1, created on sqlao1, and breaks no rule', () => {
    expect(after?.config.name).toBe('sqlaoag');
    expect(after?.config.createdOn).toBe('sqlao1');
    expect(after?.config.replicas.map((r) => r.name)).toEqual(['sqlao1', 'sqlao2']);
    expect(after?.config.databases).toEqual(['TestDatabase1']);
    expect(after?.notApplied).toEqual([]);
    expect(after?.unknown).toEqual([]);
    expect(judgeConfig(after!.config)).toEqual({ violations: [], unknown: [] });
  });

  it('joins and grants on sqlao2, so seeding needs no unknown GRANT', () => {
    const placed = report.script.statements
      .filter((s) => s.group === 'sqlaoag' && s.outcome.kind === 'events')
      .flatMap((s) => (s.outcome.kind === 'events' ? s.outcome.events : []))
      .map((e) => [e.type, 'replica' in e ? e.replica : null]);
    expect(placed).toEqual([
      ['replica.join', 'sqlao2'],
      ['replica.grantCreateDatabase', 'sqlao2'],
    ]);
  });

  it('warns only that the recovery model of the database CREATE DATABASE made is not shown', () => {
    expect(report.script.warnings.map((w) => w.line)).toEqual([111]);
    const [w] = report.script.warnings;
    expect(w?.text).toContain('takes a full backup of TestDatabase1 at line 104');
    expect(w?.text).toContain('sys.databases.recovery_model_desc of TestDatabase1 on sqlao1');
  });

  it('explains an automatic pair both ways and DB_FAILOVER = ON', () => {
    const e = explainConfig(after!.config);
    expect(e.pairs.map((p) => p.forms)).toEqual([
      ['automatic', 'planned', 'forced'],
      ['automatic', 'planned', 'forced'],
    ]);
    expect(e.automaticFailover.map((r) => r.code)).toEqual([
      'AUTOMATIC_FROM',
      'AUTOMATIC_FROM',
      'FAILOVER_POLICY',
      'DB_FAILOVER_ON',
    ]);
  });
});
