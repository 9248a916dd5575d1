import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseCsvSnapshot } from './csv.js';
import { formatDmvProblem } from './index.js';
import { parseJsonSnapshot } from './json.js';
import { example, primaryJson, problemsOf, rowsOf } from './test-support.js';

const json = (s: unknown): string => JSON.stringify(s, null, 2);
const csvLines = (): string[] => example('primary.csv').split('\r\n');
const csv = (lines: readonly string[]): string => lines.join('\r\n');
/** Index of the header line of a view's result set in the CSV example. */
const headerIndex = (lines: readonly string[], view: string): number => lines.indexOf(view) + 3;

describe('problems name their place', () => {
  it('a missing view', () => {
    const s = primaryJson();
    delete s['sys.dm_hadr_database_replica_states'];
    const [p, ...rest] = problemsOf(json(s));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ view: 'sys.dm_hadr_database_replica_states' });
    expect(p!.message).toMatch(/missing view sys\.dm_hadr_database_replica_states/);
  });

  it('a missing view in CSV', () => {
    const lines = csvLines();
    const start = lines.indexOf('sys.dm_hadr_availability_replica_states') - 2;
    const end = lines.indexOf('sys.dm_hadr_database_replica_states') - 2;
    const [p] = problemsOf(csv([...lines.slice(0, start), ...lines.slice(end)]));
    expect(p).toMatchObject({ view: 'sys.dm_hadr_availability_replica_states' });
  });

  it('a missing column in a JSON row', () => {
    const s = primaryJson();
    // An identity column: a state column left out reads as unknown instead (snapshot.test.ts).
    delete rowsOf(s, 'sys.dm_hadr_database_replica_states')[1]!.is_local;
    const text = json(s);
    const [p, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      view: 'sys.dm_hadr_database_replica_states',
      row: 2,
      column: 'is_local',
      pointer: '/sys.dm_hadr_database_replica_states/1',
    });
    expect(text.split('\n')[p!.line! - 1]).toMatch(/^\s*\{\s*$/);
    expect(p!.message).toMatch(/missing column is_local/);
  });

  it('a missing column in a CSV header, with the line of the header', () => {
    const lines = csvLines();
    const h = headerIndex(lines, 'sys.availability_replicas');
    const drop = (line: string) =>
      line
        .split(',')
        .filter((_, k) => k !== 4)
        .join(',');
    for (let k = h; k <= h + 4; k++) lines[k] = drop(lines[k]!);
    const [p, ...rest] = problemsOf(csv(lines));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      view: 'sys.availability_replicas',
      column: 'availability_mode_desc',
      line: h + 1,
    });
  });

  it('a column that the snapshot version has, and says so', () => {
    const s = primaryJson();
    for (const row of rowsOf(s, 'sys.availability_groups')) delete row.cluster_type_desc;
    const [p] = problemsOf(json(s));
    expect(p!.message).toMatch(
      /cluster_type_desc, which SQL Server has from 2017 on \(the snapshot is read as SQL Server 2019/,
    );
  });

  it('a bad enumeration value, with what was expected', () => {
    const s = primaryJson();
    rowsOf(s, 'sys.availability_replicas')[2]!.failover_mode_desc = 'AUTO';
    const text = json(s);
    const [p] = problemsOf(text);
    expect(p).toMatchObject({
      view: 'sys.availability_replicas',
      row: 3,
      column: 'failover_mode_desc',
      actual: '"AUTO"',
      pointer: '/sys.availability_replicas/2/failover_mode_desc',
    });
    expect(p!.message).toBe('expected one of AUTOMATIC, MANUAL, EXTERNAL, got "AUTO"');
    expect(text.split('\n')[p!.line! - 1]).toContain('"AUTO"');
    expect(formatDmvProblem(p!)).toBe(
      `sys.availability_replicas, row 3, column failover_mode_desc (line ${p!.line}): expected one of AUTOMATIC, MANUAL, EXTERNAL, got "AUTO"`,
    );
  });

  it('a bad value in CSV, with its file line', () => {
    const lines = csvLines();
    const h = headerIndex(lines, 'sys.dm_hadr_database_replica_states');
    lines[h + 3] = lines[h + 3]!.replace('SYNCHRONIZED', 'SYNCHRONISED');
    const [p] = problemsOf(csv(lines));
    expect(p).toMatchObject({
      view: 'sys.dm_hadr_database_replica_states',
      row: 2,
      column: 'synchronization_state_desc',
      line: h + 4,
    });
  });

  it('an LSN written as a JSON number, telling to CAST it', () => {
    const text = example('primary.json').replace(
      '"last_hardened_lsn": "1025000004417900001"',
      '"last_hardened_lsn": 1025000004417900001',
    );
    const [p, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      view: 'sys.dm_hadr_database_replica_states',
      row: 3,
      column: 'last_hardened_lsn',
      actual: 'the number 1025000004417900001',
    });
    expect(p!.message).toMatch(/CAST the LSN columns to varchar\(25\)/);
    expect(text.split('\n')[p!.line! - 1]).toContain('1025000004417900001');
  });

  it('a row that names a replica the group does not have', () => {
    const s = primaryJson();
    rowsOf(s, 'sys.dm_hadr_availability_replica_states')[1]!.replica_id =
      '1B2C3D4E-0009-4A5B-8C6D-7E8F9A0B1C2D';
    const [p] = problemsOf(json(s));
    expect(p).toMatchObject({
      view: 'sys.dm_hadr_availability_replica_states',
      row: 2,
      column: 'replica_id',
    });
  });

  it('a routing entry that names a replica the group does not have', () => {
    const s = primaryJson();
    rowsOf(s, 'sys.availability_read_only_routing_lists')[0]!.read_only_replica_id =
      '1B2C3D4E-0009-4A5B-8C6D-7E8F9A0B1C2D';
    const [p] = problemsOf(json(s));
    expect(p).toMatchObject({
      view: 'sys.availability_read_only_routing_lists',
      row: 1,
      column: 'read_only_replica_id',
    });
  });

  it('an unknown version, and a version that contradicts the snapshot', () => {
    const s = primaryJson();
    delete s.SERVERPROPERTY;
    expect(problemsOf(json(s))[0]!.message).toMatch(
      /version is unknown: give it \(--sql-version on the command line, \{ version \} in the library/,
    );
    expect(problemsOf(example('primary.json'), { version: 2022 })[0]).toMatchObject({
      view: 'SERVERPROPERTY',
      column: 'product_major_version',
    });
  });

  it('several groups without a choice', () => {
    const s = primaryJson();
    const groups = rowsOf(s, 'sys.availability_groups');
    groups.push({
      ...groups[0]!,
      group_id: '00000000-0000-4000-8000-000000000001',
      name: 'AGOther',
    });
    expect(problemsOf(json(s))[0]!.message).toMatch(
      /2 availability groups \(AGSales, AGOther\); choose one \(--group on the command line, \{ group \}/,
    );
  });

  it('every bad cell at once, not only the first', () => {
    const s = primaryJson();
    rowsOf(s, 'sys.availability_replicas')[0]!.backup_priority = 'high';
    rowsOf(s, 'sys.dm_hadr_availability_replica_states')[0]!.is_local = 'yes';
    expect(problemsOf(json(s)).map((p) => p.column)).toEqual(['backup_priority', 'is_local']);
  });
});

