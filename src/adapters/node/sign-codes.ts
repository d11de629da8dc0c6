/**
 * Sign codes of vectors (one bit per dimension: set when the value is positive) kept in
 * WebAssembly memory, and a SIMD scan of all of them by Hamming distance to a query's code. The
 * Hamming distance of sign codes estimates the angle between the vectors (Charikar's SimHash),
 * so the nearest codes are candidates for re-scoring in full precision. A 1,024-dim vector takes
 * 128 bytes; a query scans a 256-bit prefix of every code, then whole codes of the nearest few
 * thousand: a time set by the count, nothing to build.
 */

/** Bytes of a code: the dimensions' bits rounded up to whole 16-byte SIMD lanes. */
const laneBlocks = (dims: number) => Math.ceil(dims / 128);
/** A lane byte sums one popcount (≤ 8) per block, so more than 31 blocks could overflow it. */
const MAX_BLOCKS = 31;
const PAGE = 65_536;

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
/** Signed LEB128, as i32.const wants (64 is [0xc0, 0], not [0x40]). */
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const name = (s: string) => [s.length, ...Buffer.from(s)];

/**
 * `scan(codes, n, query, out)` writes the distance of each of n codes at `codes` to
 * the code at `query` as a u16 at `out`, four codes a step (n is rounded up to a multiple of 4:
 * the memory past the last code must be there). Hand-assembled (no toolchain in the npm tree);
 * the opcodes are WebAssembly's fixed-width SIMD ones.
 */
