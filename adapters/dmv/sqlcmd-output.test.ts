import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDmvProblem } from './problem.js';
import { problemsOf } from './test-support.js';

/*
 * examples/snapshots/primary.csv as sqlcmd -i snapshot-csv.sql writes it without -s"," -W
 * ("sqlcmd utility", Formatting Options, S100): "-s col_separator … The default is a blank
 * space"; "-w screen_width … The default width is 80 characters. When an output line exceeds the
 * specified column width, it wraps on to the next line". The columns are padded and separated by
 * blanks, and the lines of a wide result set wrap at 80 characters. agstate asked to "run sqlcmd
 * with headers, without -h -1", which the file already was.
 */

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('sqlcmd output agstate cannot split', () => {
  it('columns separated by blanks, sqlcmd without -s: names the header and the options', () => {
    expect(
      problemsOf(fixture('capture-sqlcmd-default-separator.txt')).map(formatDmvProblem),
    ).toEqual([
      'sys.availability_groups (line 17): the columns under the header "group_id                             name    failure_cond..." are separated by spaces, sqlcmd\'s default; a value may hold a space and a line wider than -w wraps, so they cannot be told apart: run sqlcmd with -s"," -W',
    ]);
  });

  /*
   * The same file as sqlcmd -s"," -W -h -1 writes it: "-h headers … Use -1 to specify that
   * headers not be printed" (S100). Every result set starts with its first row; agstate said
   * 'expected a marker result set (header agstate_view) …, found "SERVERPROPERTY"'.
   */
  it('no headers, sqlcmd -h -1: says the headers are missing', () => {
    expect(problemsOf(fixture('capture-sqlcmd-no-headers.txt')).map(formatDmvProblem)).toEqual([
      'snapshot (line 1): found the view name "SERVERPROPERTY" where the header agstate_view and its dashes belong: the file has no column headers (sqlcmd -h -1); run sqlcmd with headers',
    ]);
  });

  /*
   * sys.availability_replicas of examples/snapshots/primary.csv as Windows PowerShell 5.1 saves
   * it: Invoke-Sqlcmd -Query '<that view's SELECT>' | Export-Csv replicas.csv. "The first line of
   * the CSV file contains the string #TYPE followed by the fully qualified name of the object"
   * (Export-Csv, PowerShell 5.1 reference, NOTES); one result set, no marker naming its view.
   */
  it('one result set saved on its own: says the marker is missing and how to capture', () => {
    const text = fixture('capture-export-csv-one-view.csv');
    const expected =
      'one result set saved on its own (PowerShell\'s Export-Csv, or a result grid saved as CSV), without the marker that names its view: run the CSV script with sqlcmd -s"," -W, or save the JSON script\'s result (docs/dmv-snapshot.md)';
    expect(problemsOf(text).map(formatDmvProblem)).toEqual([
      `snapshot (line 1): found "#TYPE System.Data.DataRow", ${expected}`,
    ]);
    const untyped = text.slice(text.indexOf('\n') + 1);
    expect(problemsOf(untyped)[0]?.message).toContain(expected);
  });
});
