import type { IToken } from 'chevrotain';
import { instanceKey } from '../../core/validation/codes.js';
import { nameValue, stringValue } from './lexer.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';
import { upper } from './statements.js';

/** What a statement says of FILESTREAM: a database given a FILESTREAM filegroup, or the access level. */
export type FilestreamFact =
  | { readonly kind: 'filegroup'; readonly database: string }
  | { readonly kind: 'accessLevel'; readonly level: number };

/**
 * `CREATE DATABASE d … CONTAINS FILESTREAM`, `ALTER DATABASE d ADD FILEGROUP fg CONTAINS
 * FILESTREAM`, and `EXEC sp_configure 'filestream access level' | filestream_access_level, n`.
 */
export const filestreamFact = (span: readonly IToken[]): FilestreamFact | null => {
  const [a, b] = span.slice(0, 2).map(upper);
  const contains = span.some(
    (t, k) => upper(t) === 'CONTAINS' && upper(span[k + 1]) === 'FILESTREAM',
  );
  if ((a === 'CREATE' || a === 'ALTER') && b === 'DATABASE' && contains && span[2] !== undefined)
    return { kind: 'filegroup', database: nameValue(span[2].image) };
  if ((a === 'EXEC' || a === 'EXECUTE') && span[1]?.image.toLowerCase() === 'sp_configure') {
    const option = span[2]?.image ?? '';
    const name = /^N?'/i.test(option) ? stringValue(option) : option;
    const value = span[3]?.image === ',' ? Number(span[4]?.image) : Number.NaN;
    if (/^filestream[ _]access[ _]level$/i.test(name) && Number.isInteger(value))
      return { kind: 'accessLevel', level: value };
  }
  return null;
};

/** A FILESTREAM database in a group with a replica the script never enables FILESTREAM on. */
export interface FilestreamUnshown {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

const SOURCE =
  '\'Use FILESTREAM and FileTable with Always On availability groups\' (S334), Prerequisites: "Before adding a database that uses FILESTREAM, with or without FileTable, to an availability group, ensure that FILESTREAM is enabled on every server instance that hosts an availability replica for the availability group"';

/**
 * A database with a FILESTREAM filegroup (CREATE or ALTER DATABASE … CONTAINS FILESTREAM) that a
 * group the script creates takes in (CREATE … FOR DATABASE, ADD DATABASE), or that gets such a
 * filegroup while in the group, where the script never sets the FILESTREAM access level above 0
 * (sp_configure) on the instance of another of the group's replicas. FILESTREAM is also enabled
 * outside T-SQL (SQL Server Configuration Manager), so this is a warning naming what settles it.
 */
export const filestreamUnshown = (statements: readonly StatementResult[]): FilestreamUnshown[] => {
  const filestream = new Map<string, number>();
  const enabled = new Set<string>();
  const groups = new Map<string, { name: string; replicas: string[]; databases: Set<string> }>();
  const found: FilestreamUnshown[] = [];
  const judge = (s: StatementResult, group: string, database: string, what: 'gets' | 'added') => {
    const g = groups.get(instanceKey(group));
    const at = filestream.get(instanceKey(database));
    if (g === undefined || at === undefined) return;
    const without = g.replicas.filter((r) => !same(r, s.server) && !enabled.has(instanceKey(r)));
    if (without.length === 0) return;
    found.push({
      line: s.line,
      column: s.column,
      text: `${what === 'gets' ? `${database} gets a FILESTREAM filegroup here while in ${g.name}` : `${database}, which has a FILESTREAM filegroup (line ${at}), is added to ${g.name}`}, and the script never enables FILESTREAM on ${without.join(', ')} (sp_configure 'filestream access level' above 0 there). ${SOURCE}. FILESTREAM is also enabled outside T-SQL (SQL Server Configuration Manager); SERVERPROPERTY('FilestreamEffectiveLevel') on ${without.join(', ')} settles it`,
    });
  };
  for (const s of statements) {
    const o = s.outcome;
    if (o.kind === 'skipped' && o.filestream !== undefined) {
      const f = o.filestream;
      if (f.kind === 'accessLevel' && s.server !== null) {
        if (f.level > 0) enabled.add(instanceKey(s.server));
        else enabled.delete(instanceKey(s.server));
      }
      if (f.kind === 'filegroup' && !filestream.has(instanceKey(f.database))) {
        filestream.set(instanceKey(f.database), s.line);
        for (const g of groups.values())
          if ([...g.databases].some((d) => same(d, f.database)))
            judge(s, g.name, f.database, 'gets');
      }
      continue;
    }
    if (o.kind === 'config' && o.config.kind !== 'DISTRIBUTED') {
      const config = o.config;
      groups.set(instanceKey(config.name), {
        name: config.name,
        replicas: config.replicas.map((r) => r.name),
        databases: new Set(config.databases),
      });
      for (const d of config.databases) judge(s, config.name, d, 'added');
      continue;
    }
    if (o.kind !== 'events' || s.group === null) continue;
    for (const e of o.events) {
      const g = groups.get(instanceKey(s.group));
      if (g === undefined) continue;
      if (e.type === 'replica.add') g.replicas.push(e.spec.name);
      if (e.type === 'db.add') {
        g.databases.add(e.database);
        judge(s, g.name, e.database, 'added');
      }
    }
  }
  return found;
};
