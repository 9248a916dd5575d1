import * as E from 'fp-ts/lib/Either.js';
import { type Config, ConfigInput, resolveConfig } from '../../core/model/config.js';
import type { SqlServerVersion } from '../../core/model/enums.js';
import type { CreateGroupNode, IpNode, ListenerNode, OptionNode, SpecNode } from './ast.js';
import { type Problem, problem, quote } from './errors.js';
import {
  GROUP_OPTIONS,
  keyText,
  MEMBER_OPTIONS,
  REPLICA_OPTIONS,
  type Reading,
  readOptions,
  WRONG_KIND,
} from './options.js';
import { Tracker } from './tracked.js';

/** What a configuration needs that T-SQL does not say; the caller supplies it. */
export interface Facts {
  readonly version: SqlServerVersion;
  /** The cumulative update, when it matters (null or absent: the newest of the version). */
  readonly cumulativeUpdate?: number | null;
  /** Replicas hosted by a failover cluster instance (an instance property, not an AG option). */
  readonly fciReplicas?: readonly string[];
}

/** The FAILOVER_MODE a configuration-only replica written without one is given. */
export const CONFIGURATION_ONLY_FAILOVER_MODE = 'MANUAL';

export const newReading = (): Reading => ({ tracker: new Tracker(keyText), problems: [] });

const isFci = (name: string, facts: Facts): boolean =>
  (facts.fciReplicas ?? []).some((f) => f.toUpperCase() === name.toUpperCase());

/** One `'server' WITH (…)` replica spec as a ReplicaInput document. */
export const readReplica = (
  spec: SpecNode,
  pointer: string,
  r: Reading,
  facts: Facts,
): Record<string, unknown> => {
  r.tracker.at(pointer, {
    loc: spec.name.loc,
    found: `replica ${quote(spec.name.source)}`,
    expected: 'a replica spec',
  });
  const doc: Record<string, unknown> = {
    name: spec.name.text,
    ...readOptions(spec.options, REPLICA_OPTIONS, pointer, r),
  };
  // A configuration-only replica holds no data and never becomes primary, so the documentation
  // writes it without FAILOVER_MODE (S29; Linux "Create and configure an availability group",
  // Example A). The configuration needs a value: MANUAL, which the renderer leaves out again.
  if (doc.availabilityMode === 'CONFIGURATION_ONLY' && !('failoverMode' in doc))
    doc.failoverMode = CONFIGURATION_ONLY_FAILOVER_MODE;
  return isFci(spec.name.text, facts) ? { ...doc, hostedByFci: true } : doc;
};

/** One `'ag' WITH (…)` member of a distributed availability group. */
export const readMember = (
  spec: SpecNode,
  pointer: string,
  r: Reading,
  table = MEMBER_OPTIONS,
): Record<string, unknown> => {
  r.tracker.at(pointer, {
    loc: spec.name.loc,
    found: `availability group ${quote(spec.name.source)}`,
    expected: 'an availability group spec',
  });
  return { name: spec.name.text, ...readOptions(spec.options, table, pointer, r) };
};

export const ipAddress = (ip: IpNode): Record<string, unknown> =>
  ip.mask === null
    ? { address: ip.address.text }
    : { address: ip.address.text, subnetMask: ip.mask.text };

export const portValue = (port: ListenerNode['port']): unknown =>
  port?.kind === 'number' && !Number.isNaN(Number(port.text)) ? Number(port.text) : WRONG_KIND;

/** `LISTENER 'dns' (…)` as a ListenerInput document: DHCP or static addresses, and the port. */
export const readListener = (
  node: ListenerNode,
  pointer: string,
  r: Reading,
): Record<string, unknown> => {
  r.tracker.at(pointer, {
    loc: node.name.loc,
    found: `listener ${quote(node.name.source)}`,
    expected: "LISTENER 'dns' (WITH DHCP | WITH IP (…), PORT = n)",
  });
  const dhcp = node.dhcp !== null;
  if (dhcp && node.addresses.length > 0) {
    const ip = node.addresses[0]!;
    r.problems.push(problem(ip.loc, 'WITH DHCP or WITH IP, not both', quote(ip.source)));
  }
  if (!dhcp && node.addresses.length === 0) {
    r.problems.push(
      problem(
        node.name.loc,
        'WITH DHCP [ON (…)] or WITH IP (…) in the listener',
        `no address clause in listener ${quote(node.name.source)}`,
      ),
    );
  }
  const network = node.dhcp?.network ?? null;
  const addresses = dhcp
    ? network === null
      ? []
      : [ipAddress(network)]
    : node.addresses.map(ipAddress);
  const doc: Record<string, unknown> = { name: node.name.text, dhcp, addresses };
  if (node.port !== null) {
    r.tracker.at(`${pointer}/port`, {
      loc: node.port.loc,
      found: quote(node.port.source),
      expected: 'PORT = a port number',
    });
    doc.port = portValue(node.port);
  }
  return doc;
};

