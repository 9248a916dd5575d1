import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * "Configure SQL Server Always On Availability Group on Windows and Linux (cross-platform)"
 * (MicrosoftDocs/sql-docs, docs/linux/sql-server-linux-availability-group-cross-platform.md): ag1
 * WITH (CLUSTER_TYPE = NONE) on WinSQLInstance (primary) and LinuxSQLInstance, database TestDB;
 * "Fail over the primary replica" includes the read-scale failover (S45), whose failover without
 * data loss makes the target synchronous, sets REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT to 1,
 * and says: "The availability group is ready to fail over when the synchronization_state_desc is
 * SYNCHRONIZED and the sequence_number is the same for both primary and target secondary replica."
 * The snapshots: that moment seen on each replica (both replicas made SYNCHRONOUS_COMMIT, TestDB
 * SYNCHRONIZED), LinuxSQLInstance's sequence_number one below the primary's. decide offered the
 * forced failover to LinuxSQLInstance without a word on it. Numbers invented, as strings.
 */
const read = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const primary = read('docs-cross-platform-none-primary.json');
const target = read('docs-cross-platform-none-target-behind.json');
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);
const forcedTo = (texts: readonly string[]) => {
  const facts =
    texts.length === 1
      ? factsOf(texts[0]!)
      : mergeFacts(
          { source: 'primary.json', facts: factsOf(texts[0]!) },
          { source: 'target.json', facts: factsOf(texts[1]!) },
        ).facts;
  return decide(facts).failover.targets.find((t) => t.replica === 'LinuxSQLInstance')!.forced;
};

describe('a read-scale group is ready to fail over when the sequence_number is the same', () => {
  it('notes the target behind the primary on the forced failover, which SQL Server still runs', () => {
    const forced = forcedTo([primary, target]);
    expect(forced.status).toBe('allowed');
    const why = forced.reasons.find((r) => r.code === 'READ_SCALE_SEQUENCE_NUMBER_BEHIND');
    expect(why?.message).toContain('LinuxSQLInstance reports sequence number 30064771079');
    expect(why?.message).toContain('WinSQLInstance (30064771080)');
    expect(why?.rule.document).toBe('Perform a planned manual failover of an availability group');
    // Every reason is kept beside it.
    expect(codes(forced.reasons)).toEqual([
      'POSSIBLE_DATA_LOSS',
      'PRIMARY_STILL_RUNNING',
      'READ_SCALE_SEQUENCE_NUMBER_BEHIND',
    ]);
  });

  it('says nothing where the numbers are equal, or only one is shown', () => {
    const caughtUp = target.replace('"30064771079"', '"30064771080"');
    expect(codes(forcedTo([primary, caughtUp]).reasons)).not.toContain(
      'READ_SCALE_SEQUENCE_NUMBER_BEHIND',
    );
    expect(codes(forcedTo([primary]).reasons)).not.toContain('READ_SCALE_SEQUENCE_NUMBER_BEHIND');
  });
});
