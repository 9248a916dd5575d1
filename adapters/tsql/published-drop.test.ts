import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readDeployed, readScriptReport } from './script.js';

/**
 * DROP AVAILABILITY GROUP (S110): "Removes the specified availability group and all of its
 * replicas"; "If possible, remove the availability group only while connected to the server
 * instance that hosts the primary replica … Deleting an availability group from a secondary
 * replica leaves the primary replica in the RESTORING state, and changes are not allowed on the
 * databases." Without WSFC each instance holds the group: "For an availability group that's
 * created with cluster type NONE or EXTERNAL, execute the command on all replicas that are part
 * of the availability group" (S108). A script that drops its group was judged, explained and
 * searched as if the group still stood, and nothing said so.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const options = (fileName: string) => ({ version: 2019 as const, fileName });
const afterScript = (text: string, name: string) =>
  configsAfterScript(readScriptReport(text, options(name)).script);
const droppedCodes = (text: string, name: string) =>
  afterScript(text, name).map((a) => a.dropped.map((d) => [d.line, d.reason.code]));

describe('the read-scale recovery of the documentation (ss-force-failover-read-scale-out.md)', () => {
  const name = 'docs-read-scale-drop-old-primary.sql';
  const text = fixture(name);

  it('drops the group only on the removed old primary: the group goes on at N2', () => {
    const [after] = afterScript(text, name);
    expect(after?.dropped).toEqual([]);
    expect(after?.droppedLast).toBe(false);
    expect(after?.config.replicas.map((r) => r.name)).toEqual(['N2']);
    // CREATE ran on N1, which the script removed: the group now starts from N2, its primary.
    expect(after?.config.createdOn).toBe('N2');
    expect(after === undefined ? [] : judgeConfig(after.config).violations).toEqual([]);
    expect(E.isRight(readDeployed(text, options(name)))).toBe(true);
  });

  it('a DROP on N2, the primary and last replica, leaves no group: check refuses it', () => {
    const dropped = `${text}:Connect N2\nDROP AVAILABILITY GROUP [AGRScale];\nGO\n`;
    const last = dropped.split('\n').length - 2;
    expect(droppedCodes(dropped, name)).toEqual([[[last, 'GROUP_DROPPED']]]);
    const deployed = readDeployed(dropped, options(name));
    expect(E.isLeft(deployed) && deployed.left.map((e) => e.message)).toEqual([
      expect.stringContaining(
        `${name}:${last}:1: expected a script that leaves its group standing, found the script drops AGRScale after creating it (DROP AVAILABILITY GROUP at line ${last} on N2)`,
      ),
    ]);
  });

  it('a DROP on the primary N1 alone, before the failover, leaves N2 holding the group', () => {
    const before = text.slice(0, text.indexOf('-- step 1'));
    const dropped = `${before}:Connect N1\nDROP AVAILABILITY GROUP [AGRScale];\nGO\n`;
    const last = dropped.split('\n').length - 2;
    expect(droppedCodes(dropped, name)).toEqual([
      [
        [last, 'GROUP_DROPPED'],
        [last, 'GROUP_DROP_NOT_ON_EVERY_REPLICA'],
      ],
    ]);
    expect(afterScript(dropped, name)[0]?.dropped[1]?.reason.message).toContain(
      'not on N2, which still holds the group',
    );
    // Run on N2 as well, the group is gone everywhere.
    const both = `${dropped}:Connect N2\nDROP AVAILABILITY GROUP [AGRScale];\nGO\n`;
    expect(droppedCodes(both, name)).toEqual([[[last, 'GROUP_DROPPED']]]);
  });
});

describe('a WSFC group dropped from a secondary (the SSMS wizard script of TestAG2)', () => {
  const name = 'ssms-wizard-two-async-replicas.sql';
  const text = fixture(name);
  const droppedOn = (server: string) =>
    `${text}\n:Connect ${server}\nDROP AVAILABILITY GROUP [TestAG2];\nGO\n`;

  it('warns that the primary is left RESTORING, and the group is gone', () => {
    const dropped = droppedOn('logansqltest02');
    const last = dropped.split('\n').length - 2;
    expect(droppedCodes(dropped, name)).toEqual([
      [
        [last, 'GROUP_DROPPED_ON_SECONDARY'],
        [last, 'GROUP_DROPPED'],
      ],
    ]);
    expect(afterScript(dropped, name)[0]?.dropped[0]?.reason.message).toContain(
      'drop it on logansqltest01',
    );
  });

  it('dropped on the primary, the group is gone and nothing more is said', () => {
    const dropped = droppedOn('logansqltest01');
    expect(droppedCodes(dropped, name)[0]?.map(([, code]) => code)).toEqual(['GROUP_DROPPED']);
    expect(droppedCodes(text, name)).toEqual([[]]);
  });
});

describe('a lab whose notes end by dropping the group (Neaj-Morshad-101/SQL-Server-Kubernetes-Operator, poc2/primary.sql)', () => {
  const name = 'lab-k8s-create-twice.sql';

  it('says the script leaves no group AG1, at the DROP', () => {
    const [after] = afterScript(fixture(name), name);
    expect(after?.droppedLast).toBe(true);
    expect(after?.dropped.map((d) => [d.line, d.reason.code])).toEqual([[111, 'GROUP_DROPPED']]);
  });
});
