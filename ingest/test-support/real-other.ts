/**
 * Real reports from other governments (ingest/fixtures/real-other, sources in its SOURCES.tsv):
 * metadata and split in expected.tsv, the table cells each file shows in gold/<file>.json.
 * `npx tsx ingest/test-support/real-other.ts [split]` (one of SPLITS, or none for all) prints each file's score and the totals.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { T2_ROWS, T3_ROWS, T4_BLOCKS, T4_COLS, type TemplateVersion } from '../../src/domain/catalogue.ts';
import { IngestError } from '../errors.ts';
import { parseReport } from '../pipeline.ts';

export const REAL_OTHER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'real-other');

const FIELDS = ['org', 'region', 'level', 'year', 'template'] as const;
type Field = (typeof FIELDS)[number];

/** The splits, in the order they were made: new, s5… are files found after the first measure, each a further hold-out. */
export const SPLITS = [
  'dev',
  'holdout',
  'new',
  's5',
  's6',
  's7',
  's8',
  's9',
  's10',
  's11',
  's12',
  's13',
  's14',
  's15',
  's16',
] as const;

export interface OtherCase {
  file: string;
  split: (typeof SPLITS)[number];
  want: Record<Field, string | null>;
  /** The cells the file shows, by canonical key (null: blank, "/" or "-" in the source). */
  cells: Record<string, number | null>;
}

interface GoldRows {
  t2?: Record<string, (number | null)[]>;
  t3?: Record<string, (number | null)[]>;
  t4?: (number | null)[];
}

/** A gold file's rows as canonical cell keys; a row a truncated page never reaches is absent. */
function goldKeys(file: string, g: GoldRows, template: TemplateVersion): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const put = (
    table: string,
    rows: { key: string; cols: string[] }[],
    vals: Record<string, (number | null)[]> = {},
  ) => {
    for (const [key, v] of Object.entries(vals)) {
      const row = rows.find((r) => r.key === key);
      if (!row || row.cols.length !== v.length)
        throw new Error(`gold ${file}: ${table}.${key} does not fit the template`);
      for (const [i, c] of row.cols.entries()) out[`${table}.${key}.${c}`] = v[i]!;
    }
  };
  put('t2', T2_ROWS[template], g.t2);
  put('t3', T3_ROWS[template], g.t3);
  const t4Keys = T4_BLOCKS.flatMap((b) => T4_COLS.map((c) => `t4.${b.key}.${c.key}`));
  for (const [i, v] of (g.t4 ?? []).entries()) out[t4Keys[i]!] = v;
  return out;
}

export function realOtherCases(): OtherCase[] {
  const [, ...rows] = readFileSync(join(REAL_OTHER_DIR, 'expected.tsv'), 'utf8').trimEnd().split('\n');
  return rows.map((line) => {
    const [file, split, ...vals] = line.split('\t') as [string, OtherCase['split'], ...string[]];
    const want = Object.fromEntries(FIELDS.map((f, i) => [f, vals[i] === '-' ? null : vals[i]!])) as OtherCase['want'];
    const goldFile = join(REAL_OTHER_DIR, 'gold', `${file}.json`);
    const template = want.template as TemplateVersion;
    const cells = existsSync(goldFile)
      ? goldKeys(file, JSON.parse(readFileSync(goldFile, 'utf8')) as GoldRows, template)
      : {};
    return { file, split, want, cells };
  });
}

export interface OtherScore {
  file: string;
  split: OtherCase['split'];
  refused: string | null;
  /** Metadata fields read wrong, as "field: got ≠ want". */
  metaWrong: string[];
  /** Gold cells (values shown in the file, blanks included). */
  cells: number;
  exact: number;
  /** Gold cells holding a number that were read as NULL. */
  missed: number;
  /** A number where the file shows another number, or none: the outcome never allowed. */
  wrong: string[];
}

export async function scoreOther(c: OtherCase): Promise<OtherScore> {
  const base = { file: c.file, split: c.split, cells: Object.keys(c.cells).length };
  let r: Awaited<ReturnType<typeof parseReport>>;
  try {
    r = await parseReport(c.file, readFileSync(join(REAL_OTHER_DIR, c.file)));
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    return { ...base, refused: e.message, metaWrong: ['refused'], exact: 0, missed: 0, wrong: [] };
  }
  const got = new Map(r.cells.map((x) => [x.key, x.value]));
  const metaWrong = FIELDS.filter((f) => (r[f] === null ? null : String(r[f])) !== c.want[f]).map(
    (f) => `${f}: ${r[f]} ≠ ${c.want[f]}`,
  );
  const keys = Object.keys(c.cells);
  const wrong = [
    ...keys.filter((k) => (got.get(k) ?? null) !== null && got.get(k) !== c.cells[k]),
    // A number for a cell the file does not show was made up.
    ...[...got].filter(([k, v]) => v !== null && !(k in c.cells)).map(([k]) => k),
  ];
  return {
    ...base,
    refused: null,
    metaWrong,
    exact: keys.filter((k) => (got.get(k) ?? null) === c.cells[k]).length,
    missed: keys.filter((k) => c.cells[k] !== null && (got.get(k) ?? null) === null).length,
    wrong: wrong.map((k) => `${k}: got ${got.get(k)}, want ${k in c.cells ? c.cells[k] : 'none'}`),
  };
}

export function summarise(scores: OtherScore[]): string {
  const sum = (f: (s: OtherScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  return [
    `files ${scores.length}, metadata right ${scores.filter((s) => s.metaWrong.length === 0).length}`,
    `refused ${scores.filter((s) => s.refused).length}`,
    `cells ${sum((s) => s.cells)}: exact ${sum((s) => s.exact)}, NULL for a number ${sum((s) => s.missed)}`,
    `wrong ${sum((s) => s.wrong.length)}`,
  ].join('; ');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv[2];
  const scores = await Promise.all(
    realOtherCases()
      .filter((c) => !only || c.split === only)
      .map(scoreOther),
  );
  for (const s of scores)
    console.log(
      `${s.split.padEnd(7)} ${s.file}: ${s.refused ? `REFUSED (${s.refused})` : `${s.exact}/${s.cells} exact, ${s.missed} NULL`}` +
        `${s.metaWrong.length ? ` | meta ${s.metaWrong.join('; ')}` : ''}${s.wrong.length ? ` | WRONG ${s.wrong.join('; ')}` : ''}`,
    );
  for (const split of SPLITS) {
    const part = scores.filter((s) => s.split === split);
    if (part.length) console.log(`${split}: ${summarise(part)}`);
  }
}
