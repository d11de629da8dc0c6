/**
 * The metadata hold-out: real report texts in layouts the parser was not tuned on
 * (ingest/fixtures/real-meta, sources in its SOURCES.tsv) with the org, region, level, year and
 * template read by hand (expected.tsv; "-" is none, org REFUSED a file that is not a report).
 * `npx tsx ingest/test-support/real-meta.ts [b]` prints each file's result and the score (b: hold-out B).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IngestError } from '../errors.ts';
import { parseText } from '../pipeline.ts';
import { formatOf } from '../read/index.ts';

export const REAL_META_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'real-meta');
/** A second hold-out, gathered after the parser was written and measured without tuning to it. */
export const REAL_META_B_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'real-meta-b');

const FIELDS = ['org', 'region', 'level', 'year', 'template'] as const;
type Field = (typeof FIELDS)[number];
export type MetaRow = Record<Field, string | null>;

export interface MetaCase {
  file: string;
  /** null: the file is not a report and must be refused. */
  want: MetaRow | null;
}

export function realMetaCases(dir = REAL_META_DIR): MetaCase[] {
  const [, ...rows] = readFileSync(join(dir, 'expected.tsv'), 'utf8').trimEnd().split('\n');
  return rows.map((line) => {
    const [file, ...vals] = line.split('\t');
    if (vals[0] === 'REFUSED') return { file: file!, want: null };
    return {
      file: file!,
      want: Object.fromEntries(FIELDS.map((f, i) => [f, vals[i] === '-' ? null : vals[i]!])) as MetaRow,
    };
  });
}

/** What ingest makes of one case: its metadata as strings, or the reason it was refused. */
export function readCase(file: string, dir = REAL_META_DIR): { got: MetaRow | null; refusal: string | null } {
  const raw = readFileSync(join(dir, file), 'utf8');
  try {
    const r = parseText(file, formatOf(file) ?? 'txt', raw);
    const got = Object.fromEntries(FIELDS.map((f) => [f, r[f] === null ? null : String(r[f])])) as MetaRow;
    return { got, refusal: null };
  } catch (e) {
    if (e instanceof IngestError) return { got: null, refusal: e.message };
    throw e;
  }
}

export function scoreRealMeta(dir = REAL_META_DIR): {
  right: number;
  total: number;
  refused: string[];
  lines: string[];
} {
  let right = 0;
  const refused: string[] = [];
  const lines: string[] = [];
  const cases = realMetaCases(dir);
  for (const { file, want } of cases) {
    const { got, refusal } = readCase(file, dir);
    if (refusal) refused.push(file);
    const ok = want === null ? got === null : got !== null && FIELDS.every((f) => got[f] === want[f]);
    if (ok) right++;
    const diff = want && got ? FIELDS.filter((f) => got[f] !== want[f]).map((f) => `${f}: ${got[f]} ≠ ${want[f]}`) : [];
    lines.push(`${ok ? 'ok  ' : 'FAIL'} ${file}${refusal ? ` refused: ${refusal}` : ''} ${diff.join('; ')}`);
  }
  return { right, total: cases.length, refused, lines };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { right, total, refused, lines } = scoreRealMeta(process.argv[2] === 'b' ? REAL_META_B_DIR : REAL_META_DIR);
  console.log(lines.join('\n'));
  console.log(`metadata right on ${right}/${total} hold-out files; refused: ${refused.length} (${refused.join(', ')})`);
}
