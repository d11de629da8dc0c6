import { describe, expect, it } from 'vitest';
import { parsedSample } from '../../ingest/test-support/samples.ts';
import { proseChunks } from './chunk.ts';
import {
  cellOf,
  factsOf,
  inPieces,
  lexicalSearch,
  passagesOf,
  reportFilterSql,
  type LexicalSource,
} from './lexical.ts';

describe('reportFilterSql', () => {
  it('binds every value; no filter is "1"', () => {
    expect(reportFilterSql({})).toEqual({ where: '1', params: [] });
    expect(
      reportFilterSql({ org: ['花马池镇', '南郊镇'], year: [2021], region: '盐池县', level: '乡镇/街道' }),
    ).toEqual({
      where: 'r.org IN (?, ?) AND r.year IN (?) AND instr(r.region, ?) > 0 AND r.level = ?',
      params: ['花马池镇', '南郊镇', 2021, '盐池县', '乡镇/街道'],
    });
  });

  it('a list longer than 45 is one JSON array parameter (D1 takes at most 100)', () => {
    const orgs = Array.from({ length: 46 }, (_, i) => `第${i}镇`);
    const f = reportFilterSql({ org: orgs });
    expect(f.where).toBe('r.org IN (SELECT value FROM json_each(?))');
    expect(f.params).toEqual([JSON.stringify(orgs)]);
  });
});

describe('inPieces and cellOf', () => {
  it('splits a list into pieces of n, in order', () => {
    expect(inPieces([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inPieces([], 2)).toEqual([]);
  });

  it('reads a cell’s table, row and column from its key', () => {
    expect(
      cellOf({ key: 't2.penalty.decisions', value: 1319, raw: '1319', unit: '件', status: 'ok', start: 10, end: 20 }),
    ).toMatchObject({ table: 't2', row: 'penalty', col: 'decisions', value: 1319 });
  });
});

/**
 * An in-memory LexicalSource over two sample reports (南郊镇 = 1, 花马池镇 = 2) and their prose
 * chunks: it answers the few read queries the shared code issues, by their shape.
 */
function memorySource() {
  const reports = [parsedSample('003_795117ff85927c6d.txt'), parsedSample('000_02e80cf19b94c8cc.txt')].map((r, i) => ({
    id: i + 1,
    r,
  }));
  const chunks = reports.flatMap(({ id, r }) => proseChunks(r.text, r.sections).map((c) => ({ ...c, report_id: id })));
  const rows = chunks.map((c, i) => ({
    id: i + 1,
    report_id: c.report_id,
    section: c.section,
    start: c.start,
    end: c.end,
  }));
  const textOf = (id: number) => reports.find((x) => x.id === id)!.r.text;
  const queries: string[] = [];
  const src: LexicalSource = {
    async reportText(id) {
      return reports.find((x) => x.id === id)?.r.text ?? null;
    },
    async all<T>(sql: string, params: unknown[]): Promise<T[]> {
      queries.push(sql);
      const orgOk = (reportId: number) =>
        !/r\.org IN/.test(sql) || params.includes(reports.find((x) => x.id === reportId)!.r.org);
      if (sql.startsWith('SELECT COUNT(*) AS n FROM chunks')) return [{ n: rows.length }] as T[];
      if (sql.startsWith('SELECT term, doc FROM chunks_vocab')) {
        return (params as string[]).map((term) => ({
          term,
          doc: rows.filter((c) => textOf(c.report_id).slice(c.start, c.end).includes(term)).length,
        })) as T[];
      }
      if (sql.startsWith('SELECT c.id, c.report_id')) return rows.filter((c) => orgOk(c.report_id)) as T[];
      if (sql.startsWith('SELECT id, report_id, section, start, end FROM chunks WHERE id IN'))
        return rows.filter((c) => params.includes(c.id)) as T[];
      if (sql.includes('FROM facts f')) {
        return reports
          .filter((x) => orgOk(x.id))
          .flatMap(({ id, r }) =>
            r.facts.map((f) => ({
              report_id: id,
              value: f.value,
              unit: f.unit,
              approx: f.approx ? 1 : 0,
              subject: f.subject,
              start: f.start,
              end: f.end,
              sentence_start: f.sentenceStart,
              sentence_end: f.sentenceEnd,
            })),
          ) as T[];
      }
      throw new Error(`unexpected query: ${sql}`);
    },
  };
  return { src, rows, textOf, queries };
}

describe('lexicalSearch for a named org (BM25 computed over its chunks)', () => {
  it('ranks the 南郊镇 chunk about its WeChat account first and reads only that org’s chunks', async () => {
    const { src, rows, textOf } = memorySource();
    const hits = await lexicalSearch(src, { words: ['微信公众号'], bigrams: [] }, { org: ['南郊镇'] }, 3);
    expect(hits.length).toBeGreaterThan(0);
    const top = rows.find((c) => c.id === hits[0]!.chunkId)!;
    expect(top.report_id).toBe(1);
    expect(textOf(1).slice(top.start, top.end)).toContain('幸福南郊微信公众号平台公开信息429条');
    expect(hits.every((h) => rows.find((c) => c.id === h.chunkId)!.report_id === 1)).toBe(true);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('a term in no chunk finds nothing; no terms, no query at all', async () => {
    const { src, queries } = memorySource();
    expect(await lexicalSearch(src, { words: ['红烧肉'], bigrams: [] }, { org: ['南郊镇'] }, 3)).toEqual([]);
    const before = queries.length;
    expect(await lexicalSearch(src, { words: [], bigrams: [] }, {}, 3)).toEqual([]);
    expect(queries.length).toBe(before);
  });
});

describe('passagesOf and factsOf', () => {
  it('passages come in the order asked, quoting their report', async () => {
    const { src, rows, textOf } = memorySource();
    const ids = [rows.at(-1)!.id, rows[0]!.id, 99_999];
    const passages = await passagesOf(src, ids);
    expect(passages.map((p) => p.chunkId)).toEqual(ids.slice(0, 2));
    for (const p of passages) expect(p.text).toBe(textOf(p.reportId).slice(p.start, p.end));
  });

  it('facts carry their sentence, sliced from the report text', async () => {
    const { src } = memorySource();
    const facts = await factsOf(src, { org: ['南郊镇'] });
    const wechat = facts.find((f) => f.value === 429)!;
    expect(wechat).toMatchObject({ reportId: 1, unit: '条', approx: false });
    expect(wechat.sentence).toBe('同时，利用微信公众号：幸福南郊微信公众号平台公开信息429条。');
    expect(facts.every((f) => f.reportId === 1)).toBe(true);
  });
});
