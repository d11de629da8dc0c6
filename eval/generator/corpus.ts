/**
 * A seeded generator of realistic multi-year, multi-org reports with known cells: the corpus for
 * aggregate questions (trends, rankings, sums) and for the ingest and query benchmarks. Tables
 * obey the template's sum rules and each year's carried-over equals the year before's carried
 * forward, as in real data.
 */
import {
  T2_ROWS,
  T3_COL_KEYS,
  T3_ROWS,
  T4_BLOCKS,
  T4_COLS,
  templateOfYear,
  type TemplateVersion,
} from '../../src/domain/catalogue.ts';
import { renderReport, t2Grid, t3Grid, t4Grid, type Layout } from '../../ingest/test-support/render.ts';
import { rng, type Rng } from './random.ts';

export interface GeneratedReport {
  name: string;
  bytes: Uint8Array;
  truth: {
    org: string;
    region: string;
    year: number;
    template: TemplateVersion;
    title: string;
    cells: Record<string, number | null>;
    facts: Record<string, number>;
  };
}

const SYL = [
  '安',
  '宁',
  '平',
  '和',
  '兴',
  '龙',
  '泉',
  '石',
  '河',
  '山',
  '清',
  '丰',
  '永',
  '新',
  '东',
  '西',
  '南',
  '北',
  '金',
  '华',
  '长',
  '乐',
  '明',
  '德',
  '顺',
  '阳',
  '林',
  '桥',
  '湖',
  '沙',
];
const COUNTY_SUFFIX = ['县', '区'];
const ORG_SUFFIX = ['镇', '镇', '乡', '街道'];

export interface CorpusOptions {
  seed: number;
  orgs: number;
  years: number[];
  layouts?: Layout[];
}

export interface OrgSpec {
  org: string;
  region: string;
}

export function makeOrgs(r: Rng, n: number): OrgSpec[] {
  const seen = new Set<string>();
  const out: OrgSpec[] = [];
  const city = `${r.pick(SYL)}${r.pick(SYL)}市`;
  while (out.length < n) {
    const county = `${r.pick(SYL)}${r.pick(SYL)}${r.pick(COUNTY_SUFFIX)}`;
    const org = `${r.pick(SYL)}${r.pick(SYL)}${r.pick(SYL)}${r.pick(ORG_SUFFIX)}`;
    if (seen.has(org) || org.slice(0, 2) === county.slice(0, 2)) continue;
    seen.add(org);
    out.push({ org, region: `${city}${county}` });
  }
  return out;
}

/** Splits n into k non-negative parts, most of it in the first (自然人 dominate real tables). */
function spread(r: Rng, n: number, k: number): number[] {
  const parts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) parts[r.chance(0.8) ? 0 : r.int(1, k - 1)]!++;
  return parts;
}

function t3Cells(
  r: Rng,
  template: TemplateVersion,
  carried: number[],
): { cells: Record<string, number>; carryForward: number[] } {
  const rows = T3_ROWS[template].map((x) => x.key);
  const results = rows.slice(rows.indexOf('granted'), rows.indexOf('total_processed'));
  const cells: Record<string, number> = {};
  const scale = r.pick([0, 0, 1, 3, 10, 40, 200]);
  const newByCol = spread(r, r.int(0, scale), 6);
  const carryForward = newByCol.map((n, c) => Math.min(n + carried[c]!, r.chance(0.3) ? r.int(0, 2) : 0));
  const processed = newByCol.map((n, c) => n + carried[c]! - carryForward[c]!);
  const byResult: Record<string, number[]> = Object.fromEntries(results.map((k) => [k, [0, 0, 0, 0, 0, 0]]));
  const weights = results.map((k) => (k === 'granted' ? 8 : k === 'partial' ? 2 : k === 'unable_no_info' ? 3 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  processed.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      let x = r.next() * total;
      const k = results.find((_, j) => (x -= weights[j]!) < 0) ?? results[0]!;
      byResult[k]![c]!++;
    }
  });
  const put = (row: string, vals: number[]) => {
    for (const [c, v] of vals.entries()) cells[`t3.${row}.${T3_COL_KEYS[c]}`] = v;
    cells[`t3.${row}.total`] = vals.reduce((a, b) => a + b, 0);
  };
  put('new', newByCol);
  put('carried_over', carried);
  for (const k of results) put(k, byResult[k]!);
  put('total_processed', processed);
  put('carry_forward', carryForward);
  return { cells, carryForward };
}

function t2Cells(r: Rng, template: TemplateVersion): Record<string, number> {
  const cells: Record<string, number> = {};
  for (const row of T2_ROWS[template]) {
    for (const col of row.cols) {
      let v = r.chance(0.5) ? 0 : r.int(0, row.key === 'penalty' || row.key === 'license' ? 2000 : 30);
      if (col === 'amount') v = r.chance(0.6) ? 0 : Math.round(r.next() * 500000) / 100;
      if (col === 'delta') v = r.int(-20, 20);
      cells[`t2.${row.key}.${col}`] = v;
    }
  }
  return cells;
}

