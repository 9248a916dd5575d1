import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * 'High availability and data protection for availability group configurations' (S29), "Three
 * synchronous replicas" at the default REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1: "One
 * secondary replica outage: Primary is R/W. No automatic failover if primary fails as well"; "Two
 * synchronous replicas and a configuration only replica": "Configuration only replica outage:
 * Primary is R/W. No automatic failover if primary fails as well"; "If only one of the secondary
 * replicas responds to the pre-promote action, the resource agent cannot guarantee that the
 * secondary that responded has the highest sequence_number, and a failover is not triggered."
 * explain said only "a failure fails over automatically to VM2 or VM3 if synchronized", as if one
 * synchronized replica were enough.
 *
 * Inputs: docs-azure-rhel-stonith-tutorial.sql, the Transact-SQL of "Tutorial: Configure
 * availability groups for SQL Server on RHEL virtual machines in Azure" (the tutorial then fences
 * <VM3>, a secondary, to test STONITH: while it is off, a failure of the primary fails over to
 * nobody); docs-linux-configuration-only.sql, Example A of the Linux "Create and configure an
 * availability group" page. Invented: the :Connect lines and the names VM1, VM2, VM3.
 */

const groupOf = (name: string, version: 2019) =>
  configsAfterScript(
    readScriptReport(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'), {
      version,
      fileName: name,
    }).script,
  )[0]!.config;

describe('S29: a Pacemaker group fails over automatically only while the others answer', () => {
  it('three synchronous replicas (the Azure RHEL tutorial): every other one must be running', () => {
    const e = explainConfig(groupOf('docs-azure-rhel-stonith-tutorial.sql', 2019));
    expect(e.automaticFailover.map((r) => r.code)).toEqual([
      'AUTOMATIC_FROM',
      'AUTOMATIC_FROM',
      'AUTOMATIC_FROM',
      // DB_FAILOVER = ON: the cluster checks sys.databases at each monitor action (S30).
      'EXTERNAL_DB_FAILOVER_MONITORED',
      'EXTERNAL_AUTOMATIC_NEEDS_OTHERS',
    ]);
    const why = e.automaticFailover.at(-1)!;
    expect(why.message).toContain(
      'only when 2 of the 3 synchronous-commit and configuration-only replicas (VM1, VM2, VM3) answer',
    );
    expect(why.message).toContain(
      'while one is down, a failure of the primary fails over to nobody',
    );
    expect(why.rule.section).toContain('No automatic failover if primary fails as well');
  });

  it('two synchronous replicas and a configuration-only replica: the witness counts as one', () => {
    const e = explainConfig(groupOf('docs-linux-configuration-only.sql', 2019));
    const why = e.automaticFailover.find((r) => r.code === 'EXTERNAL_AUTOMATIC_NEEDS_OTHERS');
    expect(why?.message).toContain('(LinAGN1, LinAGN2, LinAGN3)');
    expect(why?.message).toContain('needs every other one of them running');
  });

  it('five synchronous replicas (SQL Server 2019): one more of the four others may be down', () => {
    const three = groupOf('docs-azure-rhel-stonith-tutorial.sql', 2019);
    const five = {
      ...three,
      replicas: [
        ...three.replicas,
        ...['VM4', 'VM5'].map((name) => ({
          ...three.replicas[2]!,
          name,
          endpointUrl: `tcp://${name}:5022`,
        })),
      ],
    };
    const why = explainConfig(five).automaticFailover.find(
      (r) => r.code === 'EXTERNAL_AUTOMATIC_NEEDS_OTHERS',
    );
    expect(why?.message).toContain(
      'needs 3 of the other 4 running: while more than 1 of them is down',
    );
  });

  it('is not said where the group has no automatic failover (two synchronous replicas)', () => {
    const two = groupOf('docs-azure-rhel-stonith-tutorial.sql', 2019);
    const e = explainConfig({ ...two, replicas: two.replicas.slice(0, 2) });
    expect(e.automaticFailover.map((r) => r.code)).toEqual(['EXTERNAL_TOO_FEW_VOTERS']);
  });
});
