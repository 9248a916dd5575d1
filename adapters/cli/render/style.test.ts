import { describe, expect, it } from 'vitest';
import { automaticHeading, automaticText } from './style.js';

describe('where an automatic failover would go, as the text report says it', () => {
  it('one qualifying replica, nothing unknown: that replica', () => {
    expect(automaticText('SQL2', [], [], false)).toBe('SQL2');
  });

  it('none qualifies and none is unknown: no replica; an impossible snapshot: unknown', () => {
    expect(automaticText(null, [], [], false)).toBe('no replica');
    expect(automaticText(null, [], [], true)).toBe('unknown (contradictory snapshot)');
  });

  it('several qualify: unknown, naming them and what the cluster chooses by', () => {
    expect(automaticText(null, [], ['SQL2', 'SQL3'], false)).toBe(
      "unknown: SQL2, SQL3 (SQL2, SQL3 qualify: the cluster chooses by the role's preferred owners (Get-ClusterOwnerNode), which no view shows)",
    );
  });

  it('several qualify under Pacemaker: Pacemaker chooses, not a WSFC role’s preferred owners', () => {
    // mssql-server-ha scores every synchronous-commit secondary alike (S53); Pacemaker picks.
    const text = automaticText(null, [], ['node2', 'node3'], false, 'EXTERNAL');
    expect(text).toBe(
      'unknown: node2, node3 (node2, node3 qualify: Pacemaker chooses among them (the resource agent gives every synchronous-commit secondary the same promotion score), which no view shows)',
    );
    expect(text).not.toContain('Get-ClusterOwnerNode');
  });

  it('a replica whose verdict is unknown: unknown, with the one that qualifies', () => {
    expect(automaticText('SQL3', ['SQL2'], [], false)).toBe(
      'unknown: SQL2, SQL3 (the automatic verdict of SQL2 is unknown)',
    );
  });
});

describe('the words before it', () => {
  it('under Pacemaker with no primary, a promotion; otherwise a failure of the primary (S341)', () => {
    const group = { clusterType: 'EXTERNAL', primary: null, primaryUnseen: false };
    expect(automaticHeading(group)).toBe('no primary: Pacemaker would promote');
    // A primary not shown in the snapshot, a WSFC group, a group with a primary: as before.
    for (const other of [
      { ...group, primaryUnseen: true },
      { ...group, clusterType: 'WSFC' },
      { ...group, primary: 'node1' },
    ])
      expect(automaticHeading(other)).toBe(
        'if the primary failed now, automatic failover would go to',
      );
  });
});
