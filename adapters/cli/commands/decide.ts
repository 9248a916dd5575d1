import * as E from 'fp-ts/lib/Either.js';
import { type DecideOptions, decide } from '../../../core/decide/decide.js';
import type { BackupType, SqlServerVersion } from '../../../core/model/enums.js';
import type { ClusterFacts } from '../../../core/model/facts.js';
import { type BadInput, badInput, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import { loadSnapshot } from '../input/snapshot.js';
import type { Io } from '../io.js';
import { actionTsql, decisionsLines } from '../render/decisions.js';
import { inputOf, jsonResult } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';

export interface DecideCommandOptions {
  readonly json: boolean;
  readonly target?: string;
  readonly database?: string;
  readonly backupType?: BackupType;
  readonly version?: SqlServerVersion;
  readonly group?: string;
}

/** A --target or --database must name something the group has; an empty answer would mislead. */
const checkNames = (facts: ClusterFacts, options: DecideCommandOptions): BadInput | undefined => {
  const { config } = facts;
  const { target, database } = options;
  const replicas = config.replicas.map((r) => r.name);
  if (target !== undefined && !replicas.some((r) => r.toUpperCase() === target.toUpperCase()))
    return badInput(
      '--target',
      `${config.name} has no replica named ${JSON.stringify(target)}; expected one of ${replicas.join(', ')}`,
    );
  if (database !== undefined && !config.databases.includes(database))
    return badInput(
      '--database',
      `${config.name} has no database named ${JSON.stringify(database)}; expected one of ${config.databases.join(', ') || '(none)'}`,
    );
  return undefined;
};

/** `agstate decide <snapshot>`: every decision about the group the snapshot shows. */
export const runDecide = async (
  io: Io,
  file: string,
  options: DecideCommandOptions,
): Promise<ExitCode> => {
  const facts = await loadSnapshot(io, file, { version: options.version, group: options.group });
  const input = inputOf(file, options);
  if (E.isLeft(facts)) return reportBadInput(io, 'decide', facts.left, options.json, input);
  const wrongName = checkNames(facts.right, options);
  if (wrongName !== undefined) return reportBadInput(io, 'decide', wrongName, options.json, input);
  const asked: DecideOptions = {
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(options.database === undefined ? {} : { database: options.database }),
    ...(options.backupType === undefined ? {} : { backupType: options.backupType }),
  };
  const decisions = decide(facts.right, asked);
  const backupType = options.backupType ?? 'LOG';
  const tsql = decisions.actions.map((a) => actionTsql(decisions, a));
  if (options.json) io.stdout(jsonResult(io, 'decide', input, { backupType, decisions, tsql }));
  else io.stdout(terminalText(decisionsLines(styleFor(io.color), decisions, backupType), io));
  return EXIT.ok;
};