function t4Cells(r: Rng): Record<string, number> {
  const cells: Record<string, number> = {};
  for (const b of T4_BLOCKS) {
    const vals = T4_COLS.slice(0, 4).map(() => (r.chance(0.7) ? 0 : r.int(0, 5)));
    for (const [i, c] of T4_COLS.entries())
      cells[`t4.${b.key}.${c.key}`] = i < 4 ? vals[i]! : vals.reduce((a, x) => a + x, 0);
  }
  return cells;
}

const WORK = [
  '政府信息公开专栏',
  '政务新媒体',
  '微信公众号',
  '政务公开栏',
  '12345热线',
  '便民服务中心',
  '村务公开栏',
  '政府网站',
];
const TOPICS = [
  '财政预决算',
  '惠民惠农补贴',
  '乡村振兴项目',
  '低保救助',
  '安全生产',
  '生态环境保护',
  '征地补偿',
  '行政执法',
  '疫情防控',
  '就业创业',
];
const PROBLEMS = [
  '公开内容不够全面',
  '工作人员业务能力有待提高',
  '政策解读形式单一',
  '信息更新不够及时',
  '群众参与度不高',
  '公开平台建设相对滞后',
];

function prose(
  r: Rng,
  org: string,
  year: number,
  cells: Record<string, number>,
  facts: Record<string, number>,
): { head: string; tail: string } {
  const info = r.int(20, 2000);
  const media = r.int(10, 900);
  const hotline = r.int(0, 300);
  facts.info = info;
  facts.media = media;
  facts.hotline = hotline;
  const sub = (n: string, title: string, body: string) => `（${n}）${title}\n${body}`;
  const sentence = () =>
    `围绕${r.pick(TOPICS)}等重点领域，通过${r.pick(WORK)}及时发布相关信息，${r.pick(['接受群众监督', '回应社会关切', '保障群众知情权', '提升公开实效'])}。`;
  const head = [
    `一、总体情况`,
    `${year}年，${org}认真贯彻落实《中华人民共和国政府信息公开条例》，${sentence()}`,
    sub(
      '一',
      '主动公开',
      `全年共发布各类信息 ${info} 条，其中政务新媒体（微信公众号）公开 ${media} 余条。${sentence()}`,
    ),
    sub(
      '二',
      '依申请公开',
      `全年共收到政府信息公开申请 ${cells['t3.new.total']} 件，均在法定期限内答复。${sentence()}`,
    ),
    sub('三', '政府信息管理', `${sentence()}${sentence()}`),
    sub(
      '四',
      '平台建设',
      `依托${r.pick(WORK)}和${r.pick(WORK)}拓展公开渠道，受理诉求 ${hotline} 件，满意率 ${r.int(90, 100)}%。`,
    ),
    sub('五', '监督保障', `${sentence()}`),
  ].join('\n');
  const [p1, p2] = [r.pick(PROBLEMS), r.pick(PROBLEMS)];
  const tail = [
    '五、存在的主要问题及改进情况',
    `${year}年，${org}政府信息公开工作仍存在一些问题：一是${p1}；二是${p2}。下一步将加强培训，完善机制，${sentence()}`,
    '六、其他需要报告的事项',
    `本年度未收取信息处理费。`,
    `${org}人民政府`,
    `${year + 1}年${r.int(1, 3)}月${r.int(1, 28)}日`,
  ].join('\n');
  return { head, tail };
}

/** Generates reports org by org, year by year; `limit` stops early for benchmarks. */
export async function* generateCorpus(opts: CorpusOptions): AsyncGenerator<GeneratedReport> {
  const r = rng(opts.seed);
  const layouts = opts.layouts ?? ['tabs', 'lines', 'html', 'docx', 'gb18030'];
  let n = 0;
  for (const { org, region } of makeOrgs(r, opts.orgs)) {
    let carried = [0, 0, 0, 0, 0, 0];
    for (const year of opts.years) {
      // A year before any template is written in the earliest.
      const template: TemplateVersion = templateOfYear(year) ?? '2019';
      const t3 = t3Cells(r, template, carried);
      carried = t3.carryForward;
      const cells: Record<string, number | null> = { ...t2Cells(r, template), ...t3.cells, ...t4Cells(r) };
      const facts: Record<string, number> = {};
      const title = `${region}${org}${year}年政府信息公开工作年度报告`;
      const { head, tail } = prose(r, org, year, cells as Record<string, number>, facts);
      const layout = layouts[n++ % layouts.length]!;
      const { name, bytes } = await renderReport(
        {
          head: `${title}\n\n本报告统计期限自${year}年1月1日至${year}年12月31日。\n${head}`,
          t2Heading: '二、主动公开政府信息情况',
          t3Heading: '三、收到和处理政府信息公开申请情况',
          t4Heading: '四、政府信息公开行政复议、行政诉讼情况',
          tail,
        },
        [t2Grid(template, cells), t3Grid(template, cells), t4Grid(cells)],
        layout,
      );
      yield {
        name: `${org}-${year}-${layout}.${name.split('.').pop()}`,
        bytes,
        truth: { org, region, year, template, title, cells, facts },
      };
    }
  }
}
