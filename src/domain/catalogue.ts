/**
 * The catalogue of the national report templates (docs/template.md): canonical keys and
 * the Chinese labels as printed. Every Chinese table label of the project lives here.
 * Rows are found in a report by their label's numbering and wording (ingest/tables/match.ts).
 */

/** The national templates: 2021 (in force from the 2021 reports) and the 2019 trial one. */
export const TEMPLATES = ['2021', '2019'] as const;
export type TemplateVersion = (typeof TEMPLATES)[number];

/**
 * The format a report is in: one of the national templates, or `pre2019` — the reports before the
 * 2019 template, which have no standard tables (表二/表三/表四) and are read for their text only.
 */
export const REPORT_TEMPLATES = [...TEMPLATES, 'pre2019'] as const;
export type ReportTemplate = (typeof REPORT_TEMPLATES)[number];

/** Whether a report's format has the standard tables, i.e. is one of the national templates. */
export const hasTables = (t: string | null | undefined): t is TemplateVersion =>
  (TEMPLATES as readonly (string | null | undefined)[]).includes(t);
export type TableId = 't2' | 't3' | 't4';

export interface RowSpec {
  key: string;
  label: string;
  cols: string[];
}

export interface ColSpec {
  key: string;
  label: string;
  unit: string;
}

/** The template a year's report is due in: 2021 from the 2021 reports on, 2019 for 2019–2020, none before. */
export function templateOfYear(year: number): TemplateVersion | null {
  return year >= 2021 ? '2021' : year >= 2019 ? '2019' : null;
}

/** 表二 columns by key, both templates. */
export const T2_COLS: Record<string, ColSpec> = {
  made: { key: 'made', label: '本年制发件数', unit: '件' },
  repealed: { key: 'repealed', label: '本年废止件数', unit: '件' },
  valid: { key: 'valid', label: '现行有效件数', unit: '件' },
  decisions: { key: 'decisions', label: '本年处理决定数量', unit: '件' },
  amount: { key: 'amount', label: '本年收费金额（单位：万元）', unit: '万元' },
  new_made: { key: 'new_made', label: '本年新制作数量', unit: '件' },
  new_published: { key: 'new_published', label: '本年新公开数量', unit: '件' },
  total_published: { key: 'total_published', label: '对外公开总数量', unit: '件' },
  prev_items: { key: 'prev_items', label: '上一年项目数量', unit: '项' },
  delta: { key: 'delta', label: '本年增/减', unit: '项' },
  count: { key: 'count', label: '采购项目数量', unit: '项' },
};

const T2_2019_DECISION_COLS = ['prev_items', 'delta', 'decisions'];

export const T2_ROWS: Record<TemplateVersion, RowSpec[]> = {
  '2021': [
    { key: 'reg', label: '规章', cols: ['made', 'repealed', 'valid'] },
    { key: 'norm', label: '行政规范性文件', cols: ['made', 'repealed', 'valid'] },
    { key: 'license', label: '行政许可', cols: ['decisions'] },
    { key: 'penalty', label: '行政处罚', cols: ['decisions'] },
    { key: 'coercion', label: '行政强制', cols: ['decisions'] },
    { key: 'fee', label: '行政事业性收费', cols: ['amount'] },
  ],
  '2019': [
    { key: 'reg', label: '规章', cols: ['new_made', 'new_published', 'total_published'] },
    {
      key: 'norm',
      label: '规范性文件',
      cols: ['new_made', 'new_published', 'total_published'],
    },
    { key: 'license', label: '行政许可', cols: T2_2019_DECISION_COLS },
    {
      key: 'other_mgmt_service',
      label: '其他对外管理服务事项',
      cols: T2_2019_DECISION_COLS,
    },
    { key: 'penalty', label: '行政处罚', cols: T2_2019_DECISION_COLS },
    { key: 'coercion', label: '行政强制', cols: T2_2019_DECISION_COLS },
    { key: 'fee', label: '行政事业性收费', cols: ['prev_items', 'delta'] },
    { key: 'central_procurement', label: '政府集中采购', cols: ['count', 'amount'] },
  ],
};

