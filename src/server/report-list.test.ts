/**
 * GET /api/reports over a corpus longer than a page: the order the page shows, pages that add up
 * to the whole list, the text filter taken literally, and the count by year.
 */
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../eval/generator/corpus.ts';
import { ingestBytes } from '../adapters/node/ingest/ingest-files.ts';
import { indexingFromEnv } from '../adapters/node/indexing.ts';
import { sampleApp } from '../adapters/node/sample-app.ts';

interface Listed {
  id: number;
  title: string;
  org: string | null;
  region: string | null;
  year: number | null;
}
interface Page {
  total: number;
  limit: number;
  offset: number;
  years: { year: number | null; count: number }[];
  reports: Listed[];
}

describe('the report list over 35 reports', async () => {
  const { db, make } = await sampleApp();
  const indexing = await indexingFromEnv({});
  for await (const g of generateCorpus({ seed: 11, orgs: 10, years: [2021, 2022, 2023], layouts: ['tabs'] })) {
    const r = await ingestBytes(db, `gen:${g.name}`, g.name, g.bytes, indexing);
    if (r.outcome !== 'added') throw new Error(`${g.name}: ${r.outcome} ${r.error ?? ''}`);
  }
  // A report without a year, and titles holding LIKE's wildcards, which the filter must take as text.
  db.prepare("UPDATE reports SET year = NULL WHERE org = '伊川县葛寨镇'").run();
  db.prepare("UPDATE reports SET title = '完成率100%的报告' WHERE org = '南郊镇'").run();
  db.prepare("UPDATE reports SET title = 'a_b 报告' WHERE org = '利通区古城镇'").run();
  const app = make();
  const get = async (query: string) => {
    const res = await app.request(`/api/reports?${query}`);
    expect(res.status, query).toBe(200);
    return (await res.json()) as Page;
  };
  const all = await get('limit=100');

  it('lists newest year first, reports without a year last, then by org and id', () => {
    expect(all.total).toBe(35);
    expect(all.reports).toHaveLength(35);
    const key = (r: Listed) => [r.year === null ? 1 : 0, -(r.year ?? 0), r.org ?? '', r.id] as const;
    const sorted = [...all.reports].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return 0;
    });
    expect(all.reports.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    expect(all.reports[0]!.year).toBe(2024);
    expect(all.reports.at(-1)).toMatchObject({ org: '伊川县葛寨镇', year: null });
  });

  it('pages concatenate to the whole list, each report once, whatever the page size', async () => {
    for (const limit of [1, 4, 7, 20]) {
      const ids: number[] = [];
      for (let offset = 0; offset < all.total; offset += limit) {
        const page = await get(`limit=${limit}&offset=${offset}`);
        expect(page).toMatchObject({ total: 35, limit, offset });
        expect(page.reports.length).toBe(Math.min(limit, 35 - offset));
        ids.push(...page.reports.map((r) => r.id));
      }
      expect(ids, `limit ${limit}`).toEqual(all.reports.map((r) => r.id));
    }
    expect((await get('offset=35')).reports).toEqual([]);
  });

  it('q finds text in the org, region or title, taken literally', async () => {
    const expectMatches = async (q: string) => {
      const page = await get(`q=${encodeURIComponent(q)}`);
      const want = all.reports.filter((r) => [r.org, r.region, r.title].some((s) => s?.includes(q.trim())));
      expect(
        page.reports.map((r) => r.id),
        q,
      ).toEqual(want.map((r) => r.id));
      expect(page.total, q).toBe(want.length);
      return page;
    };
    const gen = all.reports.find((r) => r.region && /市/.test(r.region) && r.org !== '利通区古城镇')!;
    expect((await expectMatches(gen.org!)).total).toBe(3); // an org: its three years
    expect((await expectMatches(gen.region!.slice(0, 3))).total).toBeGreaterThan(3); // the generated city
    expect((await expectMatches('盐池县')).total).toBe(1); // a region only
    expect((await expectMatches(' 2023年政府 ')).total).toBe(10); // a title, trimmed (the generated 2023 reports)
    expect((await expectMatches('%')).reports.map((r) => r.org)).toEqual(['南郊镇']);
    expect((await expectMatches('100%')).total).toBe(1);
    expect((await expectMatches('_')).reports.map((r) => r.org)).toEqual(['利通区古城镇']);
    expect((await expectMatches('%镇%')).total).toBe(0);
    expect((await expectMatches("'; DROP TABLE reports; --")).total).toBe(0);
    expect((await get('limit=1')).total).toBe(35);
  });

  it('counts reports by year over every filter but the year, and totals the years asked', async () => {
    const byYear = new Map<number | null, number>();
    for (const r of all.reports) byYear.set(r.year, (byYear.get(r.year) ?? 0) + 1);
    expect(all.years).toEqual([...byYear].map(([year, count]) => ({ year, count })));
    expect(all.years.map((y) => y.year)).toEqual([2024, 2023, 2022, 2021, null]);
    const y2022 = await get('year=2022&limit=5');
    expect(y2022.years).toEqual(all.years);
    expect(y2022.total).toBe(byYear.get(2022));
    expect(y2022.reports.every((r) => r.year === 2022)).toBe(true);
    const text = await get(`q=${encodeURIComponent('2023年政府')}&year=2022`);
    expect(text.total).toBe(0);
    expect(text.years).toEqual([{ year: 2023, count: 10 }]);
    // the header line's figures come from one small request
    const head = await get('limit=1');
    expect(head.years.reduce((n, y) => n + y.count, 0)).toBe(head.total);
  });

  it('rejects a q that is too long', async () => {
    expect((await app.request(`/api/reports?q=${'镇'.repeat(101)}`)).status).toBe(400);
    expect((await app.request('/api/reports?q=a&q=b')).status).toBe(400);
  });
});
