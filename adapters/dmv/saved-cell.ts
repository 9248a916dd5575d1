import type { Node } from 'jsonc-parser';

/**
 * The JSON script ends with `SELECT @snapshot AS agstate_snapshot`: one row, one column. Tools
 * that save a result set rather than its one value keep the snapshot as that column's text:
 * Azure Data Studio's "Save as JSON" writes `[{"agstate_snapshot": "…"}]` (sqltoolsservice
 * SaveAsJsonFileStreamWriter: an array of one object per row, keyed by column name), and
 * `Invoke-Sqlcmd … | ConvertTo-Json` or `Invoke-DbaQuery -As PSObject | ConvertTo-Json` write the
 * row as an object with that property (beside DataRow's own). The text is the snapshot exactly.
 */
export const SNAPSHOT_COLUMN = 'agstate_snapshot';

const property = (node: Node, key: string): Node | undefined => {
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k !== undefined && String(k.value).toLowerCase() === key) return v;
  }
  return undefined;
};

/**
 * The string node holding the snapshot when the root is a saved row: an object with a string
 * `agstate_snapshot`, or an array of exactly one such object. A snapshot's own views are never
 * keyed so, so an object that also holds views is read as the snapshot it is.
 */
export const savedSnapshotCell = (
  root: Node,
  isView: (key: string) => boolean,
): Node | undefined => {
  const row = root.type === 'array' && root.children?.length === 1 ? root.children[0] : root;
  if (row === undefined || row.type !== 'object') return undefined;
  const cell = property(row, SNAPSHOT_COLUMN);
  if (cell === undefined || cell.type !== 'string') return undefined;
  const holdsViews = (row.children ?? []).some((p) => {
    const k = p.children?.[0];
    return k !== undefined && isView(String(k.value));
  });
  return holdsViews ? undefined : cell;
};

const COUNT = /^\(\d+ rows? affected\)$/;

/**
 * The JSON script's output as sqlcmd writes it with headers (run without `-h -1`): the column
 * name, a line of dashes, the value, then blank lines or "(1 row affected)". The value is the
 * snapshot, padded with trailing spaces unless -W; its text and line, or undefined.
 */
export const sqlcmdSnapshotCell = (text: string): { text: string; line: number } | undefined => {
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (lines[i]?.trim().toLowerCase() !== SNAPSHOT_COLUMN) return undefined;
  if (!/^-+$/.test(lines[i + 1]?.trim() ?? '')) return undefined;
  const value = lines[i + 2]?.trim() ?? '';
  if (!value.startsWith('{')) return undefined;
  const rest = lines.slice(i + 3).map((l) => l.trim());
  return rest.every((l) => l === '' || COUNT.test(l)) ? { text: value, line: i + 3 } : undefined;
};
