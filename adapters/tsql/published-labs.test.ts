import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ReadOptions, readScriptReport } from './script.js';

/**
 * Lab and repository scripts as published (each fixture's header names its source), read as a
 * user hands them over. The assertions are what SQL Server does with each.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const read = (text: string, name: string, options: Partial<ReadOptions> = {}) =>
  readScriptReport(text, { version: 2019, fileName: name, ...options });

/*
 * "Batches" (SQL Server documentation, ms175502): "A compile error, such as a syntax error,
 * prevents the compilation of the execution plan. Therefore, no statements in the batch are
 * executed." GO ends a batch (GO (Transact-SQL): "The current batch of statements is composed of
 * all statements entered since the last GO"), so a BEGIN … END block split by GO leaves a batch
 * without its END and another with an END alone: neither compiles.
 */
describe('a GO inside BEGIN … END (Azure4Arjun/dba_db19, dba19_lis_SetCreateAGListener4.sql)', () => {
  const name = 'lab-listener-begin-go-end.sql';
  const text = fixture(name);

  it('is refused at the GO that splits the block and at the lone END', () => {
    expect(read(text, name).errors.map((e) => e.message)).toEqual([
      `${name}:21:2: expected END for the BEGIN at 9:1 in the same batch (a block cannot span batches; SQL Server runs no statement of a batch that does not compile), found 'GO'`,
      `${name}:24:1: expected a BEGIN before this END in the same batch (SQL Server runs no statement of a batch that does not compile), found 'END'`,
    ]);
  });

  it('runs none of the broken batch: the listener is not added', () => {
    const statements = read(text, name).script.statements;
    expect(statements.filter((s) => s.group !== null)).toEqual([]);
    // The first two batches compile and run.
    expect(statements.map((s) => s.line)).toEqual([5, 7]);
  });

  it('with the block whole in one batch, the listener is read', () => {
    const whole = read(text.replace(/\n\tGO\n/, '\n'), name);
    expect(whole.errors).toEqual([]);
    const added = whole.script.statements.find((s) => s.group === 'MyAG');
    expect(added?.nested).toBe(true);
    expect(added?.outcome.kind === 'events' ? added.outcome.events.map((e) => e.type) : []).toEqual(
      ['ag.addListener'],
    );
  });

  it('a CASE … END and an IF … BEGIN … END within one batch are whole', () => {
    const blocks = [
      "SELECT CASE WHEN 1 = 1 THEN 'a' ELSE 'b' END;",
      'IF 1 = 1',
      'BEGIN',
      '  ALTER AVAILABILITY GROUP [MyAG] GRANT CREATE ANY DATABASE;',
      'END',
      'GO',
    ].join('\n');
    expect(read(blocks, 'blocks.sql', { server: 'N1' }).errors).toEqual([]);
  });
});
