import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * dba.stackexchange.com q/278257, "Always On Synchronous Commit Mode With Large Delays"
 * (2020-10-18): a synchronous-commit secondary in Europe (EUSQL1) for a primary in the US (USSQL1);
 * the answer quotes 'Availability modes' (S1): "If primary's session-timeout period is exceeded by
 * a secondary replica, the primary replica temporarily shifts into asynchronous-commit mode for
 * that secondary replica", and adds "if you restart a synchronous replica and that server is
 * offline, your AG will fall back to asynch and continue to process transactions." The primary's
 * two snapshots of a lost link: inside the session-timeout window (EUSQL1 still CONNECTED and
 * SYNCHRONIZED, its hardened LSN stopped) and after it (DISCONNECTED, NOT SYNCHRONIZING, its
 * recovery_lsn not shown). Names, ids and LSNs are placeholders; SESSION_TIMEOUT is the default 10.
 */
const load = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('a synchronous secondary across an ocean loses its link (q/278257)', () => {
  it('inside the session timeout: the commit waits for EUSQL1, at most until its session times out', () => {
    const [commit] = decide(load('dbse-278257-link-lost-in-session-timeout.json')).commit;
    expect(commit?.acknowledgement).toBe('afterHardening');
    expect(commit?.mustHarden).toEqual(['EUSQL1']);
    const bound = commit?.reasons.find((r) => r.code === 'COMMIT_WAIT_BOUNDED_BY_SESSION_TIMEOUT');
    expect(bound?.message).toContain('SESSION_TIMEOUT: EUSQL1 10 s; USSQL1 10 s');
    expect(bound?.message).toContain('commits then go on without it');
  });

  it('after it: the commit no longer waits, and a forced failover to EUSQL1 loses at least the log it lacks', () => {
    const d = decide(load('dbse-278257-link-lost-after-session-timeout.json'));
    expect(d.commit[0]?.acknowledgement).toBe('immediately');
    const [loss] = d.failover.targets.find((t) => t.replica === 'EUSQL1')!.forcedLoss;
    // Whether the copy reverts below its last hardened LSN is not shown (recovery_lsn): the extent
    // stays unknown, and the log past that LSN through the primary's end of log is lost at least.
    expect(loss?.extent).toBe('unknown');
    expect(loss?.reasons.map((r) => r.code)).toEqual(['LOSS_FORK_UNKNOWN']);
    expect(loss?.ranges.find((r) => r.bound === 'exact')).toEqual({
      afterLsn: 61000000207600001n,
      throughLsn: 61000000208000001n,
      bound: 'exact',
      basis: 'end_of_log_lsn of OrdersDB on USSQL1',
    });
  });
});
