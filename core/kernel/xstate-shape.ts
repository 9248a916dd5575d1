/**
 * The parts of an XState v5 machine definition the kernel compiles: state nodes, their
 * transitions, guard and action names, and the guard and assign implementations given to
 * `setup`. XState's types for these carry every generic of the machine; the compiler needs only
 * this shape, read once at load time. properties/kernel-differential.test.ts proves the compiled
 * form takes XState's own transitions, so a change of this shape in an XState upgrade fails there.
 */

export interface XStateTransition {
  readonly eventType: string;
  readonly source: XStateNode;
  readonly target: readonly XStateNode[] | undefined;
  readonly guard: unknown;
  readonly actions: readonly unknown[];
  readonly reenter: boolean;
}

export interface XStateNode {
  readonly id: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly parent: XStateNode | undefined;
  readonly states: Readonly<Record<string, XStateNode>>;
  readonly initial: { readonly target: readonly XStateNode[] } | undefined;
  readonly transitions: ReadonlyMap<string, readonly XStateTransition[]>;
  readonly always: readonly XStateTransition[] | undefined;
  readonly tags: readonly string[];
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  readonly invoke: readonly unknown[];
  readonly after: readonly unknown[];
}

export type GuardImplementation = (args: {
  readonly context: unknown;
  readonly event: unknown;
}) => boolean;

/** An `assign(...)` action as XState builds it: its assignment is a function or a map of them. */
export interface AssignAction {
  readonly type: 'xstate.assign';
  readonly assignment:
    | ((args: { readonly context: unknown; readonly event: unknown }) => object)
    | Readonly<Record<string, unknown>>;
}

export interface XStateMachineShape {
  readonly id: string;
  readonly root: XStateNode;
  readonly config: { readonly context?: unknown };
  readonly implementations: {
    readonly guards: Readonly<Record<string, unknown>>;
    readonly actions: Readonly<Record<string, unknown>>;
  };
}
