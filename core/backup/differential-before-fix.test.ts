import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * KB4551221 (S167), "FIX: Error occurs when you try to create a differential backup on secondary
 * replica in SQL Server": on SQL Server 2017 or 2019 "you receive a message that indicates that the
 * command is running and may succeed: BACKUP DATABASE WITH DIFFERENTIAL successfully processed {X}
 * pages in {Y} seconds … After you apply this fix, the correct error message is displayed: Msg
 * 3059"; fixed in 2019 CU 6 (15.0.4053.23). The scenario runs that BACKUP on the secondary SQLNODE2
 * of a 2019 CU 5 group (step 7) after a full backup on the primary (step 3).
 */
const document = JSON.parse(
  readFileSync(
    new URL('./fixtures/kb4551221-differential-secondary-scenario.json', import.meta.url),
    'utf8',
  ),
);
const withBuild = (productVersion: string | null) =>
  simulateScenario({ ...document, config: { ...document.config, productVersion } });
const codes = (reasons: readonly { readonly code: string }[]) => reasons.map((r) => r.code);
const notes = (sim: ReturnType<typeof simulateScenario>, i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

describe('BACKUP DATABASE … WITH DIFFERENTIAL on a secondary, by build', () => {
  it('runs before the fix, recorded as a differential, saying it is not supported', () => {
    const sim = withBuild('15.0.4043.16');
    expect(sim.trace[7]!.refused).toEqual([]);
    const said = notes(sim, 7);
    expect(codes(said)).toEqual(['BACKUP_TAKEN', 'BACKUP_JOB_DIFFERENTIAL_BEFORE_FIX']);
    expect(said[0]!.message).toContain('DIFFERENTIAL backup of SalesDB on SQLNODE2');
    expect(said[1]!.message).toContain('not supported on a secondary replica');
  });

  it('is refused from 2019 CU 6 on, and where only the major version is known', () => {
    for (const build of ['15.0.4053.23', null]) {
      const refused = withBuild(build).trace[7]!.refused;
      expect(codes(refused), String(build)).toEqual(['BACKUP_TYPE_NOT_ALLOWED_ON_SECONDARY']);
    }
  });
});
