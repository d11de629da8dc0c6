import { createHash } from 'node:crypto';
import type { ParsedReport } from '../src/domain/types.ts';
import { IngestError } from './errors.ts';
import { extractFacts } from './facts.ts';
import { extractMetadata } from './metadata.ts';
import { normaliseText } from './normalise.ts';
import { type PdfReaders, readSource } from './read/index.ts';
import { findSections } from './sections.ts';
import { extractTables } from './tables/extract.ts';
import { validateReport } from './validate.ts';

/** The smallest text that can be a report (title, six sections, tables). */
const MIN_REPORT_CHARS = 200;

/** Said of every report read by OCR: its numbers are as the OCR read them. */
export const OCR_WARNING = '本报告为扫描件，文字和表格数字由OCR识别，请以原件为准';

/**
 * Reads and parses one report file: every stage of the ingest pipeline except storing. `pdf`
 * passes the runtime's PDF readers (see PdfReaders). A report read by OCR says so, and so does
 * each of its cells that holds a value (status 'ocr'); a misread digit breaks a sum rule, so
 * from OCR the cells of every failed rule are left NULL (the rule's FAIL stays, naming them).
 */
export async function parseReport(file: string, buf: Uint8Array, pdf?: PdfReaders): Promise<ParsedReport> {
  const { format, raw, warning, ocr } = await readSource(file, buf, pdf);
  const report = parseText(file, format, raw);
  if (warning) report.warnings.unshift(warning);
  if (!ocr) return report;
  report.warnings.unshift(OCR_WARNING);
  const doubtful = new Set(report.validation.filter((r) => r.status === 'FAIL').flatMap((r) => r.cells));
  for (const c of report.cells) {
    if (c.value !== null && doubtful.has(c.key)) Object.assign(c, { value: null, status: 'unparsed' });
    else if (c.status === 'ok' || c.status === 'recovered') c.status = 'ocr';
  }
  return { ...report, ocr: true };
}

export function parseText(file: string, format: ParsedReport['format'], raw: string): ParsedReport {
  const text = normaliseText(raw);
  if (text.length < MIN_REPORT_CHARS) throw new IngestError(`too little text for a report (${text.length} characters)`);
  if (!/政府信息公开|政务公开/.test(text))
    throw new IngestError('not a 政府信息公开 annual report (no such words in the text)');
  const meta = extractMetadata(text);
  if (meta.year === null) throw new IngestError('no report year found in the title or the statistics period');
  const sections = findSections(text);
  const warnings: string[] = [];
  const template = meta.template;
  let cells: ParsedReport['cells'] = [];
  let problems: Parameters<typeof validateReport>[4] = [];
  if (template) ({ cells, problems } = extractTables(text, template, sections));
  else warnings.push(`${meta.year}年报告不是2019/2021版模板，表格未解析`);
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
    facts: extractFacts(text, sections),
    validation,
    warnings,
  };
}
