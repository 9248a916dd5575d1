import { describe, expect, it } from 'vitest';
import { buildConfig, buildFacts } from '../rules/facts-builder.js';
import { createCluster } from './build.js';
import { clusterFacts } from './facts.js';
import { findReplica } from './select.js';

/**
 * "Create an Availability Group (Transact-SQL)", Summary of Tasks and Corresponding Transact-SQL
 * Statements: CREATE AVAILABILITY GROUP is executed "on the server instance that is to host the
 * initial primary replica". The instance a script ran on (`createdOn`, from `:Connect` or
 * `--server`) is therefore the primary, wherever its REPLICA ON entry is listed.
 */
const replicas = ['SQLNODE1', 'SQLNODE2', 'SQLNODE3'];

const rolesOf = (createdOn?: string | null) => {
  const config = buildConfig({ replicas, ...(createdOn === undefined ? {} : { createdOn }) });
  const facts = clusterFacts(createCluster(config));
  return {
    primary: facts.primary,
    roles: Object.fromEntries(facts.replicas.map((r) => [r.name, r.role])),
    builder: buildFacts(config).primary,
  };
};

describe('the initial primary of a new group', () => {
  it('is the instance CREATE AVAILABILITY GROUP ran on, not the first replica listed', () => {
    expect(rolesOf('SQLNODE2')).toEqual({
      primary: 'SQLNODE2',
      roles: { SQLNODE1: 'SECONDARY', SQLNODE2: 'PRIMARY', SQLNODE3: 'SECONDARY' },
      builder: 'SQLNODE2',
    });
  });

  it('matches the instance name without regard to case, as SQL Server compares server names', () => {
    expect(rolesOf('sqlnode3').primary).toBe('SQLNODE3');
  });

  it('is the first replica when the configuration does not say where the CREATE ran', () => {
    expect(rolesOf().primary).toBe('SQLNODE1');
    expect(rolesOf(null).primary).toBe('SQLNODE1');
  });
});

describe('a replica found by name', () => {
  const cluster = createCluster(buildConfig({ replicas: ['SQLNODE1', 'SqlNode2', 'sqlnode3'] }));
  it('whatever the case it is asked in, as SQL Server compares instance names', () => {
    expect(findReplica(cluster, 'sqlnode1')?.name).toBe('SQLNODE1');
    expect(findReplica(cluster, 'SQLNODE2')?.name).toBe('SqlNode2');
    expect(findReplica(cluster, 'SqlNode3')?.name).toBe('sqlnode3');
  });
  it('and none for a name no replica has, however close', () => {
    expect(findReplica(cluster, 'SQLNODE4')).toBeUndefined();
    expect(findReplica(cluster, 'SQLNODE')).toBeUndefined();
    expect(findReplica(cluster, 'SQLNODE1 ')).toBeUndefined();
  });
});
