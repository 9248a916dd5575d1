import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "High availability and data protection for availability group configurations" (S29, Understand
 * SQL Server resource agent for Pacemaker): "sequence_number is a monotonically increasing BIGINT
 * that represents how up-to-date the local availability group replica is ... The number is updated
 * on the primary, then pushed to secondary replicas. Thus a secondary replica that is up-to-date
 * has the same sequence_number as the primary. When Pacemaker decides to promote a replica to
 * primary, it first sends a notification to all replicas to extract the sequence number and store
 * it ... the replica only promotes itself if its sequence number is the highest of all the sequence
 * numbers from all replicas, otherwise it rejects the promote operation."
 * The snapshots: the fenced-primary group of docs-linux-external-primary-fenced.json seen from node2
 * and from node3, each with its own sys.availability_groups.sequence_number; node2 missed the last
 * configuration change (its number is one lower). Numbers invented, as strings: BIGINT exceeds 2^53.
 */
const read = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const node2Text = read('docs-linux-external-sequence-node2.json');
const node3Text = read('docs-linux-external-sequence-node3.json');
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

const merged = (a: string, b: string) =>
  mergeFacts(
    { source: 'node2.json', facts: factsOf(a) },
    { source: 'node3.json', facts: factsOf(b) },
  ).facts;

const withoutSequenceNumber = (text: string): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  for (const g of rowsOf(s, 'sys.availability_groups')) delete g.sequence_number;
  return JSON.stringify(s);
};

describe('Pacemaker promotes only the replica with the highest sequence_number', () => {
  it("reads each snapshot's sequence_number as its own replica's, exactly", () => {
    const facts = factsOf(node2Text);
    expect(facts.replicas.find((r) => r.name === 'node2')?.sequenceNumber).toBe(21474836484n);
    expect(facts.replicas.find((r) => r.name === 'node3')?.sequenceNumber).toBeUndefined();
  });

  it('refuses the automatic failover to node2, behind node3, and names both numbers', () => {
    const targets = decide(merged(node2Text, node3Text)).failover.targets;
    const node2 = targets.find((t) => t.replica === 'node2')!;
    expect(node2.automatic.status).toBe('refused');
    const why = node2.automatic.reasons.find((r) => r.code === 'EXTERNAL_SEQUENCE_NUMBER_BEHIND');
    expect(why?.message).toContain('21474836484');
    expect(why?.message).toContain('node3 (21474836485)');
    // Every reason is kept, not just the refusal.
    expect(codes(node2.automatic.reasons)).toContain('QUORUM_UNKNOWN');
    const node3 = targets.find((t) => t.replica === 'node3')!;
    expect(codes(node3.automatic.reasons)).not.toContain('EXTERNAL_SEQUENCE_NUMBER_BEHIND');
    expect(node3.automatic.status).toBe('unknown');
  });

  it('judges nothing where a snapshot lacks the column, or the numbers are equal', () => {
    const without = decide(merged(withoutSequenceNumber(node2Text), node3Text)).failover.targets;
    expect(codes(without.find((t) => t.replica === 'node2')!.automatic.reasons)).not.toContain(
      'EXTERNAL_SEQUENCE_NUMBER_BEHIND',
    );
    const equal = decide(merged(node2Text, node3Text.replace('21474836485', '21474836484')))
      .failover.targets;
    expect(equal.flatMap((t) => codes(t.automatic.reasons))).not.toContain(
      'EXTERNAL_SEQUENCE_NUMBER_BEHIND',
    );
  });
});
