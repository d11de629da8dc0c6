import { describe, expect, it } from 'vitest';
import { SignCodes, signCode } from './sign-codes.ts';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32 - 0.5;
  };
}
const vectors = (seed: number, n: number, dims: number) => {
  const r = random(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: dims }, r));
};
/** Hamming distance of the signs of the first `bits` values, counted directly. */
const hamming = (a: Float32Array, b: Float32Array, bits = a.length) => {
  let d = 0;
  for (let i = 0; i < bits; i++) if (a[i]! > 0 !== b[i]! > 0) d++;
  return d;
};

describe('SignCodes', () => {
  it('sets one bit per positive value', () => {
    const out = new Uint8Array(2);
    signCode([1, -1, 0, 2, -3, 0.5, 0.1, -0.1, 9], out);
    expect([...out]).toEqual([0b01101001, 0b1]);
  });

  // 100 dims: a code shorter than one SIMD lane; 1,000: padded to 1,024 bits, prefix 256 of them.
  for (const dims of [100, 1000, 1024]) {
    it(`scans the prefix distances exactly (${dims} dims, a count not divisible by 4)`, () => {
      const codes = new SignCodes(dims);
      const vs = vectors(dims, 1003, dims);
      vs.forEach((v, i) => {
        codes.add(i + 1, v);
      });
      const q = vectors(5, 1, dims)[0]!;
      const bits = Math.min(dims, codes.prefix * 8);
      expect([...codes.prefixDistances(q)]).toEqual(vs.map((v) => hamming(v, q, bits)));
    });

    it(`finds the exact Hamming top-k with every code surviving (${dims} dims)`, () => {
      const codes = new SignCodes(dims);
      const vs = vectors(dims + 1, 2001, dims);
      vs.forEach((v, i) => {
        codes.add(1000 + i, v);
      });
      const q = vectors(6, 1, dims)[0]!;
      const want = vs
        .map((v, i) => ({ key: 1000 + i, d: hamming(v, q) }))
        .sort((a, b) => a.d - b.d || a.key - b.key)
        .slice(0, 25)
        .map((x) => x.key);
      expect(codes.nearest(q, 25, codes.size)).toEqual(want);
    });
  }

  it('keeps the survivors nearest by prefix, ties at the limit in the order added', () => {
    const dims = 1024;
    const codes = new SignCodes(dims);
    const vs = vectors(11, 3000, dims);
    vs.forEach((v, i) => {
      codes.add(i + 1, v);
    });
    const q = vectors(12, 1, dims)[0]!;
    const survivors = 100;
    const byPrefix = vs.map((v, i) => ({ i, p: hamming(v, q, 256), d: hamming(v, q) }));
    const kept = [...byPrefix].sort((a, b) => a.p - b.p || a.i - b.i).slice(0, survivors);
    const want = kept
      .sort((a, b) => a.d - b.d || a.i - b.i)
      .slice(0, 10)
      .map((x) => x.i + 1);
    expect(codes.nearest(q, 10, survivors)).toEqual(want);
  });

  it('reloads saved codes to the same answers', () => {
    const codes = new SignCodes(256);
    vectors(21, 500, 256).forEach((v, i) => {
      codes.add(7 * i, v);
    });
    const { keys, codes: bytes } = codes.saved();
    const copy = new SignCodes(256);
    copy.addCodes(keys.slice(0, 200), bytes.slice(0, 200 * copy.bytes));
    copy.addCodes(keys.slice(200), bytes.slice(200 * copy.bytes));
    const q = vectors(22, 1, 256)[0]!;
    expect(copy.nearest(q, 20, 100)).toEqual(codes.nearest(q, 20, 100));
  });

  it('refuses vectors of another dimension', () => {
    expect(() => new SignCodes(8).add(1, [1, 2, 3])).toThrow(/3 values, not 8/);
  });
});
