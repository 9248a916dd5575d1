import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { decodeConfig, formatProblem } from '../../core/model/index.js';

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

const DEFAULT_EXAMPLE = new URL('../../../examples/resync-three-replicas.json', import.meta.url);

/** The agstate command. Returns the exit code: 0 ok, 2 bad input. */
export const main = async (argv: readonly string[], io: Io): Promise<number> => {
  const file = argv[0] ?? DEFAULT_EXAMPLE.pathname;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    io.stderr(`agstate: ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const decoded = decodeConfig(parsed);
  if (E.isLeft(decoded)) {
    for (const p of decoded.left) io.stderr(`agstate: ${file}: ${formatProblem(p)}\n`);
    return 2;
  }
  const c = decoded.right;
  io.stdout(
    `availability group ${c.name} (SQL Server ${c.version}, CLUSTER_TYPE ${c.clusterType})\n`,
  );
  for (const r of c.replicas) {
    io.stdout(
      `  ${r.name}: ${r.availabilityMode}, FAILOVER_MODE ${r.failoverMode}, BACKUP_PRIORITY ${r.backupPriority}\n`,
    );
  }
  return 0;
};
