import type { MachineChart } from '../charts.js';
import type { DistributedView as ServerDistributedView } from '../distributed.js';
import type { Example } from '../examples.js';
import type { SessionView } from '../view.js';

/**
 * The server's answers as the page receives them: the server's own types with every bigint
 * turned into its decimal string (adapters/web/json.ts), so the page is checked against the
 * very shapes the server sends.
 */
export type Wire<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? readonly Wire<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Wire<T[K]> }
      : T;

export type View = Wire<SessionView>;
export type Decisions = View['decisions'];
export type OfferedEvent = View['events'][number];
export type Event = OfferedEvent['event'];
export type Reason = OfferedEvent['reasons'][number];
export type TraceItem = View['trace'][number];
export type Chart = Wire<MachineChart>;
export type ExampleEntry = Omit<Example, 'file'>;
export type DistributedView = Wire<ServerDistributedView>;

export interface Problem {
  readonly error: string;
  readonly problems: readonly string[];
}

export type EventAnswer =
  | {
      readonly accepted: true;
      readonly label: string;
      readonly observations: readonly string[];
      readonly view: View;
    }
  | {
      readonly accepted: false;
      readonly label: string;
      readonly refused: readonly Reason[];
      readonly view: View;
    };
