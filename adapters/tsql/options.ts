import {
  AUTOMATED_BACKUP_PREFERENCES,
  AVAILABILITY_MODES,
  CLUSTER_TYPES,
  DTC_SUPPORTS,
  FAILOVER_MODES,
  PRIMARY_ALLOW_CONNECTIONS,
  SECONDARY_ALLOW_CONNECTIONS,
  SEEDING_MODES,
} from '../../core/model/enums.js';
import type { OptionNode, ValueNode } from './ast.js';
import { type Problem, problem, quote } from './errors.js';
import type { KeyText, Tracker } from './tracked.js';

/**
 * The options of CREATE / ALTER AVAILABILITY GROUP (ag-rules §1.2, §1.3), each with the
 * configuration key it sets and the shape of its value. Values are converted loosely: a value of
 * the wrong kind becomes `WRONG_KIND`, which no codec accepts, so the io-ts codecs stay the one
 * judge of shapes and their failures come back at the option concerned (./tracked.ts).
 */

export const WRONG_KIND: unique symbol = Symbol('a value of the wrong kind');

export type ValueShape =
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'int'; readonly what: string }
  | {
      readonly type: 'string';
      readonly what: string;
      /** NONE clears the value (2025 syntax for the routing URLs). */
      readonly none: boolean;
      /** An empty string reverts to the default, which the configuration spells null. */
      readonly emptyIsDefault?: boolean;
    }
  | { readonly type: 'routingList' }
  | { readonly type: 'nested'; readonly table: OptionTable };

export interface OptionSpec {
  readonly tsql: string;
  readonly key: string;
  readonly shape: ValueShape;
}

export interface OptionTable {
  /** How the options are named in messages: "a replica option". */
  readonly what: string;
  readonly specs: readonly OptionSpec[];
}

const enumOf = (tsql: string, key: string, values: readonly string[]): OptionSpec => ({
  tsql,
  key,
  shape: { type: 'enum', values },
});
const intOf = (tsql: string, key: string, what: string): OptionSpec => ({
  tsql,
  key,
  shape: { type: 'int', what },
});
const url = (tsql: string, key: string, none: boolean): OptionSpec => ({
  tsql,
  key,
  shape: { type: 'string', what: "'TCP://system-address:port'", none },
});

const SECONDARY_ROLE: OptionTable = {
  what: 'a SECONDARY_ROLE option',
  specs: [
    enumOf('ALLOW_CONNECTIONS', 'allowConnections', SECONDARY_ALLOW_CONNECTIONS),
    url('READ_ONLY_ROUTING_URL', 'readOnlyRoutingUrl', true),
  ],
};
const PRIMARY_ROLE: OptionTable = {
  what: 'a PRIMARY_ROLE option',
  specs: [
    enumOf('ALLOW_CONNECTIONS', 'allowConnections', PRIMARY_ALLOW_CONNECTIONS),
    { tsql: 'READ_ONLY_ROUTING_LIST', key: 'readOnlyRoutingList', shape: { type: 'routingList' } },
    url('READ_WRITE_ROUTING_URL', 'readWriteRoutingUrl', true),
  ],
};

export const REPLICA_OPTIONS: OptionTable = {
  what: 'a replica option',
  specs: [
    url('ENDPOINT_URL', 'endpointUrl', false),
    enumOf('AVAILABILITY_MODE', 'availabilityMode', AVAILABILITY_MODES),
    enumOf('FAILOVER_MODE', 'failoverMode', FAILOVER_MODES),
    enumOf('SEEDING_MODE', 'seedingMode', SEEDING_MODES),
    intOf('BACKUP_PRIORITY', 'backupPriority', 'an integer from 0 to 100'),
    {
      tsql: 'SECONDARY_ROLE',
      key: 'secondaryRole',
      shape: { type: 'nested', table: SECONDARY_ROLE },
    },
    { tsql: 'PRIMARY_ROLE', key: 'primaryRole', shape: { type: 'nested', table: PRIMARY_ROLE } },
    intOf('SESSION_TIMEOUT', 'sessionTimeout', 'seconds (an integer)'),
  ],
};

