import { describe, expect, it } from 'vitest';
import type { Citation } from '../domain/types.ts';
import { recite } from './cited.ts';

const at = (n: number, start: number, key?: string): Citation => ({
  n,
  reportId: 1,
  title: 't',
  org: 'o',
  year: 2021,
  section: 's',
  quote: 'q',
  start,
  end: start + 5,
  ...(key ? { cell: { key, table: 't3', row: 'r', col: 'c', value: 1, unit: '件' } } : {}),
});

describe('recite: parts of an answer joined, each passage cited once', () => {
  it('renumbers after the citations already there, reusing one for the same passage or cell', () => {
    const citations: Citation[] = [at(1, 0)];
    const text = recite({ answer: 'a [1]，b [2]，c [3]', citations: [at(1, 10), at(2, 0), at(3, 10, 'k')] }, citations);
    expect(text).toBe('a [2]，b [1]，c [3]');
    expect(citations.map((c) => [c.n, c.start, c.cell?.key])).toEqual([
      [1, 0, undefined],
      [2, 10, undefined],
      [3, 10, 'k'],
    ]);
  });
});
