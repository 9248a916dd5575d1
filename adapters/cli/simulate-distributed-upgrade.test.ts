import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/**
 * Taryn Pratt, "How we upgraded Stack Overflow to SQL Server 2017" (7 November 2018): reporting
 * servers downstream in distributed availability groups of groups still on SQL Server 2016; after
 * the upgrade "when I attempted to query any database in a DAG they weren't accessible. I couldn't
 * read from them ... it was because the secondary was a higher version from the primary", both
 * reporting servers "totally out of commission until the upstream servers were all upgraded".
 * "Distributed availability groups" (S43, ms.date 09/15/2022), Migrate to higher SQL Server
 * versions: "You won't have read access to any of the replica databases on the secondary AG as
 * long as the primary AG is at a lower version. During this time, updates will continue to flow
 * ... but the status of the secondary AG will show as Partially Healthy, and databases on secondary
 * replicas of the Secondary AG (AG2) will show as Synchronizing/In Recovery (even if the AG is in
 * sync commit)."
 */

const FILE = 'adapters/cli/fixtures/distributed/stackoverflow-reporting-upgraded-downstream.json';

interface Copy {
  readonly replica: string;
  readonly synchronizationState: string;
  readonly lastHardenedLsn: string;
}
interface Out {
  readonly trace: readonly {
    readonly refused: readonly unknown[];
    readonly state: { readonly members: readonly { readonly copies: readonly Copy[] }[] };
  }[];
  readonly decisions: {
    readonly members: readonly {
      readonly member: string;
      readonly decisions: {
        readonly synchronizationHealth: { readonly group: { readonly health: string } };
        readonly routing: {
          readonly readOnly: {
            readonly outcome: string;
            readonly reasons: readonly { code: string }[];
          };
        };
      };
    }[];
  };
}

describe('agstate simulate of a reporting group upgraded downstream of a 2016 group', () => {
  it('moves the log, keeps CO-REPORT01 SYNCHRONIZING, the group partially healthy and unreadable', async () => {
    const r = await run(['simulate', FILE, '--json']);
    expect(r.code).toBe(0);
    const { trace, decisions } = result(r) as unknown as Out;
    expect(trace.flatMap((t) => t.refused)).toEqual([]);
    const co = trace.at(-1)?.state.members[1]?.copies.find((c) => c.replica === 'CO-REPORT01');
    expect(co).toMatchObject({
      synchronizationState: 'SYNCHRONIZING',
      lastHardenedLsn: '39000000034400010',
    });
    const reporting = decisions.members.find((m) => m.member === 'reporting-ag')!.decisions;
    expect(reporting.synchronizationHealth.group.health).toBe('PARTIALLY_HEALTHY');
    expect(reporting.routing.readOnly.outcome).toBe('refused');
    expect(reporting.routing.readOnly.reasons.map((x) => x.code)).toEqual([
      'SECONDARY_GROUP_HIGHER_VERSION',
    ]);
  });
});
