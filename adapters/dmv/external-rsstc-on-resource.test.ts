import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { actionTsql } from '../cli/render/decisions.js';
import { factsOf } from './test-support.js';

/*
 * 'Always On availability groups on Linux' (S31, linux/sql-server-linux-availability-group-overview),
 * required_synchronized_secondaries_to_commit: "Certain settings such as
 * required_synchronized_secondaries_to_commit can only be changed via Pacemaker on Linux, whereas a
 * WSFC-based install uses Transact-SQL"; "You can manually override this value"; "2 - Both
 * secondary replicas in a three or more node AG configuration must be synchronized with the
 * primary"; "sudo pcs resource update <AGResourceName> required_synchronized_secondaries_to_commit=
 * <Value>" (RHEL and Ubuntu), "sudo crm resource param ms-<AGResourceName> set
 * required_synchronized_secondaries_to_commit <value>" (SLES); "To set it back to the default of
 * Pacemaker managing the parameter, execute the same statement with no value"; "Changing the value
 * causes the resource to restart, meaning a brief outage". 'High availability and data protection
 * for availability group configurations' (S29), Three synchronous replicas, at 2: "Secondary
 * replica outage: Primary is not available for user transactions". The fixture is the primary's
 * snapshot of S29's three synchronous replicas with the parameter set to 2 on the resource and
 * node3 lost (names and ids as the project's other Pacemaker fixtures; version 2019). decide said
 * the commit fails and offered nothing for it, as no ALTER holds under Pacemaker.
 */
const read = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const facts = read('docs-linux-resource-rsstc-2-secondary-out.json');
const rsstcActions = (f: typeof facts) =>
  decide(f).actions.filter((a) => a.event.type === 'ag.set');

describe('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT set on the Pacemaker resource (S31)', () => {
  it('refuses the commit, as S29 says at 2 with a secondary lost', () => {
    const c = decide(facts).commit.find((x) => x.database === 'db1')!;
    expect(c.acknowledgement).toBe('blocked');
    expect(c.reasons.map((r) => r.code)).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']);
  });

  it('offers the parameter given back to the agent, whose 1 the synchronized node2 meets', () => {
    const found = rsstcActions(facts);
    expect(found.map((a) => a.event)).toEqual([
      { type: 'ag.set', options: { requiredSynchronizedSecondariesToCommit: 1 } },
    ]);
    const why = found[0]!.why;
    expect(why.map((r) => r.code)).toEqual(['PACEMAKER_RSSTC_BACK_TO_AGENT']);
    expect(why[0]!.rule.document).toBe('Always On availability groups on Linux (overview)');
    expect(why[0]!.message).toContain('can only be changed via Pacemaker');
    expect(why[0]!.message).toContain('brief outage');
  });

  it('renders the resource commands with no value, not an ALTER AVAILABILITY GROUP', () => {
    const sql = actionTsql(decide(facts), rsstcActions(facts)[0]!);
    expect(sql).toContain(
      'sudo pcs resource update <ag resource> required_synchronized_secondaries_to_commit=\n',
    );
    expect(sql).toContain(
      'sudo crm resource param ms-<ag resource> set required_synchronized_secondaries_to_commit\n',
    );
    expect(sql).not.toContain('ALTER AVAILABILITY GROUP');
  });

  it("offers nothing where the agent's own value is what blocks, or the majority is lost too", () => {
    const atAgent = {
      ...facts,
      config: { ...facts.config, requiredSynchronizedSecondariesToCommit: 1 },
    };
    const copyOn = (state: 'SYNCHRONIZING' | 'NOT SYNCHRONIZING') =>
      facts.databaseReplicas.map((d) =>
        d.replica === 'node2' ? { ...d, synchronizationState: state } : d,
      );
    // node2 catching up: the agent's 1 is what blocks, and the parameter is already the agent's.
    const catchingUp = { ...atAgent, databaseReplicas: copyOn('SYNCHRONIZING') };
    expect(decide(catchingUp).commit[0]!.acknowledgement).toBe('blocked');
    expect(rsstcActions(catchingUp)).toEqual([]);
    // node2 lost too: the agent's 1 is not met either, and the primary reaches 1 of 3.
    const bothLost = {
      ...facts,
      replicas: facts.replicas.map((r) =>
        r.name === 'node2' ? { ...r, connectedState: 'DISCONNECTED' as const } : r,
      ),
      databaseReplicas: copyOn('NOT SYNCHRONIZING'),
    };
    expect(decide(bothLost).commit[0]!.acknowledgement).toBe('blocked');
    expect(rsstcActions(bothLost)).toEqual([]);
  });

  it("says what the agent's 0 gives up, on a configuration-only group set to 1 on the resource", () => {
    // S31: "By default, required_synchronized_secondaries_to_commit is set to 0. This can be manually
    // modified to 1 if desired"; S29, Two synchronous replicas and a configuration only replica,
    // secondary replica outage: at 1 "Primary is not available for user transactions", at 0
    // "Primary is R/W, running exposed to data loss".
    const base = read('docs-linux-configuration-only-primary.json');
    const lost = {
      ...base,
      config: { ...base.config, requiredSynchronizedSecondariesToCommit: 1 },
      replicas: base.replicas.map((r) =>
        r.name === 'node2' ? { ...r, connectedState: 'DISCONNECTED' as const } : r,
      ),
      databaseReplicas: base.databaseReplicas.map((d) =>
        d.replica === 'node2' ? { ...d, synchronizationState: 'NOT SYNCHRONIZING' as const } : d,
      ),
    };
    expect(decide(lost).commit[0]!.acknowledgement).toBe('blocked');
    const found = rsstcActions(lost);
    expect(found.map((a) => a.event)).toEqual([
      { type: 'ag.set', options: { requiredSynchronizedSecondariesToCommit: 0 } },
    ]);
    expect(found[0]!.why[0]!.message).toContain('running exposed to data loss');
    expect(rsstcActions(facts)[0]!.why[0]!.message).not.toContain('exposed to data loss');
  });
});
