/**
 * Writes eval/generated/questions.jsonl: aggregate questions (trends, rankings, sums,
 * comparisons, filters) over the seeded generated corpus. The question wordings are written
 * here by hand; the expected figures are computed from the generator's own truth tables — never
 * from the system's answers. Run: npx tsx eval/generator/questions.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVAL_TODAY, GENERATED, ROOT } from '../corpora.ts';
import type { Question } from '../score.ts';
import { generateCorpus } from './corpus.ts';

type Truth = { org: string; region: string; year: number; cells: Record<string, number | null> };

const truth: Truth[] = [];
for await (const g of generateCorpus({ ...GENERATED, layouts: ['tabs', 'html', 'lines'] })) truth.push(g.truth);

const orgs = [...new Set(truth.map((t) => t.org))];
const v = (org: string, year: number, key: string) => truth.find((t) => t.org === org && t.year === year)!.cells[key]!;
const inYear = (year: number) => truth.filter((t) => t.year === year);
const questions: Question[] = [];
let n = 0;
const add = (question: string, kind: Question['kind'], expected: Question['expected']) =>
  questions.push({ id: `gen-${String(++n).padStart(3, '0')}`, question, kind, expected });
const county = (r: string) => r.replace(/^.+?市/, '');

// Lookups in different words.
for (const [i, org] of orgs.slice(0, 8).entries()) {
  const year = GENERATED.years[i % GENERATED.years.length]!;
  add(`${org}${year}年行政处罚多少件？`, 'numeric', {
    route: 'sql',
    numbers: [v(org, year, 't2.penalty.decisions')],
    sources: [{ org, year }],
  });
  add(`${county(truth.find((t) => t.org === org)!.region)}${org}${year}年收到多少政府信息公开申请`, 'numeric', {
    route: 'sql',
    numbers: [v(org, year, 't3.new.total')],
    sources: [{ org, year }],
  });
}
// Trends.
for (const org of orgs.slice(0, 6)) {
  const ys = GENERATED.years.slice(-3);
  add(`${org}近三年申请量变化`, 'numeric', {
    route: 'sql',
    numbers: ys.map((y) => v(org, y, 't3.new.total')),
    sources: ys.map((year) => ({ org, year })),
  });
}
for (const org of orgs.slice(6, 9)) {
  const ys = GENERATED.years.filter((y) => y >= 2021);
  add(`${org}2021年以来行政处罚的变化趋势`, 'numeric', {
    route: 'sql',
    numbers: ys.map((y) => v(org, y, 't2.penalty.decisions')),
  });
}
// Rankings: max with a unique winner.
for (const year of GENERATED.years) {
  const rows = inYear(year).map((t) => ({ org: t.org, n: t.cells['t3.new.total']! }));
  const max = Math.max(...rows.map((r) => r.n));
  const top = rows.filter((r) => r.n === max);
  if (top.length === 1)
    add(`${year}年哪个镇收到的申请最多？`, 'numeric', {
      route: 'sql',
      numbers: [max],
      keywords: [top[0]!.org],
      sources: [{ org: top[0]!.org, year }],
    });
  const pen = inYear(year).map((t) => ({ org: t.org, n: t.cells['t2.penalty.decisions']! }));
  const pmax = Math.max(...pen.map((r) => r.n));
  const ptop = pen.filter((r) => r.n === pmax);
  if (ptop.length === 1)
    add(`${year}年行政处罚最多的是哪个乡镇`, 'numeric', { route: 'sql', numbers: [pmax], keywords: [ptop[0]!.org] });
}
// Top 3.
for (const year of [2021, 2023]) {
  const rows = inYear(year)
    .map((t) => ({ org: t.org, n: t.cells['t2.penalty.decisions']! }))
    .sort((a, b) => b.n - a.n);
  if (rows[2]!.n !== rows[3]!.n)
    add(`${year}年行政处罚数量前三名`, 'list', {
      route: 'sql',
      keywords: rows.slice(0, 3).map((r) => r.org),
      numbers: rows.slice(0, 3).map((r) => r.n),
    });
}
// Sums and averages across orgs.
for (const year of GENERATED.years) {
  const total = inYear(year).reduce((a, t) => a + t.cells['t3.new.total']!, 0);
  add(`${year}年各镇新收申请合计多少件`, 'numeric', { route: 'sql', numbers: [total] });
}
for (const year of [2020, 2022, 2024]) {
  const total = inYear(year).reduce((a, t) => a + t.cells['t4.review.total']!, 0);
  add(`${year}年所有乡镇行政复议一共多少件？`, 'numeric', { route: 'sql', numbers: [total] });
}
// Comparisons.
for (const [a, b, year] of [
  [orgs[0]!, orgs[1]!, 2022],
  [orgs[2]!, orgs[3]!, 2024],
  [orgs[4]!, orgs[5]!, 2025],
] as const) {
  add(`${a}和${b}${year}年行政处罚对比`, 'numeric', {
    route: 'sql',
    numbers: [v(a, year, 't2.penalty.decisions'), v(b, year, 't2.penalty.decisions')],
    sources: [
      { org: a, year },
      { org: b, year },
    ],
  });
}
for (const org of orgs.slice(0, 3)) {
  add(`${org}2019年和2025年新收申请比较`, 'numeric', {
    route: 'sql',
    numbers: [v(org, 2019, 't3.new.total'), v(org, 2025, 't3.new.total')],
  });
}
// Filters.
for (const year of [2021, 2022, 2023, 2024, 2025]) {
  const none = inYear(year)
    .filter((t) => t.cells['t3.new.total'] === 0)
    .map((t) => t.org);
  if (none.length > 0 && none.length <= 6)
    add(`${year}年哪些镇没有收到政府信息公开申请？`, 'list', { route: 'sql', keywords: none });
}
// Relative years and counts: a bare 去年 is the calendar's last year, the eval's day being fixed.
const latest = Math.max(...GENERATED.years);
add(
  `去年哪个镇收到的申请最多`,
  'numeric',
  (() => {
    const rows = inYear(EVAL_TODAY.getUTCFullYear() - 1).map((t) => ({ org: t.org, n: t.cells['t3.new.total']! }));
    const max = Math.max(...rows.map((r) => r.n));
    const top = rows.filter((r) => r.n === max);
    return { route: 'sql' as const, numbers: [max], keywords: top.map((r) => r.org) };
  })(),
);
add(`${latest}年一共有几份报告？`, 'numeric', { route: 'sql', numbers: [inYear(latest).length] });
add(`库里一共有多少份年报`, 'numeric', { route: 'sql', numbers: [truth.length] });
// Carry-over: year N's 上年结转 equals year N−1's 结转下年度.
for (const org of orgs.slice(0, 3))
  add(`${org}2023年上年结转的申请有几件`, 'numeric', {
    route: 'sql',
    numbers: [v(org, 2023, 't3.carried_over.total')],
    sources: [{ org, year: 2023 }],
  });

writeFileSync(
  join(ROOT, 'eval', 'generated', 'questions.jsonl'),
  `${questions.map((q) => JSON.stringify(q)).join('\n')}\n`,
);
console.log(`${questions.length} questions written`);
