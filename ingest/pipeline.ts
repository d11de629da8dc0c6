import { createHash } from 'node:crypto';
import { hasTables } from '../src/domain/catalogue.ts';
import { UNNAMED_ORG } from '../src/domain/org-names.ts';
import type { ParsedReport } from '../src/domain/types.ts';
import { IngestError } from './errors.ts';
import { extractFacts } from './facts.ts';
import { describesItself, extractMetadata } from './metadata.ts';
import { normaliseText } from './normalise.ts';
import { type PdfReaders, readSource } from './read/index.ts';
import { settleDoubts } from './confidence.ts';
import { findOutline, findSections, isReportOutline } from './sections.ts';
import { toSimplifiedScript, TRADITIONAL_WARNING } from '../src/domain/script.ts';
import { extractTables } from './tables/extract.ts';
import { validateReport } from './validate.ts';

/** The smallest text that can be a report (title, six sections, tables). */
const MIN_REPORT_CHARS = 200;

/** Said of a report that names no org in its title, text, header lines or file name. */
/** A title: one short line that names a report. */
const TITLE_LIKE = /^[^。]{0,60}(?:报告|年报)[^。]{0,20}$/;
export const UNTITLED_WARNING = '报告原文没有标题，以单位和年份称呼';
export const UNNAMED_WARNING = `报告的标题、正文、页眉和文件名都没有写明发布单位，按“${UNNAMED_ORG}”收录`;

/** Said of every report read by OCR: its numbers are as the OCR read them. */
export const OCR_WARNING = '本报告为扫描件，文字和表格数字由OCR识别，请以原件为准';

/**
 * Reads and parses one report file: every stage of the ingest pipeline except storing. `pdf`
 * passes the runtime's PDF readers (see PdfReaders).
 */
export async function parseReport(file: string, buf: Uint8Array, pdf?: PdfReaders): Promise<ParsedReport> {
  const { format, raw, warning, ocr, checked } = await readSource(file, buf, pdf);
  const report = parseText(file, format, raw, { ocr, checked });
  if (warning) report.warnings.splice(report.ocr ? 1 : 0, 0, warning);
  return report;
}

/**
 * `ocr`: the text was read from scanned pages (otherwise the text's own marks of OCR are looked
 * for). A report read by OCR says so, and so does each of its cells that holds a value (status
 * 'ocr'); its numbers no sum rule confirms are left NULL with a FAIL, unless `checked`: the reader
 * read each number twice and printed those the readings disagree on as unreadable; then only
 * numbers a sum rule contradicts are (see confidence.ts).
 */
export function parseText(
  file: string,
  format: ParsedReport['format'],
  raw: string,
  { ocr = false, checked = false }: { ocr?: boolean; checked?: boolean } = {},
): ParsedReport {
  const normalised = normaliseText(raw);
  const script = toSimplifiedScript(normalised);
  const text = script?.simplified ?? normalised;
  if (text.length < MIN_REPORT_CHARS) throw new IngestError(`too little text for a report (${text.length} characters)`);
  if (!/政府信息公开|政务公开/.test(text))
    throw new IngestError('not a 政府信息公开 annual report (no such words in the text)');
  const meta = extractMetadata(text, file);
  if (script) meta.aliases = [...new Set([...meta.aliases, ...originalSpelling(meta.org, text, script.traditional)])];
  const templateSections = findSections(text);
  // A report says so in its title or its opening sentence, or is laid out in the report's sections
  // (the template's, or the topics of one before 2019); a notice or a letter filed beside the
  // reports (关于…工作要点落实情况的函) does none of these.
  if (
    !/\d{4}.*(?:年度?报告|年报|工作报告)/.test(meta.title) &&
    templateSections.length === 0 &&
    !isReportOutline(findOutline(text)) &&
    !describesItself(text)
  )
    throw new IngestError('not an annual report: no title with 年度报告 and none of the report sections');
  if (meta.year === null) throw new IngestError('no report year found in the title or the statistics period');
  const tables = hasTables(meta.template);
  // Without the template's tables, the report's own numbered headings are its sections, all prose.
  const sections = tables ? templateSections : findOutline(text);
  const warnings: string[] = script ? [TRADITIONAL_WARNING] : [];
  if (meta.org === null) warnings.push(UNNAMED_WARNING);
  // A report whose first line is its opening paragraph (本报告是根据…) is called by its org and year.
  if (!TITLE_LIKE.test(meta.title)) {
    meta.title = `${meta.org ?? ''}${meta.year}年政府信息公开工作年度报告`;
    warnings.push(UNTITLED_WARNING);
  }
  let cells: ParsedReport['cells'] = [];
  let problems: Parameters<typeof validateReport>[4] = [];
  if (hasTables(meta.template)) ({ cells, problems } = extractTables(text, meta.template, sections));
  else warnings.push(`${meta.year}年报告早于2019年的统一模板，没有标准统计表（表二、表三、表四），只收录正文`);
  if (hasTables(meta.template)) {
    const checks = (cs: ParsedReport['cells']) => validateReport(meta, text, sections, cs, problems);
    const settled = settleDoubts(text, sections, meta.template, cells, checks, ocr, ocr && checked);
    ({ cells, ocr } = settled);
    problems = [...problems, ...settled.problems];
  }
  if (ocr) {
    warnings.unshift(OCR_WARNING);
    for (const c of cells) if (c.status === 'ok' || c.status === 'recovered') c.status = 'ocr';
  }
  const validation = validateReport(meta, text, sections, cells, problems);
  for (const r of validation)
    if (r.status === 'FAIL' && (r.rule === 'unparsed' || r.rule === 'G.R3')) warnings.push(r.message);
  return {
    ...meta,
    file,
    format,
    text,
    contentHash: createHash('sha256').update(text).digest('hex'),
    sections,
    cells,
    // Facts skip the sections that hold tables; a report without tables has none.
    facts: extractFacts(text, tables ? sections : []),
    validation,
    warnings,
    ...(ocr ? { ocr } : {}),
  };
}

/**
 * The org as the traditional original spells it (上海市人民政府辦公廳), for questions that copy it:
 * read where the converted text names it, when the conversion kept every character's place.
 */
function originalSpelling(org: string | null, text: string, original: string): string[] {
  const at = org === null || text.length !== original.length ? -1 : text.indexOf(org);
  const spelt = at < 0 ? org : original.slice(at, at + org!.length);
  return spelt && spelt !== org ? [spelt] : [];
}
