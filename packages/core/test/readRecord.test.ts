import { describe, expect, it } from 'vitest';
import { readRecord } from '../src/readRecord';
import { makeJobRecord } from '../src/testing/makeJobRecord';

const text = (value: unknown) => JSON.stringify(value);

describe('readRecord', () => {
  it('reads a stored record back as it was written', () => {
    const rec = makeJobRecord('a', { tags: ['x'], result: { n: 1 } });
    expect(readRecord('a', text(rec))).toEqual(rec);
  });

  it('reports text that is not JSON, naming the id it was stored under', () => {
    expect(readRecord('a', '{"id":')).toMatchObject({ id: 'a', corrupt: expect.stringMatching(/^not JSON/) });
  });

  it('reports a record stored under another id', () => {
    expect(readRecord('a', text(makeJobRecord('b')))).toEqual({
      id: 'a',
      corrupt: 'id is "b", stored under "a"',
    });
  });

  it('names the first field the engine cannot do without', () => {
    const { seq: _seq, ...noSeq } = makeJobRecord('a');
    expect(readRecord('a', text(noSeq))).toEqual({ id: 'a', corrupt: 'seq is missing or not a number' });
    expect(readRecord('a', text(makeJobRecord('a', { runAt: '0' as never })))).toEqual({
      id: 'a',
      corrupt: 'runAt is missing or not a number',
    });
    expect(readRecord('a', text(makeJobRecord('a', { state: 'paused' as never })))).toEqual({
      id: 'a',
      corrupt: 'state is missing or unknown',
    });
  });

  it('drops keys that could reach a prototype', () => {
    const stored = text(makeJobRecord('a')).replace(
      '"payload":{',
      '"payload":{"__proto__":{"polluted":true},',
    );
    const rec = readRecord('a', stored) as { payload: Record<string, unknown> };
    expect(Object.keys(rec.payload)).toEqual(['id']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
