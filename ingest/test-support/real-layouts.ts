/**
 * Real reports in layouts the parser was not written for (ingest/fixtures/real-layouts, see its
 * SOURCES.tsv): each file with its family, its split (dev: looked at while building; holdout:
 * only measured) and the hand-read gold it is scored against.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseText } from '../pipeline.ts';
import { type Gold, goldCells, loadGold, PINGTAN_GOLD_DIR } from './gold.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REAL_LAYOUTS_DIR = join(ROOT, 'ingest', 'fixtures', 'real-layouts');

export interface RealLayout {
  file: string;
  family: string;
  split: 'dev' | 'holdout';
  gold: Gold;
  /** The file's text as a reader would hand it to the pipeline. */
  raw: string;
}

export function realLayouts(): RealLayout[] {
  const lines = readFileSync(join(REAL_LAYOUTS_DIR, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [file, family, split, gold] = line.split('\t') as [string, string, RealLayout['split'], string];
    const path = file.startsWith('corpus/') ? join(ROOT, file) : join(REAL_LAYOUTS_DIR, file);
    // Gold kept beside the fixtures (tables made for a rendered report) is named by its path there.
    const g = gold.startsWith('pingtan')
      ? (JSON.parse(readFileSync(join(PINGTAN_GOLD_DIR, gold), 'utf8')) as Gold)
      : gold.endsWith('.json')
        ? (JSON.parse(readFileSync(join(REAL_LAYOUTS_DIR, gold), 'utf8')) as Gold)
        : loadGold(gold);
    return { file, family, split, gold: g, raw: readFileSync(path, 'utf8') };
  });
}

export interface LayoutScore {
  file: string;
  cells: number;
  exact: number;
  /** Cells read as a number the gold does not have: the one outcome never allowed. */
  wrong: string[];
  /** Wrong cells whose row the report itself flags with a FAIL (a misprinted or misread source). */
  flagged: string[];
  /** Cells NULL where the gold has a number, with no FAIL naming them: a loss nobody is told of. */
  unflaggedNull: string[];
}

/** Parses a real file and scores its canonical cells against the gold. */
export function scoreLayout(l: RealLayout): LayoutScore {
  const r = parseText(l.file, 'txt', l.raw);
  const got = new Map(r.cells.map((c) => [c.key, c.value]));
  const want = goldCells(l.gold);
  const keys = Object.keys(want);
  const failed = new Set(r.validation.filter((v) => v.status === 'FAIL').flatMap((v) => v.cells));
  const wrong = keys.filter((k) => (got.get(k) ?? null) !== null && got.get(k) !== want[k]);
  return {
    file: l.file,
    cells: keys.length,
    exact: keys.filter((k) => (got.get(k) ?? null) === want[k]).length,
    wrong: wrong.map((k) => `${k}: got ${got.get(k)}, want ${want[k]}`),
    flagged: wrong.filter((k) => failed.has(k)),
    unflaggedNull: keys.filter((k) => (got.get(k) ?? null) === null && want[k] !== null && !failed.has(k)),
  };
}
