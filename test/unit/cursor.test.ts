// The one cursor codec every admin list uses: opaque, signed per list, refused with field `cursor`
// when edited, garbled, of another list or of another shape.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../api/errors';
import { cursorCodec, toPage } from '../../api/lib/cursor';

const audit = cursorCodec<[number, number]>('secret-1', 'audit', ['number', 'number']);

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('was accepted');
}

describe('cursorCodec', () => {
  it('gives back the key it encoded, and nothing for no cursor', () => {
    expect(audit.decode(audit.encode([1_764_000_000_000, 42]))).toEqual([1_764_000_000_000, 42]);
    expect(audit.decode(undefined)).toBeUndefined();
    expect(audit.decode('')).toBeUndefined();
  });

  it.each([
    ['garbled', 'not a cursor'],
    ['a hand-made key with a copied signature', `${Buffer.from('[1,1]').toString('base64url')}.${audit.encode([5, 5]).split('.')[1]}`],
    ['another list’s cursor', cursorCodec('secret-1', 'incidents', ['number', 'number']).encode([5, 5])],
    ['another installation’s cursor', cursorCodec('secret-2', 'audit', ['number', 'number']).encode([5, 5])],
    ['a signed key of another shape', cursorCodec('secret-1', 'audit', ['string']).encode(['x'])],
    ['extra parts', `${audit.encode([5, 5])}.x`],
  ])('refuses %s with field `cursor`', (_name, cursor) => {
    expect(refusal(() => audit.decode(cursor)).issues).toEqual([{ field: 'cursor', message: 'is not a cursor from this API' }]);
  });

  it('names the field it was asked under', () => {
    expect(refusal(() => cursorCodec('s', 'subscribers', ['string'], 'after').decode('x')).field).toBe('after');
  });
});

describe('toPage', () => {
  it('shows `limit` rows and a cursor of the last one only when another row was read', () => {
    const rows = [{ id: 3 }, { id: 2 }, { id: 1 }];
    const more = toPage(rows, 2, audit, (r) => [0, r.id]);
    expect(more.rows).toEqual([{ id: 3 }, { id: 2 }]);
    expect(audit.decode(more.next!)).toEqual([0, 2]);
    expect(toPage(rows, 3, audit, (r) => [0, r.id]).next).toBeNull();
  });
});
