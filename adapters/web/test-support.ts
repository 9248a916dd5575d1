import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../chart/generate.js';

/** Shared by the server and browser tests. */

export const XSS_NAME = '<img src=x onerror=alert(1)>';

/** The bundled three-replica example with its first replica renamed. */
export const configNamed = (firstReplica: string): string => {
  const example = JSON.parse(
    readFileSync(join(packageRoot(), 'examples', 'resync-three-replicas.json'), 'utf8'),
  ) as {
    replicas: { name: string; primaryRole?: { readOnlyRoutingList?: string[] } }[];
  };
  const [first, ...rest] = example.replicas;
  const rename = (n: string) => (n === first!.name ? firstReplica : n);
  const replicas = [{ ...first!, name: firstReplica }, ...rest].map((r) =>
    r.primaryRole?.readOnlyRoutingList === undefined
      ? r
      : {
          ...r,
          primaryRole: {
            ...r.primaryRole,
            readOnlyRoutingList: r.primaryRole.readOnlyRoutingList.map(rename),
          },
        },
  );
  return JSON.stringify({ ...example, replicas });
};
