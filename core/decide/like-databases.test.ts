import { describe, expect, it } from 'vitest';
import { noStandIn, remakeOf, STAND_IN } from './like-databases.js';

describe('an answer about the stand-in, made again for a database', () => {
  const shared = { code: 'BACKUP_OUTRANKED', message: 'SQL2 has BACKUP_PRIORITY 20' };
  const naming = { code: 'X', message: `${STAND_IN} on SQL2 is ${STAND_IN}` };
  const reasons = [naming, shared];
  const answer = { database: STAND_IN, jobs: [{ reasons }, { reasons }], other: [shared], n: 3n };

  it('names the database wherever the stand-in was, and shares what does not name it', () => {
    const made = remakeOf(answer)?.('DB0002');
    expect(made).toEqual({
      database: 'DB0002',
      jobs: [
        { reasons: [{ code: 'X', message: 'DB0002 on SQL2 is DB0002' }, shared] },
        { reasons: [{ code: 'X', message: 'DB0002 on SQL2 is DB0002' }, shared] },
      ],
      other: [shared],
      n: 3n,
    });
    expect(made?.other).toBe(answer.other);
    expect(made?.jobs[0]?.reasons[1]).toBe(shared);
    // A list the answer shares is made once per database, and shared as before.
    expect(made?.jobs[0]?.reasons).toBe(made?.jobs[1]?.reasons);
    expect(made?.jobs[0]?.reasons).not.toBe(reasons);
  });

  it('gives each database answers of its own', () => {
    const remake = remakeOf(answer);
    expect(remake?.('A').jobs[0]?.reasons[0]?.message).toBe('A on SQL2 is A');
    expect(remake?.('B').jobs[0]?.reasons[0]?.message).toBe('B on SQL2 is B');
  });

  it('refuses what it cannot remake: a map, or a key that names the stand-in', () => {
    expect(remakeOf({ m: new Map([[STAND_IN, 1]]) })).toBeNull();
    expect(remakeOf({ [STAND_IN]: 1 })).toBeNull();
  });
});

describe('inputs free of the stand-in', () => {
  it('are those whose text holds no NUL, an escaped backslash before "u0000" included', () => {
    expect(noStandIn({ name: 'SQL1', lsn: 12n, path: 'C:\\u0000x' })).toBe(true);
    expect(noStandIn({ name: 'SQL\u00001' })).toBe(false);
    expect(noStandIn({ name: '\\\u0000' })).toBe(false);
  });
});

describe('a remade object', () => {
  it('keeps its prototype: none stays none', () => {
    const bare = Object.assign(Object.create(null), { message: STAND_IN }) as { message: string };
    const made = remakeOf({ bare })?.('DB1');
    expect(Object.getPrototypeOf(made?.bare)).toBeNull();
    expect(made?.bare.message).toBe('DB1');
  });
});
