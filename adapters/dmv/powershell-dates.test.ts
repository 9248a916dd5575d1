import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../../core/model/facts.js';
import { example, factsOf, withoutOrigins } from './test-support.js';

/*
 * Windows PowerShell 5.1: each view's rows from Invoke-Sqlcmd (DataRow properties left out with
 * Select-Object), in an ordered hashtable keyed by view name, | ConvertTo-Json -Depth 3. The
 * snapshot is examples/snapshots/outage-resolving-secondary.json (the S28 error-log example).
 * "ConvertTo-Json" (PowerShell 5.1 reference, S101), Example 3: "Date":
 * "\/Date(1326441600000)\/" for 1/13/2012 8:00:00 AM on a client eight hours behind UTC; NOTES:
 * "implemented by using the JavaScriptSerializer class". Bits are true/false, NULL is {}, and
 * last_commit_time and last_hardened_time are written so, here from a client on UTC-8. They were
 * refused ('expected a datetime such as 2024-03-05 14:02:11.250, got "/Date(1461615540000)/"').
 */

const capture = readFileSync(
  new URL('./fixtures/capture-ps51-convertto-json.json', import.meta.url),
  'utf8',
);
const EIGHT_HOURS = 8 * 3600 * 1000;

/** The facts with each copy's times moved by `by` ms (the client's offset from the server's). */
const shifted = (facts: ClusterFacts, by: number): ClusterFacts => ({
  ...facts,
  databaseReplicas: facts.databaseReplicas.map((d) => ({
    ...d,
    lastCommitTimeMs: d.lastCommitTimeMs == null ? d.lastCommitTimeMs : d.lastCommitTimeMs + by,
    lastHardenedTimeMs:
      d.lastHardenedTimeMs == null ? d.lastHardenedTimeMs : d.lastHardenedTimeMs + by,
  })),
});

describe('a snapshot written by Windows PowerShell 5.1 ConvertTo-Json', () => {
  it('reads \\/Date(ms)\\/ times, which keep the differences the estimates use', () => {
    const original = withoutOrigins(factsOf(example('outage-resolving-secondary.json')));
    const read = withoutOrigins(factsOf(capture));
    expect(read.databaseReplicas.some((d) => d.lastCommitTimeMs !== null)).toBe(true);
    expect(read).toEqual(shifted(original, EIGHT_HOURS));
  });
});
