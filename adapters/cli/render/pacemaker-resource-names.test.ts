import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../core/decide/decide.js';
import { factsOf } from '../../dmv/test-support.js';
import { actionTsql } from './decisions.js';

/*
 * 'Configure a Pacemaker cluster for SQL Server availability groups' (S91), Add colocation
 * constraint: "When you create the ag_cluster resource in RHEL 7, it creates the resource as
 * ag_cluster-master"; "When you create the ag_cluster resource in RHEL 8, it creates the resource
 * as ag_cluster-clone" (created "promotable notify=true" on "RHEL 8 and later versions"). 'Operate
 * Always On availability groups on Linux' (S30), Remove the location constraint: "sudo pcs
 * resource move ag_cluster-clone --master nodeName2 && sleep 30 && sudo pcs resource clear
 * ag_cluster-clone"; Force failover: "sudo pcs resource unmanage <resourceName>". decide gave only
 * the RHEL 7 id, which a resource created as S91 writes for RHEL 8 and later does not have.
 */
const facts = factsOf(
  readFileSync(
    new URL('../../dmv/fixtures/linux-external-three-sync.json', import.meta.url),
    'utf8',
  ),
);
const d = decide(facts);

describe('the Pacemaker commands of a recommended failover (S30, S91)', () => {
  it('moves the promotable clone of RHEL 8 and later and clears its constraint, RHEL 7 beside it', () => {
    const sql = actionTsql(d, { event: { type: 'ag.failover', target: 'node2' }, why: [] });
    expect(sql).toMatch(
      /RHEL 8 and later, Ubuntu: sudo pcs resource move <ag resource>-clone --master node2, then remove the\n.*sudo pcs resource clear <ag resource>-clone\n/,
    );
    expect(sql).toContain('RHEL 7: sudo pcs resource move <ag resource>-master node2 --master');
  });

  it("takes the resource out of Pacemaker's control by its own name before forcing", () => {
    const sql = actionTsql(d, { event: { type: 'ag.forceFailover', target: 'node2' }, why: [] });
    expect(sql).toContain('sudo pcs resource unmanage <ag resource>)');
    expect(sql).not.toContain('-master');
  });
});
