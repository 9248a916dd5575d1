import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Upgrade availability group replicas' (S64; MicrosoftDocs/sql-docs
 * upgrading-always-on-availability-group-replica-instances.md, ms.date 11/02/2022): "Also be aware
 * that after the initial failover to a secondary replica running a newer version of SQL Server,
 * the databases in that AG will run through an upgrade process to bring them to the latest
 * version. During this time, there will be no readable replicas for any of these databases.
 * Downtime after the initial failover will depend on the number of databases in the AG. If you
 * plan on failing back to the original primary, this step won't be repeated when you fail back."
 * The steps of examples/scenarios/rolling-upgrade.json (the page's Rolling upgrade process), then
 * "an extra manual failover to return the AG to its original configuration". The failover to the
 * upgraded NODE2 used to say nothing of the databases' upgrade.
 *
 * Invented (as in the example): the names, addresses, versions and SalesDB.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(new URL('./fixtures/docs-rolling-upgrade-failback.json', import.meta.url), 'utf8'),
  ),
);
const notes = (i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

describe('S64: the databases are upgraded on the initial failover to the newer version', () => {
  it('says so on the failover from NODE1 (2017) to the upgraded NODE2 (2019)', () => {
    expect(sim.trace[9]!.refused).toEqual([]);
    const [upgrade] = notes(9).filter((r) => r.code === 'DATABASES_UPGRADED_ON_FAILOVER');
    expect(upgrade?.message).toContain('NODE2 runs SQL Server 2019');
    expect(upgrade?.message).toContain('last ran on 2017 (NODE1)');
    expect(upgrade?.message).toContain(
      '"During this time, there will be no readable replicas for any of these databases"',
    );
    expect(upgrade?.rule.document).toBe('Upgrading Always On Availability Group Replica Instances');
  });

  it('does not repeat it on the failback, NODE1 upgraded', () => {
    const last = sim.trace.length - 1;
    expect(sim.trace[last]!.refused).toEqual([]);
    expect(sim.trace[last]!.facts.replicas.find((r) => r.name === 'NODE1')?.role).toBe('PRIMARY');
    expect(notes(last).map((r) => r.code)).not.toContain('DATABASES_UPGRADED_ON_FAILOVER');
  });
});