const setOptions: readonly OptionSpec[] = [
  enumOf('AUTOMATED_BACKUP_PREFERENCE', 'automatedBackupPreference', AUTOMATED_BACKUP_PREFERENCES),
  intOf('FAILURE_CONDITION_LEVEL', 'failureConditionLevel', '1 | 2 | 3 | 4 | 5'),
  intOf('HEALTH_CHECK_TIMEOUT', 'healthCheckTimeout', 'milliseconds (an integer)'),
  enumOf('DB_FAILOVER', 'dbFailover', ['ON', 'OFF']),
  enumOf('DTC_SUPPORT', 'dtcSupport', DTC_SUPPORTS),
  intOf(
    'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
    'requiredSynchronizedSecondariesToCommit',
    'an integer',
  ),
  intOf('WRITE_LEASE_VALIDITY', 'writeLeaseValidity', 'seconds (an integer)'),
  {
    tsql: 'CLUSTER_CONNECTION_OPTIONS',
    key: 'clusterConnectionOptions',
    shape: { type: 'string', what: "'key=value;…'", none: false, emptyIsDefault: true },
  },
];

/** The group options of ALTER AVAILABILITY GROUP … SET (ROLE is read on its own). */
export const SET_OPTIONS: OptionTable = { what: 'a group option', specs: setOptions };

export const CLUSTER_TYPE = enumOf('CLUSTER_TYPE', 'clusterType', CLUSTER_TYPES);

/** The group options of CREATE AVAILABILITY GROUP … WITH (the kind flags are read on their own). */
export const GROUP_OPTIONS: OptionTable = {
  what: 'a group option',
  specs: [...setOptions, CLUSTER_TYPE],
};

/** `AVAILABILITY GROUP ON 'ag' WITH (…)`: a member of a distributed availability group. */
export const MEMBER_OPTIONS: OptionTable = {
  what: 'a distributed availability group option',
  specs: [
    url('LISTENER_URL', 'listenerUrl', false),
    enumOf('AVAILABILITY_MODE', 'availabilityMode', AVAILABILITY_MODES),
    enumOf('FAILOVER_MODE', 'failoverMode', FAILOVER_MODES),
    enumOf('SEEDING_MODE', 'seedingMode', SEEDING_MODES),
    // Not in CREATE's syntax block, but in "Configure link with scripts" (S83) for the SQL Server
    // member of a Managed Instance link: SQL Server takes it.
    intOf('SESSION_TIMEOUT', 'sessionTimeout', 'seconds (an integer)'),
  ],
};

/**
 * MODIFY AVAILABILITY GROUP ON: the documented syntax names the URL option LISTENER; no source
 * shows SESSION_TIMEOUT there.
 */
export const MODIFY_MEMBER_OPTIONS: OptionTable = {
  what: MEMBER_OPTIONS.what,
  specs: [
    ...MEMBER_OPTIONS.specs.filter((s) => s.tsql !== 'SESSION_TIMEOUT'),
    url('LISTENER', 'listenerUrl', false),
  ],
};

export const JOIN_OPTIONS: OptionTable = { what: 'a JOIN option', specs: [CLUSTER_TYPE] };

export const expectedOf = (spec: OptionSpec): string => {
  const s = spec.shape;
  switch (s.type) {
    case 'enum':
      return `${spec.tsql} = ${s.values.join(' | ')}`;
    case 'int':
      return `${spec.tsql} = ${s.what}`;
    case 'string':
      return `${spec.tsql} = ${s.what}${s.none ? ' | NONE' : ''}`;
    case 'routingList':
      return `${spec.tsql} = ('server', ('server', 'server'), …) | NONE`;
    case 'nested':
      return `${spec.tsql} (${s.table.specs.map((n) => `${n.tsql} = …`).join(', ')})`;
  }
};