/** 表二 is printed in parts, one per clause of Article 20, each with its own column header. */
export const T2_PARTS: Record<TemplateVersion, { label: string; rows: string[] }[]> = {
  '2021': [
    { label: '第二十条第（一）项', rows: ['reg', 'norm'] },
    { label: '第二十条第（五）项', rows: ['license'] },
    { label: '第二十条第（六）项', rows: ['penalty', 'coercion'] },
    { label: '第二十条第（八）项', rows: ['fee'] },
  ],
  '2019': [
    { label: '第二十条第（一）项', rows: ['reg', 'norm'] },
    { label: '第二十条第（五）项', rows: ['license', 'other_mgmt_service'] },
    { label: '第二十条第（六）项', rows: ['penalty', 'coercion'] },
    { label: '第二十条第（八）项', rows: ['fee'] },
    { label: '第二十条第（九）项', rows: ['central_procurement'] },
  ],
};

/** The header above 表二's row labels. */
export const T2_ROW_HEADING = '信息内容';

/** 表二 2019 `central_procurement.amount` is normalised to 元; its printed label varies. */
export const T2_2019_PROCUREMENT_AMOUNT_LABEL = '采购总金额';

export const T3_COLS: ColSpec[] = [
  { key: 'natural', label: '自然人', unit: '件' },
  { key: 'commercial', label: '商业企业', unit: '件' },
  { key: 'research', label: '科研机构', unit: '件' },
  { key: 'social', label: '社会公益组织', unit: '件' },
  { key: 'legal', label: '法律服务机构', unit: '件' },
  { key: 'other_org', label: '其他', unit: '件' },
  { key: 'total', label: '总计', unit: '件' },
];
export const T3_COL_KEYS = T3_COLS.map((c) => c.key);

/** 表三's column headers: 申请人情况 over every column, 法人或其他组织 over five of them. */
export const T3_COL_HEADING = '申请人情况';
export const T3_LEGAL_PERSON = {
  label: '法人或其他组织',
  cols: ['commercial', 'research', 'social', 'legal', 'other_org'],
} as const;

const T3_ROWS_HEAD: RowSpec[] = [
  {
    key: 'new',
    label: '一、本年新收政府信息公开申请数量',
    cols: T3_COL_KEYS,
  },
  {
    key: 'carried_over',
    label: '二、上年结转政府信息公开申请数量',
    cols: T3_COL_KEYS,
  },
  { key: 'granted', label: '（一）予以公开', cols: T3_COL_KEYS },
  {
    key: 'partial',
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    cols: T3_COL_KEYS,
  },
  { key: 'deny_state_secret', label: '1.属于国家秘密', cols: T3_COL_KEYS },
  {
    key: 'deny_law_forbidden',
    label: '2.其他法律行政法规禁止公开',
    cols: T3_COL_KEYS,
  },
  {
    key: 'deny_three_safety',
    label: '3.危及“三安全一稳定”',
    cols: T3_COL_KEYS,
  },
  { key: 'deny_third_party', label: '4.保护第三方合法权益', cols: T3_COL_KEYS },
  {
    key: 'deny_internal_affairs',
    label: '5.属于三类内部事务信息',
    cols: T3_COL_KEYS,
  },
  { key: 'deny_process_info', label: '6.属于四类过程性信息', cols: T3_COL_KEYS },
  { key: 'deny_enforcement_file', label: '7.属于行政执法案卷', cols: T3_COL_KEYS },
  { key: 'deny_admin_query', label: '8.属于行政查询事项', cols: T3_COL_KEYS },
  {
    key: 'unable_no_info',
    label: '1.本机关不掌握相关政府信息',
    cols: T3_COL_KEYS,
  },
  {
    key: 'unable_need_create',
    label: '2.没有现成信息需要另行制作',
    cols: T3_COL_KEYS,
  },
  {
    key: 'unable_unclear',
    label: '3.补正后申请内容仍不明确',
    cols: T3_COL_KEYS,
  },
  { key: 'noproc_petition', label: '1.信访举报投诉类申请', cols: T3_COL_KEYS },
  { key: 'noproc_repeat', label: '2.重复申请', cols: T3_COL_KEYS },
  { key: 'noproc_publication', label: '3.要求提供公开出版物', cols: T3_COL_KEYS },
  {
    key: 'noproc_mass_repeat',
    label: '4.无正当理由大量反复申请',
    cols: T3_COL_KEYS,
  },
  {
    key: 'noproc_confirm',
    label: '5.要求行政机关确认或重新出具已获取信息',
    cols: T3_COL_KEYS,
  },
];

