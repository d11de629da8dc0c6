import { createHash } from 'node:crypto';
import type { ParsedReport } from '../src/domain/types.ts';
import { IngestError } from './errors.ts';
import { extractFacts } from './facts.ts';
import { extractMetadata } from './metadata.ts';
import { normaliseText } from './normalise.ts';
import { readSource } from './read/index.ts';
import { findSections } from './sections.ts';
import { extractTables } from './tables/extract.ts';
import { validateReport } from './validate.ts';

/** The smallest text that can be a report (title, six sections, tables). */
const MIN_REPORT_CHARS = 200;

/** Reads and parses one report file: every stage of the ingest pipeline except storing. */
export async function parseReport(file: string, buf: Uint8Array): Promise<ParsedReport> {
  const { format, raw, warning } = await readSource(file, buf);
  const report = parseText(file, format, raw);
  if (warning) report.warnings.unshift(warning);
  return report;
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