function scanBody(blocks: number): number[] {
  const simd = (op: number, ...imm: number[]) => [0xfd, ...leb(op), ...imm];
  const get = (i: number) => [0x20, ...leb(i)];
  const set = (i: number) => [0x21, ...leb(i)];
  const stride = 16 * blocks;
  // Locals: params 0 codes, 1 n, 2 query, 3 out; then the query's lanes, four sums, the end.
  const q = (j: number) => 4 + j;
  const sum = (c: number) => 4 + blocks + c;
  const end = 4 + blocks + 4;
  const load = (offset: number) => simd(0x00, 4, ...leb(offset));
  /** i8x16.shuffle picking 32-bit lanes of the two operands (0–3 the first's, 4–7 the second's). */
  const lanes32 = (...ls: number[]) => simd(0x0d, ...ls.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
  const i32x4Add = simd(0xae);
  const body: number[] = [2, blocks + 4, 0x7b, 1, 0x7f];
  for (let j = 0; j < blocks; j++) body.push(...get(2), ...load(16 * j), ...set(q(j)));
  // end = codes + ceil(n / 4) * 4 * stride
  body.push(...get(0), ...get(1), 0x41, 3, 0x6a, 0x41, ...sleb(-4), 0x71, 0x41, ...sleb(stride), 0x6c, 0x6a);
  body.push(...set(end), 0x02, 0x40, ...get(0), ...get(end), 0x4f, 0x0d, 0, 0x03, 0x40);
  for (let c = 0; c < 4; c++) {
    // popcount(code XOR query) per byte, summed across blocks, widened to four u32 sums
    for (let j = 0; j < blocks; j++) {
      body.push(...get(0), ...load(c * stride + 16 * j), ...get(q(j)), ...simd(0x51), ...simd(0x62));
      if (j) body.push(...simd(0x6e));
    }
    body.push(...simd(0x7d), ...simd(0x7f), ...set(sum(c)));
  }
  // Transposed adds: [a0+a2, b0+b2, a1+a3, b1+b3] and the same for c, d; then [A, B, C, D].
  body.push(...get(sum(0)), ...get(sum(1)), ...lanes32(0, 4, 1, 5), ...get(sum(0)), ...get(sum(1)));
  body.push(...lanes32(2, 6, 3, 7), ...i32x4Add, ...set(sum(0)));
  body.push(...get(sum(2)), ...get(sum(3)), ...lanes32(0, 4, 1, 5), ...get(sum(2)), ...get(sum(3)));
  body.push(...lanes32(2, 6, 3, 7), ...i32x4Add, ...set(sum(2)));
  body.push(...get(sum(0)), ...get(sum(2)), ...lanes32(0, 1, 4, 5), ...get(sum(0)), ...get(sum(2)));
  body.push(...lanes32(2, 3, 6, 7), ...i32x4Add, ...set(sum(0)));
  // narrowed to u16 and the low 8 bytes stored at out
  body.push(...get(3), ...get(sum(0)), ...get(sum(0)), ...simd(0x86), ...simd(0x5b, 1, 0, 0));
  body.push(...get(3), 0x41, 8, 0x6a, ...set(3));
  body.push(...get(0), 0x41, ...sleb(4 * stride), 0x6a, 0x22, 0, ...get(end), 0x49, 0x0d, 0, 0x0b, 0x0b, 0x0b);
  return body;
}

/** WebAssembly's i32 value type. */
const I32 = 0x7f;

/** `histogram(dist, n, hist)`: hist[d] += 1 (u32) for each of the n u16 distances. */
function histogramBody(): number[] {
  // params 0 dist, 1 n, 2 hist; local 3 end, 4 slot
  return [
    ...[1, 2, I32],
    ...[0x20, 0, 0x20, 1, 0x41, 1, 0x74, 0x6a, 0x21, 3],
    ...[0x02, 0x40, 0x20, 0, 0x20, 3, 0x4f, 0x0d, 0, 0x03, 0x40],
    ...[0x20, 2, 0x20, 0, 0x2f, 1, 0, 0x41, 2, 0x74, 0x6a, 0x22, 4],
    ...[0x20, 4, 0x28, 2, 0, 0x41, 1, 0x6a, 0x36, 2, 0],
    ...[0x20, 0, 0x41, 2, 0x6a, 0x22, 0, 0x20, 3, 0x49, 0x0d, 0, 0x0b, 0x0b, 0x0b],
  ];
}

/**
 * `collect(dist, n, limit, out, quota) -> count`: writes (u32) the index of each distance below
 * `limit`, and of the first `quota` at it, to `out`.
 */
function collectBody(): number[] {
  // params 0 dist, 1 n, 2 limit, 3 out, 4 quota; locals 5 i, 6 d, 7 count
  const write = [0x20, 3, 0x20, 7, 0x41, 2, 0x74, 0x6a, 0x20, 5, 0x36, 2, 0, 0x20, 7, 0x41, 1, 0x6a, 0x21, 7];
  return [
    ...[1, 3, I32],
    ...[0x02, 0x40, 0x03, 0x40, 0x20, 5, 0x20, 1, 0x4f, 0x0d, 1],
    ...[0x20, 0, 0x20, 5, 0x41, 1, 0x74, 0x6a, 0x2f, 1, 0, 0x21, 6],
    ...[0x20, 6, 0x20, 2, 0x49, 0x04, 0x40, ...write, 0x05],
    ...[0x20, 6, 0x20, 2, 0x46, 0x20, 4, 0x41, 0, 0x4a, 0x71, 0x04, 0x40, ...write],
    ...[0x20, 4, 0x41, 1, 0x6b, 0x21, 4, 0x0b, 0x0b],
    ...[0x20, 5, 0x41, 1, 0x6a, 0x21, 5, 0x0c, 0, 0x0b, 0x0b, 0x20, 7, 0x0b],
  ];
}

/** The module: scan, histogram and collect over an imported memory. */
function module(blocks: number): Uint8Array<ArrayBuffer> {
  const fn = (b: number[]) => [...leb(b.length), ...b];
  const types = [
    3,
    0x60,
    4,
    I32,
    I32,
    I32,
    I32,
    0,
    0x60,
    3,
    I32,
    I32,
    I32,
    0,
    0x60,
    5,
    I32,
    I32,
    I32,
    I32,
    I32,
    1,
    I32,
  ];
  const exports = [3, ...name('scan'), 0, 0, ...name('histogram'), 0, 1, ...name('collect'), 0, 2];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, types),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0]),
    ...section(3, [3, 0, 1, 2]),
    ...section(7, exports),
    ...section(10, [3, ...fn(scanBody(blocks)), ...fn(histogramBody()), ...fn(collectBody())]),
  ]);
}

