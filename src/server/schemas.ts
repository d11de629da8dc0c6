/**
 * The zod schemas of the HTTP API: the routes validate requests with them and the OpenAPI
 * document is generated from them, so the two cannot drift. Messages are Chinese: the page
 * shows them as they are.
 */
import { z } from '@hono/zod-openapi';
import { CELL_STATUSES } from '../domain/types.ts';
import { MAX_QUESTION_CHARS } from '../qa/ask.ts';

export const ErrorBody = z
  .object({ error: z.string().openapi({ description: '错误说明（中文，可直接展示）' }) })
  .openapi('Error');

const Turn = z.object(
  {
    role: z.enum(['user', 'assistant'], { error: 'history 中每一轮的 role 须为 "user" 或 "assistant"' }),
    content: z.string({ error: 'history 中每一轮的 content 须为字符串' }),
  },
  { error: 'history 中每一轮须为对象：{"role": "user", "content": "…"}' },
);

export const QuestionBody = z
  .object(
    {
      question: z
        .string({ error: '缺少问题：question 须为非空字符串' })
        .trim()
        .min(1, '缺少问题：question 须为非空字符串')
        .max(MAX_QUESTION_CHARS, {
          error: (iss) => `问题太长（${String(iss.input).length}字，上限${MAX_QUESTION_CHARS}字）`,
        })
        .openapi({ example: '花马池镇2021年行政处罚多少件？' }),
      history: z
        .array(Turn, { error: 'history 须为数组：[{"role": "user", "content": "…"}]' })
        .optional()
        .openapi({ description: 'Earlier turns, oldest first; the last 20 are used' }),
    },
    { error: '请求体须为 JSON 对象：{"question": "…", "history": [...]}' },
  )
  .openapi('Question');

const CellRef = z.object({
  key: z.string(),
  table: z.string(),
  row: z.string(),
  col: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
});

const Citation = z
  .object({
    n: z.int(),
    reportId: z.int(),
    title: z.string(),
    org: z.string().nullable(),
    year: z.int().nullable(),
    section: z.string(),
    quote: z.string().openapi({ description: 'Exactly reportText.slice(start, end)' }),
    start: z.int(),
    end: z.int(),
    cell: CellRef.optional(),
  })
  .openapi('Citation');

export const AnswerBody = z
  .object({
    answer: z.string().openapi({ description: 'Markdown, the answer first; [n] cites citations[n-1]' }),
    route: z.enum(['sql', 'retrieval', 'hybrid', 'none']),
    refused: z.boolean().optional(),
    resolvedQuestion: z
      .string()
      .optional()
      .openapi({ description: 'The question answered after resolving a follow-up' }),
    answeredBy: z
      .string()
      .optional()
      .openapi({ description: 'The answerer that gave the answer (src/qa/answerers.ts), e.g. "figure"' }),
    plan: z.unknown().optional().openapi({ description: 'The typed QueryPlan (SQL route)' }),
    sql: z.string().optional(),
    params: z.array(z.unknown()).optional(),
    rows: z.array(z.record(z.string(), z.unknown())).optional(),
    citations: z.array(Citation),
    warnings: z.array(z.string()).optional(),
    timings: z.record(z.string(), z.number()).openapi({ description: 'Milliseconds per stage; totalMs always' }),
  })
  .openapi('Answer');

const ReportInfo = z.object({
  id: z.int(),
  file: z.string(),
  title: z.string(),
  org: z.string().nullable(),
  aliases: z.array(z.string()).openapi({ description: 'Other spellings of the org the report gives (淮安市人民政府)' }),
  region: z.string().nullable(),
  level: z.string().nullable(),
  year: z.int().nullable(),
  template: z
    .string()
    .nullable()
    .openapi({ description: '2021, 2019, or pre2019: before the 2019 template, no tables' }),
  published: z.string().nullable(),
});

const ReportSummary = ReportInfo.extend({
  validation: z.object({ pass: z.int(), fail: z.int(), na: z.int() }),
}).openapi('ReportSummary');

/** The longest page of the report list, and its default. */
export const MAX_PAGE = 100;

const filterText = (name: string) =>
  z
    .string({ error: `${name} 须为一个字符串` })
    .max(100, `${name} 太长（上限100字）`)
    .optional();

/**
 * An integer parameter written in plain decimal digits: Number() alone would also take " 1",
 * "0x10" and "1e2". The document states the integer the digits stand for.
 */
const integer = (message: string, min: number, max: number) =>
  z
    .string({ error: message })
    .regex(/^\d{1,16}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message)
    .openapi({ type: 'integer', minimum: min, maximum: max });

