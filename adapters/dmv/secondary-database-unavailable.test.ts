import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * KB2857849, "Troubleshoot Always On availability databases in Recovery Pending or Suspect state"
 * (MicrosoftDocs/SupportArticles-docs alwayson-availability-databases-recovery-pending-suspect.md):
 * "After the database is failed over, the replica that owns the recovery pending database is in the
 * secondary role ... the database is still in the Recovery Pending state" (Msg 921 "has not been
 * recovered yet"). "Database states" (S80): "RECOVERY PENDING ... The database is unavailable";
 * SUSPECT and OFFLINE likewise. The snapshot: taken on sqlnode1, the former primary, now a readable
 * secondary (ALLOW_CONNECTIONS = ALL) whose copy is RECOVERY_PENDING and not suspended; the names
 * are the article's, the rest invented.
 */
const text = readFileSync(
  new URL('./fixtures/kb2857849-recovery-pending-secondary-role.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a secondary copy left RECOVERY_PENDING after the failover (KB2857849)', () => {
  const facts = factsOf(text);

  it('refuses a read-intent connection straight to it: the database is unavailable', () => {
    const c = connectToReplica(facts, {
      replica: 'sqlnode1',
      intent: 'READ_ONLY',
      database: 'DatabaseName',
    });
    expect(c.outcome).toBe('refused');
    expect(codes(c.reasons)).toEqual(['CONNECT_DATABASE_UNAVAILABLE']);
  });

  it.each(['SUSPECT', 'OFFLINE', 'RECOVERING'])(
    'refuses it as well when the copy is %s',
    (state) => {
      const other = {
        ...facts,
        databaseReplicas: facts.databaseReplicas.map((d) => ({
          ...d,
          databaseState: state as 'SUSPECT',
        })),
      };
      const c = connectToReplica(other, {
        replica: 'sqlnode1',
        intent: 'READ_ONLY',
        database: 'DatabaseName',
      });
      expect(c.outcome).toBe('refused');
      expect(codes(c.reasons)).toContain('CONNECT_DATABASE_UNAVAILABLE');
    },
  );

  it('still connects when the copy is ONLINE', () => {
    const online = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) => ({
        ...d,
        databaseState: 'ONLINE' as const,
      })),
    };
    const c = connectToReplica(online, {
      replica: 'sqlnode1',
      intent: 'READ_ONLY',
      database: 'DatabaseName',
    });
    expect(c.outcome).toBe('connected');
  });
});
