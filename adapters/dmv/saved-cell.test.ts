import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { example, factsOf, problemsOf, withoutOrigins } from './test-support.js';

/*
 * The JSON script ends with SELECT @snapshot AS agstate_snapshot (docs/dmv-snapshot.md). Tools
 * that save the result set, not the value, keep the snapshot as that column's text; the snapshot
 * here is examples/snapshots/outage-resolving-secondary.json (the S28 error-log example).
 *
 * - Azure Data Studio "Save as JSON": microsoft/sqltoolsservice,
 *   src/Microsoft.SqlTools.ServiceLayer/QueryExecution/DataStorage/SaveAsJsonFileStreamWriter.cs,
 *   "Writer for writing rows of results to a JSON file": jsonWriter.WriteStartArray(), then for
 *   each row WriteStartObject() and "jsonWriter.WritePropertyName(columns[i].ColumnName)" with
 *   the cell's value, Formatting.Indented.
 * - Windows PowerShell 5.1, Invoke-Sqlcmd -InputFile snapshot-json.sql | ConvertTo-Json: the
 *   DataRow's column as a property beside RowError, RowState, Table, ItemArray and HasErrors.
 *
 * Both were refused: the array as CSV ('found "["'), the object as a snapshot missing every view.
 */

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const expected = withoutOrigins(factsOf(example('outage-resolving-secondary.json')));

describe('a snapshot saved as the agstate_snapshot cell of its result row', () => {
  it.each(['capture-ads-save-as-json.json', 'capture-invoke-sqlcmd-convertto-json.json'])(
    '%s reads as the snapshot it holds',
    (name) => {
      expect(withoutOrigins(factsOf(fixture(name)))).toEqual(expected);
    },
  );

  it('names the cell line of a problem inside the snapshot', () => {
    const text = fixture('capture-ads-save-as-json.json').replace(
      '\\"availability_mode_desc\\":\\"SYNCHRONOUS_COMMIT\\"',
      '\\"availability_mode_desc\\":\\"SYNC\\"',
    );
    const problems = problemsOf(text);
    expect(problems.map((p) => [p.view, p.column, p.line])).toContainEqual([
      'sys.availability_replicas',
      'availability_mode_desc',
      3,
    ]);
  });

  /*
   * sqlcmd -E -d master -y 0 -i snapshot-json.sql -o snapshot.json, without -h -1: "-h headers
   * … The default is to print headings one time for each set of query results … Use -1 to
   * specify that headers not be printed" ("sqlcmd utility", Formatting Options, S100). The column
   * name and its dashes come first, then the value (the FOR JSON PATH text, sys views nested).
   * It was refused as CSV: 'expected a marker result set … found "agstate_snapshot …"'.
   */
  it('reads the JSON script run by sqlcmd with headers', () => {
    const text = fixture('capture-sqlcmd-json-with-header.txt');
    expect(withoutOrigins(factsOf(text))).toEqual(expected);
    const cut = text
      .replace('"SYNCHRONOUS_COMMIT"', '"SYNC"')
      .replace('"availability_mode_desc":"SYNCHRONOUS_COMMIT"', '"availability_mode_desc":"SYNC"');
    expect(problemsOf(cut).map((p) => [p.column, p.line])).toContainEqual([
      'availability_mode_desc',
      3,
    ]);
  });

  /*
   * Windows PowerShell 5.1, Invoke-Sqlcmd -InputFile snapshot-json.sql | Export-Csv snapshot.csv:
   * "The first line of the CSV file contains the string #TYPE followed by the fully qualified
   * name of the object … The next line of the CSV file represents the column headers … Additional
   * lines of the file consist of comma-separated lists of the property values of each object"
   * (Export-Csv, PowerShell 5.1 reference, NOTES); the DataRow's own properties follow the column.
   * It was refused: 'expected a marker result set … found "#TYPE System.Data.DataRow"'.
   */
  it('reads the JSON script row saved by Export-Csv', () => {
    expect(withoutOrigins(factsOf(fixture('capture-invoke-sqlcmd-export-csv.csv')))).toEqual(
      expected,
    );
  });

  it('an array that is not a saved row says what was expected', () => {
    expect(problemsOf('[{"a": 1}, {"a": 2}]').map((p) => p.message)).toEqual([
      'expected a JSON object with one array of rows per view, keyed by view name (for example "sys.availability_groups"), or a saved result row whose agstate_snapshot column holds it; got an array',
    ]);
  });

  it('an object that holds views is the snapshot itself, whatever else it holds', () => {
    const snapshot = JSON.parse(example('outage-resolving-secondary.json')) as object;
    const text = JSON.stringify({ ...snapshot, agstate_snapshot: '{}' });
    expect(withoutOrigins(factsOf(text))).toEqual(expected);
  });
});
