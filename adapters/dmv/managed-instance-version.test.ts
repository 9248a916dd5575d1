import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from './read.js';
import { snapshotVersion } from './version.js';

/*
 * "What is Azure SQL Managed Instance?" (S112), Programmatically identify a managed instance:
 * "`@@VERSION` Microsoft SQL Azure (RTM) - 12.0.2000.8 ... This **does not** indicate SQL engine
 * version 12 (SQL Server 2014). SQL Managed Instance always runs the latest stable SQL engine
 * version"; the same page: "The Managed Instance link uses distributed availability groups". The
 * fixture is the secondary side of a distributed group (examples/snapshots/dag-forwarder.json) with
 * the SERVERPROPERTY row the documented query returns there: product_version 12.0.2000.8, major 12.
 * It was read as SQL Server 2014, a version without distributed groups, and decided by its rules.
 */
const text = readFileSync(
  new URL('./fixtures/docs-mi-link-version-12.json', import.meta.url),
  'utf8',
);
const snapshot = () => {
  const s = readSnapshot(text);
  if (E.isLeft(s)) throw new Error('the snapshot reads');
  return s.right;
};

describe('major version 12 beside a distributed group: a managed instance (S112)', () => {
  it('is not read as SQL Server 2014: the version is asked for', () => {
    const v = snapshotVersion(snapshot(), undefined);
    expect(E.isLeft(v) && v.left[0]!.message).toContain('--sql-version');
  });

  it('the version given is taken', () => {
    expect(snapshotVersion(snapshot(), 2022)).toEqual(E.right(2022));
  });

  it('without a distributed group, 12 is still SQL Server 2014', () => {
    const doc = JSON.parse(text);
    for (const g of doc['sys.availability_groups']) g.is_distributed = false;
    const s = readSnapshot(JSON.stringify(doc));
    if (E.isLeft(s)) throw new Error('the snapshot reads');
    expect(snapshotVersion(s.right, undefined)).toEqual(E.right(2014));
  });
});
