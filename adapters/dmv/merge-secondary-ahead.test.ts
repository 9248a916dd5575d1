import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * SQL141 (primary) and SQL143 (asynchronous), the dbi services blog's two replicas ("SQL Server
 * forced failover with AlwaysOn availability groups"); SQL143's own snapshot five minutes after
 * SQL141's, hardened past the end of log SQL141 showed then, because SQL141 kept committing
 * ("Troubleshoot: Availability group exceeded RPO", S130: "If logs are being flushed to disk faster
 * than they are being sent, the potential data loss can increase indefinitely"). The finding said
 * only that SQL143 ran past the primary's end of log, and docs/dmv-snapshot.md read it as "another
 * fork of history", which a later snapshot of a copy on the same history also shows.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('a secondary past the primary’s end of log in merged snapshots', () => {
  it('says it may be a later snapshot as well as another fork', () => {
    const merged = mergeFacts(
      { source: 'sql141', facts: fixture('blog-async-dr-sql141-primary.json') },
      { source: 'sql143', facts: fixture('blog-async-dr-sql143-later.json') },
    );
    expect(merged.findings.map((f) => f.code)).toEqual(['MERGE_SECONDARY_AHEAD']);
    expect(merged.findings[0]?.message).toContain(
      "another fork of history, or a snapshot of SQL143 taken later than the primary's",
    );
  });
});
