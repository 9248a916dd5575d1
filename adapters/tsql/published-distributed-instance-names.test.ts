import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createDistributedEither } from '../../core/distributed/build.js';
import { documentedConfigs } from '../../core/distributed/test-support.js';
import { scriptInput } from '../cli/commands/decide-distributed-model.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Use distributed AG to migrate availability group" (S326, SQL Server on Azure VMs, revisions of
 * 12/15/2021 and 06/26/2024), Initial setup: "To use automatic seeding to create your distributed
 * availability group (DAG), the instance name for the global primary (source) of the DAG must
 * match the instance name of the forwarder (target) of the DAG. If there's an instance name
 * mismatch between the global primary and forwarder, then you must use manual seeding to create
 * the DAG, and manually add any additional database files in the future." Its note under Create
 * distributed AG: "If your SQL Server target is a higher version, or if your global primary and
 * forwarder have different instance names, then create the distributed ag, and join the secondary
 * AG to the distributed ag with SEEDING_MODE set to MANUAL." The fixture is the page's script
 * with the target VMs on a named instance, AZURESQL (invented; the page's are MSSQLSERVER), and
 * SEEDING_MODE = AUTOMATIC as published.
 */
const name = 'docs-azure-dag-migrate-named-instance-autoseed.sql';
const script = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const automatic = `'AzureAG' WITH (
    LISTENER_URL = 'tcp://AzureAG_LST.contoso.com:5022',
    AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT,
    FAILOVER_MODE = MANUAL,
    SEEDING_MODE = AUTOMATIC`;
/** As the page's note says: the secondary group's member with SEEDING_MODE = MANUAL, on both sides. */
const manual = script.replaceAll(automatic, automatic.replace('AUTOMATIC', 'MANUAL'));
/** The page's own instance names: MSSQLSERVER on both sides. */
const defaultInstances = script.replaceAll('\\AZURESQL', '');

const linksOf = (text: string) =>
  configsAfterScript(readScriptReport(text, { version: 2022, fileName: name }).script)
    .find((a) => a.config.kind === 'DISTRIBUTED')!
    .links.map((l) => `${l.line}:${l.column} ${l.reason.code}`);

describe('automatic seeding across a distributed group between two instance names (S326)', () => {
  it('breaks the rule at the distributed group’s CREATE, naming both instances', () => {
    expect(linksOf(script)).toEqual(['83:1 DISTRIBUTED_SEEDING_INSTANCE_NAMES_DIFFER']);
    const [finding] = configsAfterScript(
      readScriptReport(script, { version: 2022, fileName: name }).script,
    ).find((a) => a.config.kind === 'DISTRIBUTED')!.links;
    expect(finding?.reason.message).toContain(
      'its global primary OnPremNode1 is instance MSSQLSERVER and its forwarder SQLVM1\\AZURESQL is instance AZURESQL',
    );
    expect(finding?.reason.message).toContain('set SEEDING_MODE = MANUAL for AzureAG');
    expect(finding?.reason.rule.document).toBe(
      'Use distributed AG to migrate availability group (SQL Server on Azure VMs)',
    );
  });

  it('is not decided', () => {
    const decided = scriptInput(name, script, { json: false, version: 2022 });
    expect(E.isLeft(decided) && decided.left.problems).toEqual([
      expect.stringContaining('needs the same instance name on both'),
    ]);
  });

  it('is right with manual seeding, or with the page’s own instance names', () => {
    expect(manual).not.toBe(script);
    expect(linksOf(manual)).toEqual([]);
    expect(defaultInstances).not.toBe(script);
    expect(linksOf(defaultInstances)).toEqual([]);
    expect(E.isRight(scriptInput(name, manual, { json: false, version: 2022 }))).toBe(true);
  });

  it('refuses to build such a group for a scenario, with the same reason', () => {
    const { dag, ag1, ag2 } = documentedConfigs(2022);
    const named = {
      ...ag2,
      replicas: ag2.replicas.map((r) => ({ ...r, name: `${r.name}\\DR` })),
      createdOn: null,
    };
    const built = createDistributedEither(dag, [ag1, named]);
    expect(E.isLeft(built) && built.left.map((r) => r.code)).toContain(
      'DISTRIBUTED_SEEDING_INSTANCE_NAMES_DIFFER',
    );
  });
});
