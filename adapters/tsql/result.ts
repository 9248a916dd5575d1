import type { Config } from '../../core/model/config.js';
import type { ClusterEvent } from '../../core/model/events.js';

/** What one statement gave: a configuration, events, or nothing (and why). */
export type Outcome =
  | { readonly kind: 'config'; readonly config: Config }
  | { readonly kind: 'events'; readonly events: readonly ClusterEvent[] }
  | { readonly kind: 'skipped'; readonly reason: string };

export interface StatementResult {
  readonly line: number;
  readonly column: number;
  /** The statement's opening words, for listings. */
  readonly text: string;
  /** The server of the last `:Connect` (or the server the script was given), if any. */
  readonly server: string | null;
  /** The availability group the statement names, when it names one. */
  readonly group: string | null;
  /**
   * Inside IF / WHILE / BEGIN … END. agstate does not evaluate conditions: such statements are
   * read as if they run once, and this flag lets a caller say so.
   */
  readonly nested: boolean;
  readonly outcome: Outcome;
}

/** A whole script, statement by statement, in the order SQL Server would run them. */
export interface Script {
  readonly statements: readonly StatementResult[];
  /** Every configuration a CREATE AVAILABILITY GROUP gave, in order. */
  readonly configs: readonly Config[];
  /** Every event, in order. */
  readonly events: readonly ClusterEvent[];
}
