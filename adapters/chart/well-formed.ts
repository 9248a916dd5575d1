/**
 * Structural checks of exported chart text, for tests of any machine's charts: each returns the
 * problems found, empty when the text is sound. They check what the exporters promise, strictly,
 * where the renderers would be lenient or unavailable (Mermaid renders only in a browser).
 */

const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const NAME = '[A-Za-z_][A-Za-z0-9._:-]*';
const TOKEN = new RegExp(
  `<!--([\\s\\S]*?)-->|<\\?[\\s\\S]*?\\?>|<!DOCTYPE[^>]*>|<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"]*")*)\\s*(/?)>|([^<]+)|(<)`,
  'gy',
);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*"([^"]*)"`, 'g');

/** Raw `&` that does not start an entity, or a raw `<`. */
const badCharacterData = (text: string): string | undefined => {
  if (text.includes('<')) return 'raw <';
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    if (!ENTITY.test(text.slice(i))) return `raw & near "${text.slice(i, i + 12)}"`;
  }
  return undefined;
};

/** XML 1.0 well-formedness, for the subset the exporters and Graphviz write. */
export const xmlProblems = (xml: string): string[] => {
  const problems: string[] = [];
  const open: string[] = [];
  let roots = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m !== null && m[0] !== ''; m = TOKEN.exec(xml)) {
    const [, comment, closing, name, attributes, selfClosing, text, stray] = m;
    if (stray !== undefined) {
      problems.push(`unparsable markup at ${m.index}: ${xml.slice(m.index, m.index + 30)}`);
      break;
    }
    if (comment !== undefined) {
      if (comment.includes('--') || comment.endsWith('-')) problems.push(`bad comment: ${comment}`);
    } else if (text !== undefined) {
      const bad = badCharacterData(text);
      if (bad !== undefined) problems.push(`text: ${bad}`);
      if (text.includes(']]>')) problems.push('text: ]]>');
      if (open.length === 0 && text.trim() !== '') problems.push('text outside the root');
    } else if (name !== undefined) {
      const seen = new Set<string>();
      for (const [, key, value] of (attributes ?? '').matchAll(ATTRIBUTE)) {
        if (key === undefined || value === undefined) continue;
        if (seen.has(key)) problems.push(`<${name}> repeats ${key}`);
        seen.add(key);
        const bad = badCharacterData(value);
        if (bad !== undefined) problems.push(`<${name} ${key}>: ${bad}`);
      }
      if (closing === '/') {
        const expected = open.pop();
        if (expected !== name) problems.push(`</${name}> closes <${expected}>`);
      } else {
        if (open.length === 0) roots++;
        if (selfClosing !== '/') open.push(name);
      }
    }
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
};

const attributeValues = (xml: string, attribute: string): string[] =>
  [...xml.matchAll(new RegExp(`\\s${attribute}="([^"]*)"`, 'g'))].map((m) => m[1] ?? '');

/** SCXML ids are unique XML names (xsd:ID) and every `initial` and `target` names one of them. */
export const scxmlProblems = (scxml: string): string[] => {
  const body = scxml.replace(/<!--[\s\S]*?-->/g, '');
  const stateIds = [
    ...body.matchAll(/<(?:state|parallel|final|history)\s[^>]*?\bid="([^"]*)"/g),
  ].map((m) => m[1] ?? '');
  const allIds = attributeValues(body, 'id');
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const id of allIds) {
    if (!/^[A-Za-z_][A-Za-z0-9._-]*$/.test(id)) problems.push(`id is not an XML name: ${id}`);
    if (seen.has(id)) problems.push(`duplicate id: ${id}`);
    seen.add(id);
  }
  const known = new Set(stateIds);
  for (const ref of [...attributeValues(body, 'initial'), ...attributeValues(body, 'target')]) {
    for (const id of ref.split(/\s+/)) {
      if (!known.has(id)) problems.push(`unknown state: ${id}`);
    }
  }
  return problems;
};

interface Block {
  readonly declared: Set<string>;
  readonly referenced: string[];
}

const MERMAID_ID = '[A-Za-z0-9_]+';
const END = `(?:\\[\\*\\]|${MERMAID_ID})`;
const LABEL = '[^:;"\\n]+';
const DECLARE = new RegExp(`^state "([^"\\n]*)" as (${MERMAID_ID})( \\{)?$`);
const ARROW = new RegExp(`^(${END}) --> (${END})(?: : ${LABEL})?$`);
const NOTE = new RegExp(`^(${MERMAID_ID}) : ${LABEL}$`);

/**
 * The guarantees of the Mermaid exporter: one declaration per state, and every arrow and note in
 * the block (or parallel region) that declares the states it names, since Mermaid moves a state
 * into whichever composite mentions it last (mermaid-js/mermaid#5290); and labels free of the
 * characters that end them.
 */
export const mermaidProblems = (text: string): string[] => {
  const [header, ...lines] = text.trimEnd().split('\n');
  const problems: string[] = header === 'stateDiagram-v2' ? [] : ['missing stateDiagram-v2'];
  const declaredAnywhere = new Set<string>();
  const stack: Block[] = [{ declared: new Set(), referenced: [] }];
  const close = (): void => {
    const block = stack.pop();
    for (const id of block?.referenced ?? []) {
      if (!block?.declared.has(id)) problems.push(`${id} is used outside its block`);
    }
  };
  for (const raw of lines) {
    // Mermaid swaps entity codes (`#58;`) for placeholders before it parses, as done here.
    const line = raw.trim().replace(/#\w+;/g, '\u00b7');
    const top = stack[stack.length - 1];
    const declaration = DECLARE.exec(line);
    const arrow = ARROW.exec(line);
    const note = NOTE.exec(line);
    if (top === undefined) {
      problems.push(`text after the last block: ${line}`);
    } else if (declaration?.[2] !== undefined) {
      const id = declaration[2];
      if (declaredAnywhere.has(id)) problems.push(`${id} is declared twice`);
      declaredAnywhere.add(id);
      top.declared.add(id);
      if (declaration[3] !== undefined) stack.push({ declared: new Set(), referenced: [] });
    } else if (line === '}' || line === '--') {
      close();
      if (line === '--') stack.push({ declared: new Set(), referenced: [] });
      if (stack.length === 0) problems.push('unbalanced }');
    } else if (arrow !== null) {
      const ends = [arrow[1], arrow[2]];
      top.referenced.push(...ends.filter((e): e is string => e !== undefined && e !== '[*]'));
    } else if (note?.[1] !== undefined) {
      top.referenced.push(note[1]);
    } else {
      problems.push(`unexpected line: ${line}`);
    }
  }
  if (stack.length !== 1) problems.push('unbalanced {');
  close();
  return problems;
};