export const ReportQuery = z.object({
  q: filterText('q').openapi({
    description: 'Text anywhere in the org, region or title, taken literally (% and _ included)',
    example: '花马池',
  }),
  org: filterText('org').openapi({ description: 'The org, exactly' }),
  region: filterText('region').openapi({ description: 'Text in the region, taken literally' }),
  level: filterText('level'),
  year: z
    .string({ error: 'year 须为四位数字' })
    .regex(/^\d{4}$/, 'year 须为四位数字')
    .optional(),
  limit: integer(`limit 须为 1 到 ${MAX_PAGE} 的整数`, 1, MAX_PAGE)
    .default(MAX_PAGE)
    .openapi({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: MAX_PAGE }),
  offset: integer('offset 须为 0 到 1000000000 的整数', 0, 1e9)
    .default(0)
    .openapi({ type: 'integer', minimum: 0, maximum: 1e9, default: 0 }),
});

const YearCount = z.object({
  year: z.int().nullable().openapi({ description: 'null: reports that name no year' }),
  count: z.int(),
});

export const ReportList = z
  .object({
    total: z.int().openapi({ description: 'How many reports the filter matches' }),
    limit: z.int(),
    offset: z.int(),
    years: z.array(YearCount).openapi({
      description:
        'Reports per year, newest first, that every filter but year matches: the years there are to pick from; over the whole library when nothing else is filtered',
    }),
    reports: z.array(ReportSummary).openapi({ description: 'Newest year first (no year last), then org, then id' }),
  })
  .openapi('ReportList');

export const ReportId = z.object({
  id: integer('报告编号须为正整数', 1, Number.MAX_SAFE_INTEGER).openapi({
    type: 'integer',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    param: { name: 'id', in: 'path' },
    example: 1,
  }),
});

const Section = z.object({
  num: z.string(),
  title: z.string(),
  depth: z.int(),
  path: z.string(),
  start: z.int(),
  end: z.int(),
});

const LabelledCell = z.object({
  key: z.string(),
  table: z.string(),
  row: z.string(),
  col: z.string(),
  value: z.number().nullable(),
  raw: z.string().nullable(),
  unit: z.string(),
  status: z.enum(CELL_STATUSES),
  start: z.int().nullable(),
  end: z.int().nullable(),
  tableTitle: z.string().optional(),
  rowLabel: z.string().optional(),
  colLabel: z.string().optional(),
});

const RuleResult = z.object({
  rule: z.string(),
  status: z.enum(['PASS', 'FAIL', 'NA']),
  cells: z.array(z.string()),
  message: z.string(),
});

const LayoutColumn = z.object({ key: z.string(), label: z.string(), group: z.string().optional() });
const LayoutRow = z.object({
  key: z.string(),
  label: z.string(),
  groups: z.array(z.string()).openapi({ description: 'Printed headings the row sits under, outermost first' }),
});
const TableLayout = z
  .object({
    table: z.string(),
    title: z.string(),
    rowHeading: z.string(),
    colHeading: z.string().optional(),
    parts: z.array(
      z.object({ label: z.string().optional(), columns: z.array(LayoutColumn), rows: z.array(LayoutRow) }),
    ),
  })
  .openapi('TableLayout', {
    description: "A standard table as printed: its parts' columns and rows in printed order, with their labels",
  });

export const ReportDetail = z
  .object({
    report: ReportInfo,
    sections: z.array(Section),
    cells: z.array(LabelledCell),
    validation: z.array(RuleResult),
    layouts: z.array(TableLayout),
  })
  .openapi('ReportDetail');

export const ReportText = z
  .object({ id: z.int(), text: z.string().openapi({ description: 'The normalised text citation offsets point into' }) })
  .openapi('ReportText');

const IngestOutcome = z.object({
  file: z.string(),
  outcome: z.enum(['added', 'replaced', 'unchanged', 'error']),
  error: z.string().optional(),
  replaced: z.string().optional().openapi({
    description:
      'With outcome "replaced": the reports this one took the place of (the same org and year, or the same path)',
  }),
  warnings: z.array(z.string()),
});

export const IngestResults = z.object({ results: z.array(IngestOutcome) }).openapi('IngestResults');
/** An upload where no file could be stored: the error, and each file's outcome. */
export const IngestFailed = ErrorBody.extend({ results: z.array(IngestOutcome).optional() }).openapi('IngestFailed');

const ChannelState = z.looseObject({ state: z.string(), reason: z.string().optional() });
export const Health = z
  .object({
    ok: z.boolean(),
    reports: z.int(),
    wecom: z.record(z.string(), ChannelState).optional().openapi({
      description: "Each WeCom channel's state (Node): enabled/connected/reconnecting…, or disabled and why",
    }),
  })
  .openapi('Health');
