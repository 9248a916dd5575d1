/** The exit codes of every command (docs/cli.md). */
export const EXIT = {
  /** The command did what was asked, and the answer (if any) is yes. */
  ok: 0,
  /** The answer is no: the configuration breaks rules, or a counterexample was found. */
  no: 1,
  /** The input could not be used: an unreadable file, bad JSON, T-SQL or CSV, a bad option. */
  badInput: 2,
  /** A defect in agstate. */
  internal: 3,
  /**
   * Unknown: a search stopped before the end of its space and found no counterexample, so its
   * "no" covers only the states it explored. Not 0: a gate that reads only the status must not
   * take "not found yet" for "cannot happen".
   */
  unknown: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What 0 and 1 mean for each command; 2 and 3 mean the same everywhere. */
export const EXIT_MEANINGS = {
  validate: ['the configuration is valid', 'it breaks documented rules (each violation is listed)'],
  explain: ['explained (violations, if any, are part of the explanation)', null],
  decide: ['decided (whatever the decisions say)', null],
  simulate: ['simulated', 'not simulated: the configuration breaks documented rules'],
  check: [
    'the whole space was searched and every answer (each --fail-on names) is no',
    'a counterexample was found, to a question --fail-on names if it names any (or the configuration breaks documented rules)',
  ],
  chart: ['drawn', null],
  serve: ['served until stopped', null],
} as const satisfies Record<string, readonly [string, string | null]>;

/** What 4 means, for the commands that search and may stop before the end. */
export const EXIT_UNKNOWN_MEANINGS: Partial<Record<ExitCommand, string>> = {
  check:
    'unknown: the search stopped before the end (--max-states, --max-seconds, Ctrl-C, the heap) and found no counterexample, or a question needs what the group lacks (a database, for the questions about commits)',
};

export type ExitCommand = keyof typeof EXIT_MEANINGS;

const COMMON = [
  '  2  bad input: unreadable file, bad JSON / T-SQL / CSV, unknown option (a line on stderr per problem)',
  '  3  internal error (one line on stderr)',
];

/** The exit codes of one command, or of every command, for --help. */
export const exitCodesHelp = (command?: ExitCommand): string => {
  if (command === undefined)
    return [
      'Exit codes:',
      '  0  done: the answer is yes (validate: valid; check: no counterexample)',
      '  1  the answer is no (validate: violations; simulate: not simulated; check: a counterexample)',
      ...COMMON,
      '  4  unknown (check: the search stopped before the end and found no counterexample)',
    ].join('\n');
  const [ok, no] = EXIT_MEANINGS[command];
  const unknown = EXIT_UNKNOWN_MEANINGS[command];
  return [
    'Exit codes:',
    `  0  ${ok}`,
    ...(no === null ? [] : [`  1  ${no}`]),
    ...COMMON,
    ...(unknown === undefined ? [] : [`  4  ${unknown}`]),
  ].join('\n');
};

export const EXIT_CODES_HELP = exitCodesHelp();

/**
 * A search's status: 1 when an answer is yes, else 0 only when it searched its whole space, else
 * 4. `failOn` (--fail-on) names the questions that count; by default, every one.
 */
export const searchExit = (
  result: {
    readonly complete: boolean;
    readonly answers: Readonly<Record<string, { readonly answer: boolean }>>;
  },
  failOn?: readonly string[],
): ExitCode =>
  Object.entries(result.answers).some(
    ([id, a]) => a.answer && (failOn === undefined || failOn.includes(id)),
  )
    ? EXIT.no
    : result.complete
      ? EXIT.ok
      : EXIT.unknown;
