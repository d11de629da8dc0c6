import { describe, expect, it } from 'vitest';
import { parsedSample } from '../../ingest/test-support/samples.ts';
import { CHUNK_MAX, CHUNK_OVERLAP, proseChunks, sentences, tableRowChunks } from './chunk.ts';

const huamachi = parsedSample('000_02e80cf19b94c8cc.txt');
const nanjiao = parsedSample('003_795117ff85927c6d.txt');

describe('sentences', () => {
  it('ends each sentence after its punctuation or line, trimmed', () => {
    const text =
      '（二）依申请公开\n共接到依申请公开办件4件，按要求答复3件，1件转接至2022年答复。 建立健全机制；安排专人承办。';
    expect(sentences(text, 0, text.length).map(([s, e]) => text.slice(s, e))).toEqual([
      '（二）依申请公开',
      '共接到依申请公开办件4件，按要求答复3件，1件转接至2022年答复。',
      '建立健全机制；',
      '安排专人承办。',
    ]);
  });
});

describe('proseChunks on the samples', () => {
  for (const r of [huamachi, nanjiao]) {
    it(`${r.org}: sized, inside one leaf section, never in the tables`, () => {
      const chunks = proseChunks(r.text, r.sections);
      expect(chunks.length).toBeGreaterThan(3);
      const tables = r.sections.filter((s) => s.depth === 1 && ['二', '三', '四'].includes(s.num));
      for (const c of chunks) {
        expect(c.kind).toBe('prose');
        expect(c.end - c.start).toBeLessThanOrEqual(CHUNK_MAX * 1.5);
        expect(tables.some((t) => c.start < t.end && c.end > t.start)).toBe(false);
        const text = r.text.slice(c.start, c.end);
        expect(text).toBe(text.trim());
        // A subsection's chunk stays inside it.
        const leaf = r.sections.find((s) => s.path === c.section);
        if (leaf) expect(c.start >= leaf.start && c.end <= leaf.end).toBe(true);
      }
      expect(chunks[0]!.section).toBe('标题与导语');
    });
  }

  it('every prose sentence of 南郊镇 lands in a chunk, with its section path', () => {
    const chunks = proseChunks(nanjiao.text, nanjiao.sections);
    const at = nanjiao.text.indexOf('同时，利用微信公众号：幸福南郊微信公众号平台公开信息429条。');
    const holding = chunks.filter((c) => c.start <= at && c.end > at);
    expect(holding.map((c) => c.section)).toEqual(['一、总体情况 > （一）主动公开']);
    const problems = nanjiao.text.indexOf('主要存在的问题是');
    expect(chunks.find((c) => c.start <= problems && c.end > problems)!.section).toBe('五、存在的主要问题及改进情况');
  });

  it('consecutive chunks of one section overlap by whole sentences of at most 40 characters', () => {
    expect(CHUNK_OVERLAP).toBe(40);
    let overlaps = 0;
    for (const r of [huamachi, nanjiao]) {
      const chunks = proseChunks(r.text, r.sections);
      for (let i = 1; i < chunks.length; i++) {
        const [a, b] = [chunks[i - 1]!, chunks[i]!];
        if (a.section !== b.section || b.start >= a.end) continue;
        overlaps++;
        expect(a.end - b.start).toBeLessThanOrEqual(40);
        // The repeated tail starts a sentence of the chunk before.
        expect(sentences(r.text, a.start, a.end).some(([s]) => s === b.start)).toBe(true);
      }
    }
    expect(overlaps).toBeGreaterThan(0);
  });
});

describe('tableRowChunks', () => {
  it('one chunk per group of printed rows, quoting the rows and indexed by the labels', () => {
    const chunks = tableRowChunks(huamachi.cells);
    const enforce = chunks.find((c) => c.indexText?.includes('行政处罚'))!;
    expect(enforce).toMatchObject({
      kind: 'table',
      section: '表二 主动公开政府信息情况',
      indexText: '表二 主动公开政府信息情况 行政处罚 行政强制',
    });
    expect(huamachi.text.slice(enforce.start, enforce.end)).toContain('行政处罚\t1319\t\t\n行政强制\t1');
    const t4 = chunks.filter((c) => c.section.startsWith('表四'));
    expect(t4).toHaveLength(1);
    // Figures are answered from cells: none is in the indexed text.
    for (const c of chunks) expect(c.indexText).not.toMatch(/\d{2,}/);
  });

  it('cells without a position (missing rows) give no chunk', () => {
    expect(tableRowChunks(huamachi.cells.map((c) => ({ ...c, start: null, end: null })))).toEqual([]);
  });
});
