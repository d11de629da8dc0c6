import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSource } from '../ingest/read/index.ts';
import { listReportFiles } from '../src/adapters/node/ingest/ingest-files.ts';
import { createNodeDeps } from '../src/adapters/node/deps.ts';
import { ask } from '../src/qa/ask.ts';
import { ROOT, SAMPLES, sampleDb } from './corpora.ts';
import { loadQuestions } from './runner.ts';

const HUAIAN = join(ROOT, 'corpus', 'real', 'huaian_2024_szfgs2024.pdf');
const HAN = /\p{Script=Han}/u;

/**
 * Where a source file's line break split a sentence: the line before holds prose punctuation
 * and ends on a Han character, the line after (past one blank line, a page break) starts on one
 * and is no heading or list item (一、 一是 第…条). Neither is a table row. Each seam is the two
 * characters either side of the break.
 */
function seams(raw: string): { tail: string; head: string }[] {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u3000]+$/, ''));
  const out: { tail: string; head: string }[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i]!;
    const b = lines[i + 1] === '' ? (lines[i + 2] ?? '') : lines[i + 1]!;
    if (a.includes('\t') || b.includes('\t') || !/[，,。；;]/.test(a)) continue;
    if (!HAN.test(a.slice(-1)) || !HAN.test(b.charAt(0)) || /^(?:[一二三四五六七八九十]+(?:[、.．]|是)|第)/.test(b))
      continue;
    out.push({ tail: a.slice(-2), head: b.slice(0, 2) });
  }
  return out;
}

/** The narrative questions, and the hold-out ones about text broken across lines. */
const SETS = [join(ROOT, 'eval', 'questions', 'narrative.jsonl'), join(ROOT, 'eval', 'holdout', 'reflow.jsonl')];

describe('quotes are not cut where a line break split a sentence (samples and the 淮安 PDF)', async () => {
  const files = [...listReportFiles([SAMPLES]), HUAIAN];
  const all = (await Promise.all(files.map(async (f) => seams((await readSource(f, readFileSync(f))).raw)))).flat();
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'reflow-')), [HUAIAN]);
  const deps = await createNodeDeps(db, {});
  afterAll(() => deps.close());

  it('finds the seams the sources have (花马池镇 干|部, the 淮安 PDF hard-wrapped)', () => {
    expect(all).toContainEqual({ tail: '村干', head: '部对' });
    expect(all.length).toBeGreaterThan(30);
  });

  it('no quote starts or ends at a seam', async () => {
    const cut: string[] = [];
    let quotes = 0;
    for (const set of SETS)
      for (const q of loadQuestions(set)) {
        const a = await ask(deps, q.question, []);
        for (const c of a.citations) {
          if (c.cell) continue;
          const text = (await deps.store.reportText(c.reportId))!;
          expect(text.slice(c.start, c.end)).toBe(c.quote);
          quotes++;
          const before = text.slice(0, c.start).replace(/\s+$/, '');
          const after = text.slice(c.end).replace(/^\s+/, '');
          for (const { tail, head } of all) {
            if (before.endsWith(tail) && c.quote.startsWith(head)) cut.push(`${q.id} starts at ${tail}|${head}`);
            if (c.quote.endsWith(tail) && after.startsWith(head)) cut.push(`${q.id} ends at ${tail}|${head}`);
          }
        }
      }
    expect(quotes).toBeGreaterThan(300);
    expect(cut).toEqual([]);
  });
});
