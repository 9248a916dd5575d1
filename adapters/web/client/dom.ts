import type { Reason } from './wire.js';

// Every name in a configuration is data: it reaches the page only as text nodes, never as markup.

export type Child = Node | string | null | undefined | false | readonly Child[];
export type Attributes = Readonly<Record<string, string | boolean | number | null | undefined>>;

const append = (node: Node, children: readonly Child[]): void => {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string') node.appendChild(document.createTextNode(child));
    else if (Array.isArray(child)) append(node, child as readonly Child[]);
    else node.appendChild(child as Node);
  }
};

/** An element with attributes and children; strings become text nodes. */
export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
};

/** Replaces a node's children. */
export const fill = <N extends Element>(node: N, ...children: Child[]): N => {
  node.replaceChildren();
  append(node, children);
  return node;
};

/** An element the page's HTML is known to hold; a missing one is a broken page, said plainly. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no element #${id}`);
  return found as T;
};

/** Why a reason is unknown: the columns, views or statements that would settle it. */
const settledBy = (r: Reason): string =>
  r.settledBy === undefined ? '' : ` (unknown: ${r.settledBy.join(', ')} would settle it)`;

/** A list of reasons, each its message with the rule's source as a tooltip. */
export const reasonList = (reasons: readonly Reason[]): HTMLUListElement =>
  el(
    'ul',
    { class: 'reasons' },
    reasons.map((r) =>
      el(
        'li',
        { title: `${r.code}: ${r.rule.document}, ${r.rule.section}` },
        `${r.message}${settledBy(r)}`,
      ),
    ),
  );

export const yesNo = (value: boolean, yes = 'yes', no = 'no'): HTMLSpanElement =>
  el('span', { class: value ? 'yes' : 'no' }, value ? yes : no);

/** Model time as a DBA reads a clock: seconds, with minutes once there are any. */
export const modelTime = (ms: number): string => {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Number((seconds - minutes * 60).toFixed(3))} s`;
};
