/**
 * Identifiers for formats that restrict them. Each state id is sanitised by a format's rule; when
 * two ids sanitise alike, the later one in document order gets `_2`, `_3`…, so the mapping is
 * deterministic and one-to-one.
 */
export const makeIdMap = (
  ids: readonly string[],
  sanitise: (id: string) => string,
): ReadonlyMap<string, string> => {
  const taken = new Set<string>();
  const map = new Map<string, string>();
  for (const id of ids) {
    if (map.has(id)) continue;
    const base = sanitise(id);
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    taken.add(candidate);
    map.set(id, candidate);
  }
  return map;
};

/** Looks an id up in a map built from the same graph, where a miss is a programming error. */
export const lookup = (map: ReadonlyMap<string, string>, id: string): string => {
  const found = map.get(id);
  if (found === undefined) throw new Error(`chart: no identifier for state "${id}"`);
  return found;
};

/** An XML NCName (the type of SCXML `id`): letters, digits, `.`, `-`, `_`, not starting a digit. */
export const toNcName = (id: string): string => {
  const body = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^[A-Za-z_]/.test(body) ? body : `_${body}`;
};

// Words the stateDiagram grammar reads as keywords when they stand alone as an id.
const MERMAID_KEYWORDS = new Set([
  'state',
  'note',
  'end',
  'as',
  'direction',
  'class',
  'classdef',
  'style',
  'click',
  'hide',
  'scale',
  'default',
  'left',
  'right',
  'of',
]);

/** A Mermaid state id: letters, digits and `_` only, and never a keyword. */
export const toMermaidId = (id: string): string => {
  const body = id.replace(/[^A-Za-z0-9_]/g, '_') || '_';
  return MERMAID_KEYWORDS.has(body.toLowerCase()) ? `${body}_` : body;
};
