import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { clusterFacts } from '../../core/cluster/facts.js';
import { distributedFailoverReadiness } from '../../core/distributed/readiness.js';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';
import { readScriptReport } from './script.js';

/*
 * Taryn Pratt, "How Stack Overflow upgraded from Windows Server 2012" (18 Jul 2019): the
 * temporary distributed group SENetwork_TAG, auto-seeding "disabled" on Microsoft's advice, the
 * copies restored "to both NY-SQL03 and CO-SQL03 in a restoring state", then on each "ALTER
 * DATABASE <database_name> SET HADR Availability Group = [AG-SENetwork];". NY-SQL03 is the
 * forwarder. "Configure a distributed availability group" (S58), Join distributed availability
 * group on second cluster, Manual seeding: restore "to the forwarder with NORECOVERY option …
 * After that, run the following on the forwarder: ALTER DATABASE [db1] SET HADR AVAILABILITY
 * GROUP = [distributedag]". A join naming the second group does not put the copy in the
 * distributed group (on NY-SQL03, that group's primary, SQL Server refuses it: IS_PRIMARY_REPLICA
 * in validate), so no log of SENetwork_TAG reaches it. decide said the copies were SYNCHRONIZING
 * across the link, the forwarder ready, the loss "none"; the model started the second group seeded
 * and caught up whatever the script did.
 */
const name = 'blog-stackoverflow-tag-manual-seeding-joined-to-member.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const options = { json: false, version: 2017 as const };

const decided = (script: string, file = name) => {
  const input = scriptInput(file, script, options);
  if (E.isLeft(input) || input.right.kind !== 'model') throw new Error('not decided');
  return input.right.distributed;
};
const synchronizedStep = (script: string, file = name) =>
  distributedFailoverReadiness(decided(script, file)).steps.find((s) => s.step === 'SYNCHRONIZED');

describe('copies restored on the forwarder and joined to the second group, not the distributed one', () => {
  it('are restored, not joined: no log crosses to them', () => {
    const d = decided(text);
    expect(d.link.databases.Sites?.phase).toBe('RESTORING');
    expect(d.link.databases.Chat?.phase).toBe('RESTORING');
  });

  it('leave the SYNCHRONIZED step unmet, naming the join into SENetwork_TAG on the forwarder', () => {
    const step = synchronizedStep(text);
    expect(step?.met).toBe(false);
    const notJoined = step?.reasons.filter((r) => r.code === 'FORWARDER_DATABASE_NOT_JOINED');
    expect(notJoined?.map((r) => r.message)).toEqual([
      'Sites is restored on the forwarder but not joined: run ALTER DATABASE [Sites] SET HADR AVAILABILITY GROUP = [SENetwork_TAG] there',
      'Chat is restored on the forwarder but not joined: run ALTER DATABASE [Chat] SET HADR AVAILABILITY GROUP = [SENetwork_TAG] there',
    ]);
  });

  it("leave CO-SQL03's copies outside AG-SENetwork: its primary never holds them", () => {
    const member = decided(text).members.find((m) => m.name === 'AG-SENetwork')!;
    const copy = clusterFacts(member.cluster).databaseReplicas.find(
      (c) => c.replica === 'CO-SQL03' && c.database === 'Sites',
    );
    expect(copy).toMatchObject({ isJoined: false, databaseState: 'RESTORING' });
  });

  it('are joined where the forwarder joins them to SENetwork_TAG, as S58 writes it', () => {
    const documented = text.replace(
      /^(ALTER DATABASE \[(\w+)\] SET HADR Availability Group = )\[AG-SENetwork\];(\nALTER DATABASE \[Chat\] SET HADR Availability Group = )\[AG-SENetwork\];\nGO\n:Connect CO-SQL03/m,
      '$1[SENetwork_TAG];$3[SENetwork_TAG];\nGO\n:Connect CO-SQL03',
    );
    expect(documented).not.toBe(text);
    const d = decided(documented);
    expect(d.link.databases.Sites?.phase).toBe('JOINED');
    expect(synchronizedStep(documented)?.reasons.map((r) => r.code)).toEqual([
      'NOT_SYNCHRONIZED',
      'NOT_SYNCHRONIZED',
    ]);
  });
});

/*
 * The same on S58's own manual seeding script with its forwarder's join left out; the page's
 * script as written is decided joined, as before.
 */
describe("S58's manual seeding without the forwarder's join", () => {
  const page = 'docs-distributed-manual-seeding.sql';
  const script = readFileSync(new URL(`./fixtures/${page}`, import.meta.url), 'utf8');
  const pageOptions = { json: false, version: 2016 as const };
  const linkOf = (s: string) => {
    const input = scriptInput(page, s, pageOptions);
    if (E.isLeft(input) || input.right.kind !== 'model') throw new Error('not decided');
    return input.right.distributed.link.databases.db1;
  };

  it('leaves db1 restored on the forwarder, not joined', () => {
    const left = script.replace(
      'ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP = [distributedag];',
      '',
    );
    expect(left).not.toBe(script);
    expect(linkOf(left)?.phase).toBe('RESTORING');
  });

  it('joins it when the page’s statement runs', () => {
    expect(linkOf(script)?.phase).toBe('JOINED');
  });
});

/*
 * validate and explain said nothing of such a copy (the second group's CREATE names no database,
 * and the unjoined-restore warning leaves the forwarder to the distributed group's join); now a
 * warning at its last NORECOVERY restore names the join S58 asks for.
 */
describe('validate on copies restored on the forwarder and never joined to the distributed group', () => {
  const warned = (script: string, file: string, version: 2016 | 2017) =>
    readScriptReport(script, { version, fileName: file })
      .script.warnings.filter((w) => w.text.includes('seeded by hand'))
      .map((w) => [w.line, w.text] as const);

  it('warns at the last restore of Sites and Chat on NY-SQL03, naming the join into SENetwork_TAG', () => {
    const found = warned(text, name, 2017);
    expect(found.map(([line]) => line)).toEqual([67, 69]);
    expect(found[0]![1]).toContain(
      'Sites is restored WITH NORECOVERY on NY-SQL03, the forwarder of SENetwork_TAG',
    );
    expect(found[0]![1]).toContain(
      'ALTER DATABASE [Sites] SET HADR AVAILABILITY GROUP = [SENetwork_TAG] on NY-SQL03',
    );
  });

  it("says nothing of S58's manual seeding as the page writes it, and warns without its join", () => {
    const page = 'docs-distributed-manual-seeding.sql';
    const script = readFileSync(new URL(`./fixtures/${page}`, import.meta.url), 'utf8');
    expect(warned(script, page, 2016)).toEqual([]);
    const left = script.replace(
      'ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP = [distributedag];',
      '',
    );
    expect(warned(left, page, 2016).map(([, t]) => t.slice(0, 60))).toEqual([
      'db1 is restored WITH NORECOVERY on server3, the forwarder of',
    ]);
  });
});
