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
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  done (validate: the configuration is valid; check: every answer is no)
  1  the answer is no (validate: violations found; check: a counterexample)
  2  bad input: unreadable file, bad JSON / T-SQL / CSV, unknown option (one line on stderr)
  3  internal error (one line on stderr)`;
