import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameSet } from './corpus.ts';

describe('NameSet', () => {
  const names = ['古城', '古城镇', '城镇', '利通区古城镇', '利通区', '镇'];
  const set = new NameSet(names.map((n, i) => [n, i] as const));
  const regex = new RegExp([...names].sort((a, b) => b.length - a.length).join('|'), 'g');

  it('finds and replaces names as a global RegExp of them, longest first, does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('古', '城', '镇', '利', '通', '区', '和'), { maxLength: 24 }), (chars) => {
        const s = chars.join('');
        expect(set.matches(s)).toEqual(s.match(regex) ?? []);
        expect(s.replace(set, '_')).toBe(s.replace(regex, '_'));
      }),
    );
  });

  it('valuesIn gives every name occurring, overlapping ones too, each once', () => {
    expect(set.valuesIn('在利通区古城镇').sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(set.valuesIn('古城古城')).toEqual([0]);
    expect(set.valuesIn('')).toEqual([]);
  });
});
