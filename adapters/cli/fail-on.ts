import { badInput } from './bad-input.js';

/**
 * `check --fail-on`: the questions whose "yes" makes the exit status 1. A name the group's search
 * does not ask (a distributed group's question for a single group, or the reverse) is bad input,
 * naming the questions it does ask; null when every name is asked.
 */
export const unaskedQuestion = (
  failOn: readonly string[] | undefined,
  asked: readonly string[],
  kind: string,
) => {
  const unasked = (failOn ?? []).filter((q) => !asked.includes(q));
  return unasked.length === 0
    ? null
    : badInput(
        '--fail-on',
        `${unasked.join(', ')} is not a question of ${kind}; its questions are ${asked.join(', ')}`,
      );
};