/** 2019's single （六）其他处理 row, which some 2021-format reports still print instead of its three sub-rows. */
const T3_OTHER_PROCESSING: RowSpec = {
  key: 'other_processing',
  label: '（六）其他处理',
  cols: T3_COL_KEYS,
};

const T3_ROWS_TAIL: RowSpec[] = [
  { key: 'total_processed', label: '（七）总计', cols: T3_COL_KEYS },
  { key: 'carry_forward', label: '四、结转下年度继续办理', cols: T3_COL_KEYS },
];

export const T3_ROWS: Record<TemplateVersion, RowSpec[]> = {
  '2021': [
    ...T3_ROWS_HEAD,
    {
      key: 'other_no_correction',
      label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      cols: T3_COL_KEYS,
    },
    {
      key: 'other_no_fee',
      label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      cols: T3_COL_KEYS,
    },
    { key: 'other_other', label: '3.其他', cols: T3_COL_KEYS },
    ...T3_ROWS_TAIL,
  ],
  '2019': [...T3_ROWS_HEAD, T3_OTHER_PROCESSING, ...T3_ROWS_TAIL],
};

/**
 * Rows a report may print in place of some of its template's rows: stored under their own keys
 * when printed (and those rows left NULL), absent otherwise.
 */
export const T3_VARIANTS: Record<TemplateVersion, { row: RowSpec; replaces: string[] }[]> = {
  '2021': [{ row: T3_OTHER_PROCESSING, replaces: ['other_no_correction', 'other_no_fee', 'other_other'] }],
  '2019': [],
};

/**
 * Group headers of 表三 (merged cells): printed, never data rows. Every row of a group has a key
 * that starts with the group's key and `_` (deny_state_secret).
 */
export const T3_GROUPS: Record<string, string> = {
  results: '三、本年度办理结果',
  deny: '（三）不予公开',
  unable: '（四）无法提供',
  noproc: '（五）不予处理',
  other: '（六）其他处理',
};

/** The groups of rows among 表三's results: （三）不予公开 …（六）其他处理. */
export const T3_GROUP_KEYS = ['deny', 'unable', 'noproc', 'other'] as const;
export type T3Group = (typeof T3_GROUP_KEYS)[number];

/** The 总计 cells of a group's rows in a template, or in any template when none is given. */
export function groupTotals(group: T3Group, template?: TemplateVersion): string[] {
  const rows = (template ? [template] : TEMPLATES).flatMap((t) => T3_ROWS[t]);
  return [...new Set(rows.filter((r) => r.key.startsWith(`${group}_`)).map((r) => `t3.${r.key}.total`))];
}

/**
 * The group header a 表三 row is printed under, or null. 2019's other_processing counts in the
 * 其他处理 sums but is printed as （六） itself, with no header over it.
 */
export function printedGroup(row: string): T3Group | null {
  if (row === 'other_processing') return null;
  return T3_GROUP_KEYS.find((g) => row.startsWith(`${g}_`)) ?? null;
}

export const T4_BLOCKS = [
  { key: 'review', label: '行政复议' },
  { key: 'lit_direct', label: '行政诉讼（未经复议直接起诉）' },
  { key: 'lit_after_review', label: '行政诉讼（复议后起诉）' },
] as const;

export const T4_COLS: ColSpec[] = [
  { key: 'upheld', label: '结果维持', unit: '件' },
  { key: 'corrected', label: '结果纠正', unit: '件' },
  { key: 'other', label: '其他结果', unit: '件' },
  { key: 'pending', label: '尚未审结', unit: '件' },
  { key: 'total', label: '总计', unit: '件' },
];

export const TABLE_TITLES: Record<TableId, string> = {
  t2: '表二 主动公开政府信息情况',
  t3: '表三 收到和处理政府信息公开申请情况',
  t4: '表四 政府信息公开行政复议、行政诉讼情况',
};

/** The six numbered sections, in order, with patterns for their heading variants. */
export const SECTIONS = [
  { num: '一', title: '总体情况', match: '总体情况' },
  { num: '二', title: '主动公开政府信息情况', match: '主动公开政府信息(?:情况)?' },
  { num: '三', title: '收到和处理政府信息公开申请情况', match: '收到和处理政府信息公开申请(?:的)?情况' },
  {
    num: '四',
    title: '政府信息公开行政复议、行政诉讼情况',
    match: '(?:政府信息公开|因政府信息公开申请)?行政法?复议(?:[、,，]?(?:提起)?行政诉讼)?(?:的)?(?:情况)?',
  },
  {
    num: '五',
    title: '存在的主要问题及改进情况',
    match: '(?:政府信息公开工作)?存在(?:的)?(?:主要)?问题(?:及(?:其)?改进(?:情况|措施)?)?',
  },
  { num: '六', title: '其他需要报告的事项', match: '其他需要报告(?:的)?事项' },
] as const;

