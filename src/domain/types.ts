import type { Level, ReportTemplate, TableId } from './catalogue.ts';
import type { QueryPlan } from './query-plan.ts';

/** A span of the report's normalised text: [start, end) in UTF-16 code units. */
export interface Span {
  start: number;
  end: number;
}

export interface Section extends Span {
  /** "一" … "六" for a numbered section, "一.（一）" for a subsection. */
  num: string;
  title: string;
  depth: 1 | 2;
  /** e.g. "一、总体情况 > （四）平台建设方面" */
  path: string;
}

/** 'ocr': a value read from a scanned page by OCR (which may misread a digit). */
export const CELL_STATUSES = ['ok', 'blank', 'recovered', 'unparsed', 'missing', 'ocr'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];
/** The statuses of a cell its table was read for: a value or a blank stood there. */
export const READ_STATUSES: readonly CellStatus[] = ['ok', 'blank', 'recovered', 'ocr'];

export interface Cell {
  /** Canonical key from template.md, e.g. "t3.new.total", "t2.penalty.decisions". */
  key: string;
  table: TableId;
  row: string;
  col: string;
  /** NULL when blank, "/", "-", unreadable or missing — never 0 in their place. */
  value: number | null;
  /** The cell as printed (null when the row was not found at all). */
  raw: string | null;
  unit: string;
  status: CellStatus;
  /** The printed row (label and values) in the report text, for citations; null if not found. */
  start: number | null;
  end: number | null;
}

export interface Fact extends Span {
  value: number;
  unit: string;
  approx: boolean;
  /** The words before the number in its clause, e.g. "共发布各类信息". */
  subject: string;
  sentenceStart: number;
  sentenceEnd: number;
}

export type RuleStatus = 'PASS' | 'FAIL' | 'NA';

export interface RuleResult {
  rule: string;
  status: RuleStatus;
  cells: string[];
  message: string;
}

export interface ReportMeta {
  title: string;
  org: string | null;
  /** Other spellings of the org the report itself gives (淮安市人民政府, a short form, an OCR misreading). */
  aliases: string[];
  region: string | null;
  level: Level | null;
  year: number | null;
  template: ReportTemplate | null;
  published: string | null;
}

/** Everything ingest learns from one file, before it is stored. */
export interface ParsedReport extends ReportMeta {
  file: string;
  format: SourceFormat;
  text: string;
  contentHash: string;
  sections: Section[];
  cells: Cell[];
  facts: Fact[];
  validation: RuleResult[];
  warnings: string[];
  /** Set when the text was read from scanned pages by OCR. */
  ocr?: boolean;
}

export type SourceFormat = 'txt' | 'md' | 'html' | 'docx' | 'pdf';

/** A passage or a table cell an answer rests on. `quote` === report text.slice(start, end). */
export interface Citation {
  n: number;
  reportId: number;
  title: string;
  org: string | null;
  year: number | null;
  /** Section path, e.g. "一、总体情况 > （四）平台建设方面", or the table for a cell. */
  section: string;
  quote: string;
  start: number;
  end: number;
  /** Set when the citation is a table cell: its canonical key and labels as printed. */
  cell?: { key: string; table: string; row: string; col: string; value: number | null; unit: string };
}

/** How an answer was found; for a schema, `z.enum(ROUTES)`. */
export const ROUTES = ['sql', 'retrieval', 'hybrid', 'none'] as const;
export type Route = (typeof ROUTES)[number];

/** The answer contract of design.md: the same JSON for the API, `npm run ask --json` and eval. */
export interface Answer {
  answer: string;
  route: Route;
  refused?: boolean;
  plan?: QueryPlan;
  sql?: string;
  params?: unknown[];
  rows?: Record<string, unknown>[];
  citations: Citation[];
  warnings?: string[];
  /** The question actually answered, when a follow-up was rewritten from the history. */
  resolvedQuestion?: string;
  /** The answerer that gave this answer (qa/answerers.ts), e.g. "figure", "passages". */
  answeredBy?: string;
  timings: { totalMs: number } & Record<string, number>;
}

/** One turn of a conversation, as the API accepts it in `history`. */
export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}
