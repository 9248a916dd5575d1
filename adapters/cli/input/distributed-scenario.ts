import * as E from 'fp-ts/lib/Either.js';
import { createDistributedEither } from '../../../core/distributed/build.js';
import {
  DistributedScenarioInput as DistributedScenarioCodec,
  type DistributedScenarioInput,
  type DistributedScenarioStep,
} from '../../../core/distributed/scenario.js';
import type { DistributedCluster } from '../../../core/distributed/types.js';
import { type Config, resolveConfig } from '../../../core/model/config.js';
import { decodeWith } from '../../../core/model/decode.js';
import { formatProblem } from '../../../core/model/report.js';
import type { Reason } from '../../../core/model/source.js';
import { type BadInput, badInput } from '../bad-input.js';

export { isDistributedScenarioDocument } from './distributed-document.js';

export interface DistributedScenario {
  readonly name: string;
  readonly description: string | null;
  readonly config: Config;
  readonly steps: readonly DistributedScenarioStep[];
  /** The running group, or every documented rule its configurations break. */
  readonly start: E.Either<readonly Reason[], DistributedCluster>;
}

/** Decode a distributed scenario document; a bad one is refused with every problem, placed. */
export const distributedScenarioFrom = (
  path: string,
  doc: unknown,
): E.Either<BadInput, DistributedScenario> => {
  const decoded = decodeWith(DistributedScenarioCodec)(doc);
  if (E.isLeft(decoded)) return E.left(badInput(path, ...decoded.left.map(formatProblem)));
  const input: DistributedScenarioInput = decoded.right;
  const config = resolveConfig(input.distributed);
  const unknownMembers = input.steps.flatMap((s, i) => {
    const e = s.event;
    const names = config.members.map((m) => m.name.toLowerCase());
    return 'member' in e && !names.includes(e.member.toLowerCase())
      ? [
          `/steps/${i}/event/member: expected one of the member groups ${config.members.map((m) => m.name).join(', ')}, found '${e.member}'`,
        ]
      : [];
  });
  if (unknownMembers.length > 0) return E.left(badInput(path, ...unknownMembers));
  return E.right({
    name: input.name ?? path,
    description: input.description ?? null,
    config,
    steps: input.steps,
    start: createDistributedEither(config, input.members.map(resolveConfig), {
      ...(input.baseLsn === undefined ? {} : { baseLsn: input.baseLsn }),
      ...(input.secondaryGroup === undefined ? {} : { secondaryGroup: input.secondaryGroup }),
    }),
  });
};