/** The section each table is printed in: 表二 in 二、主动公开政府信息情况, and so on. */
export const TABLE_SECTION: Record<TableId, string> = { t2: '二', t3: '三', t4: '四' };

/** Whether a numbered section holds a table: its numbers are cells, and it has no prose subsections. */
export const holdsTable = (num: string): boolean => Object.values(TABLE_SECTION).includes(num);

/** A report's level, by the unit that writes it; for a schema, `z.enum(LEVELS)`. */
export const LEVELS = ['乡镇/街道', '县区', '市', '部门'] as const;
export type Level = (typeof LEVELS)[number];

/** "t3.new.natural" → its table, row and column. */
export function keyParts(key: string): { table: TableId; row: string; col: string } {
  const first = key.indexOf('.');
  const second = key.indexOf('.', first + 1);
  return { table: key.slice(0, first) as TableId, row: key.slice(first + 1, second), col: key.slice(second + 1) };
}

/** The printed label of a row, as the report's template prints it (2021 first when unknown). */
export function rowLabel(table: TableId, row: string, template?: ReportTemplate | null): string {
  return ROW_LABELS.get(`${template === '2019' ? '2019' : '2021'} ${table}.${row}`) ?? row;
}

/** "2021 t3.new" → its label, the given template's first (indexing asks for thousands a second). */
const ROW_LABELS = new Map<string, string>(
  TEMPLATES.flatMap((first) => {
    const order = [first, ...TEMPLATES.filter((t) => t !== first)];
    const rows = (table: 't2' | 't3') =>
      order
        .flatMap((t) => (table === 't2' ? T2_ROWS[t] : T3_ROWS[t]))
        .reverse()
        .map((r): [string, string] => [`${first} ${table}.${r.key}`, r.label]);
    return [...rows('t2'), ...rows('t3'), ...T4_BLOCKS.map((b): [string, string] => [`${first} t4.${b.key}`, b.label])];
  }),
);

/** The printed label of a column (of a given row where rows differ: 采购总金额 vs 收费金额). */
export function colLabel(table: TableId, col: string, row?: string): string {
  if (table === 't2')
    return row === 'central_procurement' && col === 'amount'
      ? T2_2019_PROCUREMENT_AMOUNT_LABEL
      : (T2_COLS[col]?.label ?? col);
  return (table === 't3' ? T3_COLS : T4_COLS).find((c) => c.key === col)?.label ?? col;
}

/** A printed label without its list number: "（三）不予公开" → "不予公开", "1.属于国家秘密" → "属于国家秘密". */
export function unnumbered(label: string): string {
  return label.replace(/^(?:[一二三四五六七八九十]、|[(（][一二三四五六七八九十][)）]|\d+[.、．])/, '');
}

/**
 * 表三's results by category, as a breakdown lists them in printed order: （一） and （二） are rows,
 * （三）…（六） groups of rows (of any template); labels without number or note ("部分公开").
 */
export const T3_RESULT_CATEGORIES: { label: string; keys: string[] }[] = [
  ...(['granted', 'partial'] as const).map((row) => ({
    label: T3_ROWS['2021'].find((r) => r.key === row)!.label,
    keys: [`t3.${row}.total`],
  })),
  ...T3_GROUP_KEYS.map((g) => ({ label: T3_GROUPS[g]!, keys: groupTotals(g) })),
].map((c) => ({ ...c, label: unnumbered(c.label).replace(/[(（][^)）]*[)）]$/, '') }));

/** Canonical keys in printed order (table by table, row by row), for showing a report's tables. */
export function printedOrder(template: TemplateVersion): string[] {
  return [
    ...T2_ROWS[template].flatMap((r) => r.cols.map((c) => `t2.${r.key}.${c}`)),
    ...T3_ROWS[template].flatMap((r) => r.cols.map((c) => `t3.${r.key}.${c}`)),
    ...T4_BLOCKS.flatMap((b) => T4_COLS.map((c) => `t4.${b.key}.${c.key}`)),
  ];
}
