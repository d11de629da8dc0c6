import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { T2_ROWS, T3_ROWS, T4_BLOCKS, T4_COLS, type TemplateVersion } from '../../src/domain/catalogue.ts';

export const GOLD_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'gold');
/** Cells of the 平潭 crawler dumps read by hand from the source pages. */
export const PINGTAN_GOLD_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'gold-pingtan');
export const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus', 'samples');
/** Harder real inputs (a text PDF, glued-digit crawler dumps, a blank template): see its SOURCES.tsv. */
export const REAL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus', 'real');

export interface Gold {
  file: string;
  title: string;
  org: string;
  region: string | null;
  level: string;
  year: number;
  template: TemplateVersion;
  published: string | null;
  t2?: Record<string, (number | null)[]>;
  t3: Record<string, (number | null)[]>;
  t4: (number | null)[];
}

export function loadGold(file: string): Gold {
  return JSON.parse(readFileSync(join(GOLD_DIR, `${file}.json`), 'utf8')) as Gold;
}

export function goldFiles(): string[] {
  return readdirSync(GOLD_DIR).map((f) => f.replace(/\.json$/, ''));
}

/** The gold tables as canonical cell keys, the same shape `npm run export` gives. */
export function goldCells(g: Gold): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const put = (table: string, rows: { key: string; cols: string[] }[], values: Record<string, (number | null)[]>) => {
    for (const row of rows) {
      const vals = values[row.key];
      if (!vals || vals.length !== row.cols.length)
        throw new Error(`gold ${g.file}: ${table}.${row.key} has ${vals?.length} values`);
      for (const [i, c] of row.cols.entries()) out[`${table}.${row.key}.${c}`] = vals[i]!;
    }
  };
  if (g.t2) put('t2', T2_ROWS[g.template], g.t2);
  put('t3', T3_ROWS[g.template], g.t3);
  const t4Keys = T4_BLOCKS.flatMap((b) => T4_COLS.map((c) => `t4.${b.key}.${c.key}`));
  for (const [i, k] of t4Keys.entries()) out[k] = g.t4[i]!;
  return out;
}