const ALL_TABLES = [GROUP_OPTIONS, REPLICA_OPTIONS, SECONDARY_ROLE, PRIMARY_ROLE, MEMBER_OPTIONS];
const KEY_TEXT = new Map<string, KeyText>();
for (const table of ALL_TABLES) {
  for (const spec of table.specs) {
    if (!KEY_TEXT.has(spec.key))
      KEY_TEXT.set(spec.key, { tsql: spec.tsql, expected: expectedOf(spec) });
  }
}

/** T-SQL words for a configuration key, for "missing option" messages. */
export const keyText = (key: string): KeyText | undefined => KEY_TEXT.get(key);

const isNone = (v: ValueNode) => v.kind === 'word' && v.text.toUpperCase() === 'NONE';

const routingEntry = (v: ValueNode): unknown => {
  if (v.kind === 'string' || v.kind === 'word' || v.kind === 'quoted') return v.text;
  if (v.kind === 'list') {
    return v.items.map((item) =>
      item.kind === 'string' || item.kind === 'word' || item.kind === 'quoted'
        ? item.text
        : WRONG_KIND,
    );
  }
  return WRONG_KIND;
};

/** Collects problems and places while option lists are read. */
export interface Reading {
  readonly tracker: Tracker;
  readonly problems: Problem[];
}

const convert = (option: OptionNode, spec: OptionSpec, pointer: string, r: Reading): unknown => {
  const v = option.value;
  const s = spec.shape;
  if (s.type === 'nested') {
    return option.nested === null || v !== null
      ? WRONG_KIND
      : readOptions(option.nested, s.table, pointer, r);
  }
  if (v === null) return WRONG_KIND;
  switch (s.type) {
    case 'enum':
      return v.kind === 'word' || v.kind === 'number' ? v.text.toUpperCase() : WRONG_KIND;
    case 'int': {
      const n = v.kind === 'number' ? Number(v.text) : Number.NaN;
      return Number.isNaN(n) ? WRONG_KIND : n;
    }
    case 'string':
      if (v.kind === 'string') return s.emptyIsDefault === true && v.text === '' ? null : v.text;
      return s.none && isNone(v) ? null : WRONG_KIND;
    case 'routingList':
      if (isNone(v)) return [];
      // ( '<server_instance>' [ ,...n ] ) names at least one replica (S3); NONE clears the list.
      return v.kind === 'list' && v.items.length > 0 ? v.items.map(routingEntry) : WRONG_KIND;
  }
};

/**
 * Read an option list into a document. Unknown and repeated options are reported here; values
 * are left for the codec to judge, with their places recorded under `pointer`.
 */
export const readOptions = (
  options: readonly OptionNode[],
  table: OptionTable,
  pointer: string,
  r: Reading,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const option of options) {
    const name = option.name.text.toUpperCase();
    const spec = table.specs.find((s) => s.tsql === name);
    if (spec === undefined) {
      const names = table.specs.map((s) => s.tsql).join(', ');
      r.problems.push(
        problem(option.name.loc, `${table.what} (${names})`, quote(option.name.source)),
      );
      continue;
    }
    if (spec.key in out) {
      r.problems.push(problem(option.name.loc, `${spec.tsql} only once`, `a second ${spec.tsql}`));
      continue;
    }
    const modifier = option.modifiers[0];
    if (modifier !== undefined) {
      r.problems.push(problem(modifier.loc, expectedOf(spec), quote(option.source)));
      r.tracker.refusedAt(`${pointer}/${spec.key}`);
      continue;
    }
    const at = `${pointer}/${spec.key}`;
    const shown = option.value ?? option;
    r.tracker.at(at, { loc: shown.loc, found: quote(shown.source), expected: expectedOf(spec) });
    out[spec.key] = convert(option, spec, at, r);
  }
  return out;
};
