import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as agstate from '../../core/index.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * 'High availability and data protection for availability group configurations' (S29): "The
 * configuration only replica maintains configuration information about the availability group in
 * the master database but does not contain the user databases in the availability group"; CREATE
 * AVAILABILITY GROUP (S4), CONFIGURATION_ONLY: "The replica will not contain user data." The
 * documentation's Example A, db1 then restored WITH NORECOVERY and joined by hand on every
 * secondary, the configuration-only LinAGN3 included (fixture header). validate took the join on
 * LinAGN3 without a word, and simulate refused it with the advice to restore a full backup first
 * (NO_RESTORED_COPY), which no restore can satisfy there.
 */

const name = 'docs-linux-configuration-only-database-joined-there.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('SET HADR AVAILABILITY GROUP on the configuration-only replica (S29, S4)', () => {
  const [after] = configsAfterScript(
    readScriptReport(text, { version: 2019, fileName: name }).script,
  );

  it("refuses the join on LinAGN3 at its line and takes LinAGN2's", () => {
    expect(after?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [49, 'CONFIGURATION_ONLY_REPLICA'],
    ]);
    const why = after?.notApplied[0]?.reason;
    expect(why?.message).toContain('LinAGN3 is the configuration-only replica of ag1');
    expect(why?.message).toContain('"The replica will not contain user data"');
    expect(why?.rule.document).toBe(
      'High availability and data protection for availability group configurations (Linux)',
    );
  });

  it('simulate refuses it for the configuration-only replica, not for a missing restore', () => {
    const start = agstate.createClusterOrThrow(after!.config);
    const r = agstate.step(start, { type: 'db.join', replica: 'LinAGN3', database: 'db1' });
    expect(r.refused.map((x) => x.code)).toEqual(['CONFIGURATION_ONLY_REPLICA']);
    expect(r.refused[0]?.message).not.toContain('restore a full backup');
  });
});
