import type { ReportInfo, Store } from '../domain/ports.ts';
import { regionUnits } from '../domain/regions.ts';
import { PUBLISHED_HEADER } from '../domain/terms.ts';
import type { Answer, Citation } from '../domain/types.ts';

/** Questions a report's metadata answers: when it was signed, and where its unit belongs. */
const PUBLISHED =
  /落款|(?:报告|年报)[^，。？?]{0,4}(?:哪天|哪一天|什么时候|何时|几月几[日号])(?:发布|公布|印发|发的|出的|写的|签发|成文|生成|$|[？?])|(?:报告|年报)的?(?:发布|公布|成文|印发|发文|生成)(?:日期|时间)/;
const REGION =
  /(?:属于|隶属于?|归)哪(?:个|一个)?(?:区|县|市|省|地方|里)|(?:哪个|哪一个)(?:区|县|市|省)的|所属(?:的)?(?:区县|区|县|市|地区)/;

/** A report's own numbers, asked by name, and the form each is printed in: 永交〔2019〕3号, 索引号 014416330/2018-04736. */
const NUMBERS = [
  {
    name: '文号',
    asked: /文号|发文字号|文件编号/,
    printed: /[\u4e00-\u9fa5]{1,10}\s*[〔［[【(（]\s*\d{4}\s*[〕］\]】)）]\s*第?\s*\d+\s*号/,
  },
  { name: '索引号', asked: /索引号/, printed: /索\s*引\s*号\s*[:：|]?\s*[\w/.-]*\d[\w/.-]*/ },
] as const;

type Part = Omit<Answer, 'timings'>;

/**
 * The answer to a metadata question about the named orgs' reports, each fact quoted from the line
 * that prints it; a refusal naming what the report lacks when it does not print it. Null when the
 * question is not one.
 */
export async function metadataAnswer(question: string, reports: ReportInfo[], store: Store): Promise<Part | null> {
  const number = NUMBERS.find((n) => n.asked.test(question));
  if (number) return numberAnswer(number, reports, store);
  const asks = PUBLISHED.test(question) ? 'published' : REGION.test(question) ? 'region' : null;
  // "属于哪个市" of a unit whose report names only its county: say the county, and that no city is named.
  const level = asks === 'region' ? /(?<!地)(省|市|县|区)(?!县)/.exec(REGION.exec(question)![0])?.[1] : undefined;
  if (!asks || reports.length === 0) return null;
  const lines: string[] = [];
  const citations: Citation[] = [];
  const lacking: { org: string | null; text: string }[] = [];
  // A region is the unit's, not the report's: said once per org, from its latest report naming it.
  const ordered = asks === 'region' ? [...reports].sort((a, b) => (b.year ?? 0) - (a.year ?? 0)) : reports;
  const placed = new Set<string>();
  for (const r of ordered) {
    if (asks === 'region' && placed.has(r.org!)) continue;
    const text = (await store.reportText(r.id)) ?? '';
    const span = asks === 'published' ? publishedSpan(text, r.published) : regionSpan(text, r.region);
    if (!span) {
      lacking.push({
        org: r.org,
        text:
          asks === 'published' ? `《${r.title}》没有写明落款或发布日期` : `《${r.title}》没有写明${r.org}所属的区县`,
      });
      continue;
    }
    placed.add(r.org!);
    const n = citations.length + 1;
    const quote = text.slice(span[0], span[1]);
    citations.push({
      n,
      reportId: r.id,
      title: r.title,
      org: r.org,
      year: r.year,
      section: asks === 'published' ? '落款' : '标题与导语',
      quote,
      start: span[0],
      end: span[1],
    });
    const unnamed = level && !r.region!.includes(level) ? `；报告没有写明所属的${level}` : '';
    lines.push(
      asks === 'published'
        ? `《${r.title}》的${/^\d/.test(quote) ? '落款' : '发布'}日期是 **${chineseDate(r.published!)}**（${r.published}）。[${n}]`
        : `${r.org}属于 **${r.region}**（据《${r.title}》）${unnamed}。[${n}]`,
    );
  }
  // An org placed from another of its reports needs no word on the reports that do not name it.
  const missing = lacking
    .filter((l) => asks === 'published' || !placed.has(l.org!))
    .map((l) => l.text)
    .join('；');
  const tail = missing ? `${missing}。` : '';
  if (lines.length === 0) return { answer: tail, route: 'none', refused: true, citations: [] };
  return { answer: [...lines, ...(tail ? [tail] : [])].join('\n'), route: 'retrieval', citations };
}