/** Writes the sign code of `v` into `out` (zeroed by the caller), one bit per dimension. */
export function signCode(v: ArrayLike<number>, out: Uint8Array): void {
  for (let i = 0; i < v.length; i++) if (v[i]! > 0) out[i >> 3]! |= 1 << (i & 7);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/**
 * Bytes of the prefix the first stage scans: 256 of the bits. A quarter of the memory traffic of
 * the whole code, which at 2 million codes is what a scan's time is (bench:query).
 */
const PREFIX_BYTES = 32;

/**
 * The codes of many vectors, each with a key (a chunk id), appended in order. A search scans the
 * first 256 bits of every code in WebAssembly, keeps the `survivors` nearest by them, and orders
 * those by the whole code's distance. Memory a vector: its code, 4 bytes of key, and a second
 * copy of the prefix with 2 bytes of distance in WebAssembly memory.
 */
export class SignCodes {
  /** Bytes of a whole code and of its scanned prefix. */
  readonly bytes: number;
  readonly prefix: number;
  private readonly memory: WebAssembly.Memory;
  private readonly wasm: {
    scan: (codes: number, n: number, query: number, out: number) => void;
    histogram: (dist: number, n: number, hist: number) => void;
    collect: (dist: number, n: number, limit: number, out: number, quota: number) => number;
  };
  private keys = new Uint32Array(1024);
  private full: Uint8Array;
  private n = 0;

  constructor(readonly dims: number) {
    const blocks = laneBlocks(dims);
    if (blocks > MAX_BLOCKS) throw new Error(`sign codes take at most ${MAX_BLOCKS * 128} dimensions, not ${dims}`);
    this.bytes = 16 * blocks;
    this.prefix = Math.min(this.bytes, PREFIX_BYTES);
    this.full = new Uint8Array(this.keys.length * this.bytes);
    this.memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(module(this.prefix / 16)), {
      env: { memory: this.memory },
    });
    this.wasm = instance.exports as unknown as typeof this.wasm;
  }

  get size(): number {
    return this.n;
  }

  /**
   * WebAssembly memory: the query's prefix, the n prefixes (and room for the scan's rounding up to
   * 4), then the distances, the histogram and the survivors, placed after them at each search.
   */
  private prefixAt(i: number): number {
    return this.prefix * (1 + i);
  }

  private scratch(survivors: number) {
    const dist = this.prefixAt(this.n + 4);
    const hist = dist + 2 * (this.n + 4) + 8 - ((2 * (this.n + 4)) % 8);
    const out = hist + 4 * (8 * this.prefix + 1);
    return { dist, hist, out, end: out + 4 * survivors };
  }

  private reserve(n: number): void {
    const need = this.prefixAt(n + 4) + 4 * (n + 4);
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((Math.max(need, have * 1.25) - have) / PAGE));
    if (n > this.keys.length) {
      const size = Math.max(n, Math.ceil(this.keys.length * 1.5));
      const keys = new Uint32Array(size);
      keys.set(this.keys.subarray(0, this.n));
      this.keys = keys;
      const full = new Uint8Array(size * this.bytes);
      full.set(this.full.subarray(0, this.n * this.bytes));
      this.full = full;
    }
  }

  /** Appends the code of a vector (of `dims` values) under `key`. */
  add(key: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dims) throw new Error(`a vector of ${vector.length} values, not ${this.dims}`);
    this.reserve(this.n + 1);
    const code = this.full.subarray(this.n * this.bytes, (this.n + 1) * this.bytes);
    code.fill(0);
    signCode(vector, code);
    new Uint8Array(this.memory.buffer, this.prefixAt(this.n), this.prefix).set(code.subarray(0, this.prefix));
    this.keys[this.n++] = key;
  }

  /** Appends codes already made (as `saved()` gives them), for loading a saved file. */
  addCodes(keys: Uint32Array, codes: Uint8Array): void {
    if (codes.length !== keys.length * this.bytes) throw new Error('codes and keys do not match in number');
    this.reserve(this.n + keys.length);
    this.full.set(codes, this.n * this.bytes);
    const memory = new Uint8Array(this.memory.buffer);
    for (let i = 0; i < keys.length; i++)
      memory.set(codes.subarray(i * this.bytes, i * this.bytes + this.prefix), this.prefixAt(this.n + i));
    this.keys.set(keys, this.n);
    this.n += keys.length;
  }

  /** The keys and codes from index `from` on, for saving. */
  saved(from = 0): { keys: Uint32Array; codes: Uint8Array } {
    return {
      keys: this.keys.subarray(from, this.n),
      codes: this.full.subarray(from * this.bytes, this.n * this.bytes),
    };
  }

  private queryCode(query: ArrayLike<number>): Uint8Array {
    if (query.length !== this.dims) throw new Error(`a query of ${query.length} values, not ${this.dims}`);
    const code = new Uint8Array(this.bytes);
    signCode(query, code);
    new Uint8Array(this.memory.buffer, 0, this.prefix).set(code.subarray(0, this.prefix));
    return code;
  }

  /** The first stage alone: each code's prefix distance to the query's, in the order added. */
  prefixDistances(query: ArrayLike<number>): Uint16Array {
    this.queryCode(query);
    const { dist } = this.scratch(0);
    this.wasm.scan(this.prefixAt(0), this.n, 0, dist);
    return new Uint16Array(this.memory.buffer, dist, this.n).slice();
  }

  /**
   * The keys of the `k` codes nearest the query's by the whole code, among the `survivors`
   * nearest by the prefix; nearest first, ties in the order added. With survivors ≥ size, exact.
   */
  nearest(query: ArrayLike<number>, k: number, survivors: number): number[] {
    const code = this.queryCode(query);
    const n = this.n;
    const s = this.scratch(survivors);
    if (s.end > this.memory.buffer.byteLength)
      this.memory.grow(Math.ceil((s.end - this.memory.buffer.byteLength) / PAGE));
    let picked: ArrayLike<number>;
    if (survivors >= n) picked = Uint32Array.from({ length: n }, (_, i) => i);
    else {
      this.wasm.scan(this.prefixAt(0), n, 0, s.dist);
      const hist = new Uint32Array(this.memory.buffer, s.hist, 8 * this.prefix + 1);
      hist.fill(0);
      this.wasm.histogram(s.dist, n, s.hist);
      let limit = 0;
      let below = 0;
      for (; below + hist[limit]! < survivors; limit++) below += hist[limit]!;
      const count = this.wasm.collect(s.dist, n, limit, s.out, survivors - below);
      picked = new Uint32Array(this.memory.buffer, s.out, count);
    }
    const q = new Uint32Array(code.buffer);
    const words = this.bytes / 4;
    const all = new Uint32Array(this.full.buffer, 0, this.n * words);
    // distance · 2^32 + index: exact in a double, so one typed-array sort orders them
    const scored = new Float64Array(picked.length);
    for (let p = 0; p < picked.length; p++) {
      const i = picked[p]!;
      let d = 0;
      for (let w = 0, at = i * words; w < words; w++) d += popcount(all[at + w]! ^ q[w]!);
      scored[p] = d * 2 ** 32 + i;
    }
    scored.sort();
    return Array.from(scored.subarray(0, k), (x) => this.keys[x % 2 ** 32]!);
  }
}
