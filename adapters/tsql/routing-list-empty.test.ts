import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../core/validation/validate.js';
import { readCreate, readScript } from './script.js';

/*
 * ALTER AVAILABILITY GROUP (S3), syntax: READ_ONLY_ROUTING_LIST = { ( '<server_instance>' [ ,...n ] )
 * | NONE }: a list names at least one replica, and it is cleared with NONE. `()` was read as NONE
 * and the script called valid, where SQL Server stops at the syntax.
 */
const modify = (list: string): string =>
  `ALTER AVAILABILITY GROUP [AG1] MODIFY REPLICA ON N'SQL1' WITH (PRIMARY_ROLE (READ_ONLY_ROUTING_LIST = ${list}));`;
const errors = (text: string): readonly string[] => {
  const r = readScript(text, { version: 2016, fileName: 'r.sql' });
  return E.isLeft(r) ? r.left.map((e) => e.message) : [];
};

describe('an empty READ_ONLY_ROUTING_LIST', () => {
  it('is refused as syntax at its place', () => {
    expect(errors(modify('()'))).toEqual([
      "r.sql:1:103: expected READ_ONLY_ROUTING_LIST = ('server', ('server', 'server'), …) | NONE, found '()'",
    ]);
  });

  it('NONE and lists that name replicas are read as before', () => {
    expect(errors(modify('NONE'))).toEqual([]);
    expect(errors(modify("(('SQL2','SQL3'),'SQL1')"))).toEqual([]);
    expect(errors(modify("('SQL2')"))).toEqual([]);
  });

  it('an empty load-balanced set inside a list still reads, and validation refuses it', () => {
    const create = `CREATE AVAILABILITY GROUP [AG1] FOR DATABASE [AppDB] REPLICA ON
 N'SQL1' WITH (ENDPOINT_URL = N'TCP://sql1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC,
   SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY, READ_ONLY_ROUTING_URL = N'TCP://sql1:1433'),
   PRIMARY_ROLE (READ_ONLY_ROUTING_LIST = (('SQL2'), (), 'SQL1'))),
 N'SQL2' WITH (ENDPOINT_URL = N'TCP://sql2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC,
   SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY, READ_ONLY_ROUTING_URL = N'TCP://sql2:1433'));`;
    const r = readCreate(create, { version: 2016 });
    expect(E.isRight(r) && validateConfig(r.right).map((x) => x.code)).toEqual([
      'ROUTING_LIST_EMPTY_SET',
    ]);
  });
});