/** Each report's 文号 or 索引号 as it prints it, quoted; what a report does not print, said. */
async function numberAnswer(
  number: (typeof NUMBERS)[number],
  reports: ReportInfo[],
  store: Store,
): Promise<Part | null> {
  if (reports.length === 0) return null;
  const lines: string[] = [];
  const lacking: string[] = [];
  const citations: Citation[] = [];
  for (const r of reports) {
    const text = (await store.reportText(r.id)) ?? '';
    const m = ownNumber(text, number.printed);
    if (!m) {
      lacking.push(`《${r.title}》没有写明${number.name}`);
      continue;
    }
    const n = citations.length + 1;
    const quote = m[0];
    citations.push({
      n,
      reportId: r.id,
      title: r.title,
      org: r.org,
      year: r.year,
      section: '标题与导语',
      quote,
      start: m.index,
      end: m.index + quote.length,
    });
    const value = quote.replace(/^索\s*引\s*号\s*[:：|]?\s*/, '').replace(/\s+/g, '');
    lines.push(`《${r.title}》的${number.name}是 **${value}**。[${n}]`);
  }
  const tail = lacking.length ? `${lacking.join('；')}。` : '';
  if (lines.length === 0) return { answer: tail, route: 'none', refused: true, citations: [] };
  return { answer: [...lines, ...(tail ? [tail] : [])].join('\n'), route: 'retrieval', citations };
}

/**
 * The report's own number: one its label introduces (文号：…), else one printed in its head
 * before the first section, not a document the report cites (根据《…》（国办公开办函〔2021〕30号）).
 */
function ownNumber(text: string, printed: RegExp): RegExpExecArray | null {
  const head = Math.min(text.search(/\n\s*[一二]\s*[、.．]/) >>> 0, 600);
  const all = new RegExp(printed.source, 'g');
  for (let m = all.exec(text); m; m = all.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    if (/(?:文号|字号|编号)\s*[:：|]?\s*$/.test(before) || m[0].startsWith('索')) return m;
    if (m.index < head && !/根据|按照|依据|《|[（(]\s*$/.test(before)) return m;
  }
  return null;
}

/** The printed date of `published` (yyyy-mm-dd): a "发布时间" header or a signature line, last first. */
export function publishedSpan(text: string, published: string | null): [number, number] | null {
  if (!published) return null;
  const [y, m, d] = published.split('-').map(Number);
  const re = new RegExp(
    `${PUBLISHED_HEADER}${y}[-年/.]0?${m}[-月/.]0?${d}|${y}\\s*年\\s*0?${m}\\s*月\\s*0?${d}\\s*日`,
    'g',
  );
  let last: RegExpExecArray | null = null;
  for (let m2 = re.exec(text); m2; m2 = re.exec(text)) last = m2;
  return last ? [last.index, last.index + last[0].length] : null;
}

export const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** The first clause naming the region (or its most specific part: 利通区 of 吴忠市利通区). */
function regionSpan(text: string, region: string | null): [number, number] | null {
  if (!region) return null;
  const parts = [region, ...regionUnits(region).reverse()];
  for (const p of parts) {
    const at = text.indexOf(p);
    if (at < 0) continue;
    const before = text.slice(0, at).search(/[^\n，。；《]*$/);
    const after = text.slice(at).search(/[\n，。；》]/);
    return [before, after < 0 ? text.length : at + after];
  }
  return null;
}
