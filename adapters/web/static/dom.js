// Every name in a configuration is data: it reaches the page only as text nodes, never as markup.

/** An element with attributes and children; strings become text nodes. */
export const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
};

/** Replaces a node's children. */
export const fill = (node, ...children) => {
  node.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
};

export const byId = (id) => document.getElementById(id);

/** A list of reasons, each its message with the rule's source as a tooltip. */
export const reasonList = (reasons) =>
  el(
    'ul',
    { class: 'reasons' },
    reasons.map((r) =>
      el('li', { title: `${r.code}: ${r.rule.document}, ${r.rule.section}` }, r.message),
    ),
  );

export const yesNo = (value, yes = 'yes', no = 'no') =>
  el('span', { class: value ? 'yes' : 'no' }, value ? yes : no);