describe('malformed JSON', () => {
  it('a syntax error, with line and column', () => {
    const result = parseJsonSnapshot(
      '{\n  "SERVERPROPERTY": [\n    { "product_major_version": 15, }\n  ]\n}',
    );
    expect(E.isLeft(result) && result.left[0]).toMatchObject({ line: 3 });
    expect(E.isLeft(result) && result.left[0]!.message).toMatch(
      /invalid JSON: .* at line 3, column \d+/,
    );
  });

  it.each([
    ['[]', /expected a JSON object with one array of rows per view/],
    ['{"sys.availability_groups": "x"}', /expected an array of rows, got a JSON string/],
    ['{"sys.availability_groups": [1]}', /expected an object \(one row\), got a JSON number/],
    ['{"sys.availability_groups": [], "SYS.AVAILABILITY_GROUPS": []}', /appears twice/],
    [`{"a": ${'['.repeat(20000)}`, /invalid JSON|nested too deeply/],
  ])('%s', (text, message) => {
    const result = parseJsonSnapshot(text);
    expect(E.isLeft(result) && result.left[0]!.message).toMatch(message);
  });
});

describe('malformed CSV', () => {
  const firstProblem = (text: string) => {
    const result = parseCsvSnapshot(text);
    if (E.isRight(result)) throw new Error('expected a problem');
    return result.left[0]!;
  };

  it('a result set without the line of dashes (sqlcmd -h -1)', () => {
    const lines = csvLines();
    const h = headerIndex(lines, 'sys.availability_groups');
    lines.splice(h + 1, 1);
    expect(firstProblem(csv(lines))).toMatchObject({ line: h + 2 });
    expect(firstProblem(csv(lines)).message).toMatch(/line of dashes/);
  });

  it('a row with more values than the header', () => {
    const lines = csvLines();
    const h = headerIndex(lines, 'sys.availability_replicas');
    lines[h + 2] = `${lines[h + 2]},extra`;
    expect(firstProblem(csv(lines))).toMatchObject({
      view: 'sys.availability_replicas',
      row: 1,
      line: h + 3,
    });
  });

  it('a result set without its marker', () => {
    const lines = csvLines();
    const marker = lines.indexOf('sys.availability_groups') - 2;
    lines.splice(marker, 5);
    expect(firstProblem(csv(lines))).toMatchObject({ line: marker + 1 });
    expect(firstProblem(csv(lines)).message).toMatch(
      /expected a marker result set \(header agstate_view\)/,
    );
  });

  it('a row count that does not match the rows', () => {
    const lines = csvLines();
    const h = headerIndex(lines, 'sys.availability_replicas');
    lines.splice(h + 2, 1);
    expect(firstProblem(csv(lines)).message).toMatch(
      /reports 3 rows affected, but the result set that ends here has 2 rows/,
    );
  });

  it('a marker that names a view agstate does not read: ignored, so the view it replaced is missing', () => {
    const lines = csvLines();
    lines[lines.indexOf('sys.availability_groups')] = 'sys.availability_groupz';
    expect(problemsOf(csv(lines))[0]!.message).toMatch(/missing view sys\.availability_groups/);
  });

  it('a marker followed by another marker', () => {
    const lines = csvLines();
    const h = headerIndex(lines, 'sys.availability_groups');
    lines.splice(h, 5);
    expect(firstProblem(csv(lines)).message).toMatch(
      /marker for sys\.availability_groups is not followed by that view's result set/,
    );
  });

  it('an unclosed quote', () => {
    expect(firstProblem('agstate_view\n------------\n"SERVERPROPERTY\n').message).toMatch(
      /not readable as CSV/,
    );
  });

  it('an empty file', () => {
    expect(firstProblem('\r\n\r\n').message).toMatch(/the file is empty/);
  });

  it('output that is not a snapshot at all', () => {
    expect(
      firstProblem('Msg 208, Level 16, State 1, Server SQLNODE1, Line 3\nInvalid object name.')
        .message,
    ).toMatch(/expected a marker result set/);
  });
});