const KIND_FLAGS = ['BASIC', 'DISTRIBUTED', 'CONTAINED'] as const;
const CONTAINED_MODIFIERS: Record<string, string> = {
  REUSE_SYSTEM_DATABASES: 'reuseSystemDatabases',
  AUTOSEEDING_SYSTEM_DATABASES: 'autoseedingSystemDatabases',
};
const FLAG_TEXT =
  'BASIC | DISTRIBUTED | CONTAINED [REUSE_SYSTEM_DATABASES | AUTOSEEDING_SYSTEM_DATABASES]';

const isContainedModifier = (o: OptionNode) =>
  CONTAINED_MODIFIERS[o.name.text.toUpperCase()] !== undefined;

/** The kind flags, and the contained modifiers written as options of their own after a comma. */
const isKindFlag = (o: OptionNode) =>
  (KIND_FLAGS as readonly string[]).includes(o.name.text.toUpperCase()) || isContainedModifier(o);

/** BASIC / DISTRIBUTED / CONTAINED […]: at most one, as a flag. */
const readKind = (options: readonly OptionNode[], r: Reading): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  const flags = options.filter((o) => !isContainedModifier(o));
  for (const flag of flags) {
    const kind = flag.name.text.toUpperCase();
    if (out.kind !== undefined) {
      r.problems.push(
        problem(flag.loc, 'only one of BASIC, DISTRIBUTED and CONTAINED', quote(flag.source)),
      );
      continue;
    }
    if (flag.value !== null || flag.nested !== null) {
      r.problems.push(problem(flag.loc, FLAG_TEXT, quote(flag.source)));
      continue;
    }
    out.kind = kind;
    const contained: Record<string, boolean> = {};
    for (const [i, modifier] of flag.modifiers.entries()) {
      const key = CONTAINED_MODIFIERS[modifier.text.toUpperCase()];
      if (kind !== 'CONTAINED' || key === undefined || i > 0) {
        r.problems.push(
          problem(modifier.loc, `',' or ')' after ${FLAG_TEXT}`, quote(modifier.source)),
        );
      } else contained[key] = true;
    }
    if (kind === 'CONTAINED') out.contained = contained;
  }
  // The contained-AG overview writes them as options of their own: WITH (CONTAINED, REUSE_SYSTEM_DATABASES).
  for (const modifier of options.filter(isContainedModifier)) {
    const key = CONTAINED_MODIFIERS[modifier.name.text.toUpperCase()]!;
    const contained = out.contained as Record<string, boolean> | undefined;
    if (contained === undefined || modifier.value !== null || modifier.nested !== null)
      r.problems.push(
        problem(modifier.loc, `${FLAG_TEXT}, the modifier after CONTAINED`, quote(modifier.source)),
      );
    else contained[key] = true;
  }
  return out;
};

/**
 * The configuration a CREATE AVAILABILITY GROUP statement describes, defaults applied; `server`
 * is the instance it runs on (`:Connect` or the one given), null when the script does not say.
 */
export const createToConfig = (
  node: CreateGroupNode,
  facts: Facts,
  server: string | null,
): E.Either<Problem[], Config> => {
  const r = newReading();
  r.tracker.at('', {
    loc: node.name.loc,
    found: `availability group ${quote(node.name.source)}`,
    expected: 'CREATE AVAILABILITY GROUP',
  });
  const doc: Record<string, unknown> = {
    name: node.name.text,
    version: facts.version,
    ...readOptions(
      node.options.filter((o) => !isKindFlag(o)),
      GROUP_OPTIONS,
      '',
      r,
    ),
    ...readKind(node.options.filter(isKindFlag), r),
  };
  // `--sql-version 2022` names the major version only: the build stays unknown (as the statements'
  // findings judge it, releaseOf), never the newest one.
  if (facts.cumulativeUpdate === undefined) doc.productVersion = null;
  else doc.cumulativeUpdate = facts.cumulativeUpdate;
  // The instance the statement runs on becomes the primary (S4); null when the script is silent.
  doc.createdOn = server;
  if (node.databases !== null) doc.databases = node.databases.map((d) => d.text);
  if (node.replicas !== null) {
    doc.replicas = node.replicas.map((spec, i) => readReplica(spec, `/replicas/${i}`, r, facts));
  }
  if (node.members !== null) {
    doc.members = node.members.map((spec, i) => readMember(spec, `/members/${i}`, r));
  }
  if (node.listener !== null) doc.listener = readListener(node.listener, '/listener', r);
  const decoded = r.tracker.decode(ConfigInput, doc);
  const problems = [...r.problems, ...(E.isLeft(decoded) ? decoded.left : [])];
  if (problems.length > 0 || E.isLeft(decoded)) return E.left(problems);
  return E.right(resolveConfig(decoded.right));
};
