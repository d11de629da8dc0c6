/**
 * The metric catalogue: every canonical cell a question can ask for, with the words people use
 * for it, and derived metrics (sums and ratios of cells). A metric is computed per report from
 * its cells; keys differ by template where the tables do (表三 （六）其他处理).
 */
import {
  groupTotals,
  T2_COLS,
  T2_ROWS,
  T3_ROWS,
  T4_BLOCKS,
  T4_COLS,
  TEMPLATES,
  unnumbered,
  type T3Group,
  type TemplateVersion,
} from './catalogue.ts';

export interface Metric {
  id: string;
  name: string;
  /** Words that name this metric in a question, longest matched first. */
  synonyms: string[];
  unit: string;
  /** Cells summed for the value, per template; absent when the template has no such figure. */
  keys: Partial<Record<TemplateVersion, string[]>>;
  /** For a ratio: cells summed for the denominator (value = Σkeys / Σper). */
  per?: Partial<Record<TemplateVersion, string[]>>;
  /** For a ratio: its denominator as an answer says it when it is 0 and the ratio undefined. */
  perName?: string;
  /** 表三 metrics take an applicant column (自然人, 法人…); others are fixed. */
  byApplicant?: boolean;
}

const both = (keys: string[]): Partial<Record<TemplateVersion, string[]>> => ({ '2021': keys, '2019': keys });

const T3_SYNONYMS: Record<string, string[]> = {
  new: [
    '本年新收政府信息公开申请数量',
    '新收政府信息公开申请',
    '新收申请',
    '收到申请',
    '收到的申请',
    '收到政府信息公开申请',
    '收到的政府信息公开申请',
    '申请量',
    '申请数量',
    '申请数',
    '新收',
    '受理申请',
    '受理的申请',
    '依申请公开申请',
    '收到多少申请',
    '收到了多少申请',
    '申请',
  ],
  carried_over: ['上年结转政府信息公开申请数量', '上年结转', '上年度结转', '去年结转', '结转过来'],
  granted: ['予以公开', '同意公开', '全部公开'],
  partial: ['部分公开'],
  deny_state_secret: ['属于国家秘密', '国家秘密'],
  deny_law_forbidden: ['其他法律行政法规禁止公开', '法律行政法规禁止公开'],
  deny_three_safety: ['危及三安全一稳定', '三安全一稳定'],
  deny_third_party: ['保护第三方合法权益', '第三方合法权益'],
  deny_internal_affairs: ['属于三类内部事务信息', '内部事务信息', '内部事务'],
  deny_process_info: ['属于四类过程性信息', '过程性信息'],
  deny_enforcement_file: ['属于行政执法案卷', '行政执法案卷', '执法案卷'],
  deny_admin_query: ['属于行政查询事项', '行政查询事项'],
  unable_no_info: ['本机关不掌握相关政府信息', '不掌握相关政府信息', '不掌握'],
  unable_need_create: ['没有现成信息需要另行制作', '需要另行制作', '另行制作'],
  unable_unclear: ['补正后申请内容仍不明确', '申请内容不明确', '内容不明确'],
  noproc_petition: ['信访举报投诉类申请', '信访举报投诉', '信访类'],
  noproc_repeat: ['重复申请'],
  noproc_publication: ['要求提供公开出版物', '公开出版物'],
  noproc_mass_repeat: ['无正当理由大量反复申请', '大量反复申请'],
  noproc_confirm: ['要求行政机关确认或重新出具已获取信息', '确认或重新出具'],
  other_no_correction: ['逾期不补正'],
  other_no_fee: ['逾期未按收费通知要求缴纳费用', '未缴纳费用', '逾期未缴费'],
  other_other: [],
  other_processing: [],
  total_processed: [
    '办理结果总计',
    '本年度办理结果总计',
    '办理总计',
    '已经办结',
    '办结了',
    '已办结',
    '办结的',
    '办结',
    '办理完成',
    '答复了',
    '办理总数',
    '（七）总计',
  ],
  carry_forward: [
    '结转下年度继续办理',
    '结转下年度',
    '结转到下一年',
    '结转下年',
    '结转至下年',
    '继续办理',
    '结转到',
    '结转',
    '没有办完',
    '没办完',
    '未办完',
    '没有办结',
    '没办结',
    '未办结',
    '尚未办结',
    '还在办理',
    '正在办理',
    '仍在办理',
    '尚在办理',
    '留到下一年',
    '留到明年',
    '留待',
    '转入下一年',
    '转入下年',
    '跨年办理',
    '跨年',
    '下一年再',
    '明年再',
    '再答复',
    '再办理',
  ],
};

/** Where a row's printed label says too little out of its table ("（七）总计"). */
const T3_NAMES: Record<string, string> = { total_processed: '办理结果总计' };

function t3Metrics(): Metric[] {
  const rows = new Map<string, { label: string; templates: TemplateVersion[] }>();
  for (const t of TEMPLATES) {
    for (const r of T3_ROWS[t]) {
      const have = rows.get(r.key);
      rows.set(r.key, { label: r.label, templates: [...(have?.templates ?? []), t] });
    }
  }
  return [...rows].map(([row, { label, templates }]) => ({
    id: `t3.${row}`,
    name: T3_NAMES[row] ?? unnumbered(label),
    synonyms: T3_SYNONYMS[row] ?? [],
    unit: '件',
    keys: Object.fromEntries(templates.map((t) => [t, [`t3.${row}.total`]])),
    byApplicant: true,
  }));
}

const T2_SYNONYMS: Record<string, string[]> = {
  'reg.made': ['规章制发', '制发规章', '新制发规章', '规章本年制发'],
  'reg.repealed': ['规章废止', '废止规章', '废止的规章'],
  'reg.valid': ['现行有效规章', '规章现行有效', '有效规章'],
  'norm.made': [
    '制发行政规范性文件',
    '行政规范性文件制发',
    '规范性文件制发',
    '制发规范性文件',
    '新制发规范性文件',
    '发了多少规范性文件',
    '规范性文件本年制发',
  ],
  'norm.repealed': ['废止行政规范性文件', '规范性文件废止', '废止规范性文件', '废止的规范性文件'],
  'norm.valid': ['现行有效行政规范性文件', '现行有效规范性文件', '规范性文件现行有效', '有效规范性文件'],
  'license.decisions': ['行政许可', '许可决定', '许可'],
  'penalty.decisions': ['行政处罚', '处罚决定', '罚了多少', '处罚', '罚款'],
  'coercion.decisions': ['行政强制', '强制措施', '强制决定', '强制'],
  'fee.amount': ['行政事业性收费', '收费金额', '事业性收费', '收费'],
  'reg.new_made': ['规章新制作', '新制作规章'],
  'reg.new_published': ['规章新公开', '新公开规章'],
  'reg.total_published': ['规章对外公开总数', '规章公开总数'],
  'norm.new_made': ['规范性文件新制作', '新制作规范性文件'],
  'norm.new_published': ['规范性文件新公开', '新公开规范性文件'],
  'norm.total_published': ['规范性文件对外公开总数', '规范性文件公开总数'],
  'license.prev_items': ['行政许可上一年项目数量', '许可上一年项目'],
  'license.delta': ['行政许可本年增减', '许可增减'],
  'other_mgmt_service.prev_items': ['其他对外管理服务事项上一年项目数量'],
  'other_mgmt_service.delta': ['其他对外管理服务事项增减'],
  'other_mgmt_service.decisions': ['其他对外管理服务事项', '对外管理服务事项'],
  'penalty.prev_items': ['行政处罚上一年项目数量', '处罚上一年项目'],
  'penalty.delta': ['行政处罚本年增减', '处罚增减'],
  'coercion.prev_items': ['行政强制上一年项目数量'],
  'coercion.delta': ['行政强制本年增减'],
  'fee.prev_items': ['行政事业性收费上一年项目数量', '收费项目数量', '收费项目'],
  'fee.delta': ['行政事业性收费本年增减', '收费项目增减'],
  'central_procurement.count': ['政府集中采购项目数量', '采购项目数量', '集中采购项目', '采购项目'],
  'central_procurement.amount': ['政府集中采购总金额', '采购总金额', '采购金额', '集中采购'],
};

function t2Metrics(): Metric[] {
  const out = new Map<string, Metric>();
  for (const t of TEMPLATES) {
    for (const r of T2_ROWS[t]) {
      for (const c of r.cols) {
        const id = `t2.${r.key}.${c}`;
        const m = out.get(id);
        if (m) {
          m.keys[t] = [id];
          continue;
        }
        // 政府集中采购's amount is stored in 元 (see T2_2019_PROCUREMENT_AMOUNT_LABEL).
        const unit = r.key === 'central_procurement' && c === 'amount' ? '元' : T2_COLS[c]!.unit;
        out.set(id, {
          id,
          name: `${r.label}${colName(c)}`,
          synonyms: T2_SYNONYMS[`${r.key}.${c}`] ?? [],
          unit,
          keys: { [t]: [id] },
        });
      }
    }
  }
  return [...out.values()];
}

/** Where a printed column label says too much after its row's ("行政处罚本年处理决定数量"). */
const T2_COL_NAMES: Record<string, string> = { decisions: '处理决定数量', amount: '金额', count: '项目数量' };
const colName = (c: string): string => T2_COL_NAMES[c] ?? T2_COLS[c]?.label ?? c;

function t4Metrics(): Metric[] {
  // Each column's words after the block's ("行政复议维持"); the total first, as the block's own name.
  const cols: [string, string[]][] = [
    ['total', ['']],
    ['upheld', ['维持']],
    ['corrected', ['纠正']],
    ['other', ['其他结果']],
    ['pending', ['尚未审结', '未审结']],
  ];
  const out: Metric[] = [];
  for (const b of T4_BLOCKS) {
    const words =
      b.key === 'review'
        ? ['行政复议', '复议']
        : b.key === 'lit_direct'
          ? ['未经复议直接起诉', '直接起诉']
          : ['复议后起诉'];
    for (const [col, suffixes] of cols) {
      const name = col === 'total' ? '总数' : T4_COLS.find((c) => c.key === col)!.label;
      out.push({
        id: `t4.${b.key}.${col}`,
        name: `${b.label}${name}`,
        synonyms: words
          .flatMap((w) => suffixes.map((s) => `${w}${s}`))
          .concat(
            col === 'total' && b.key === 'review'
              ? ['被申请复议', '申请复议', '申请行政复议', '复议案件', '复议数量']
              : [],
          ),
        unit: '件',
        keys: both([`t4.${b.key}.${col}`]),
      });
    }
  }
  const lit = (col: string) => both([`t4.lit_direct.${col}`, `t4.lit_after_review.${col}`]);
  out.push(
    {
      id: 'lit.total',
      name: '行政诉讼总数',
      synonyms: ['行政诉讼', '被起诉', '被告', '被人告', '告上法庭', '诉讼案件', '诉讼', '起诉'],
      unit: '件',
      keys: lit('total'),
    },
    {
      id: 'lit.upheld',
      name: '行政诉讼结果维持',
      synonyms: ['诉讼维持', '诉讼结果维持'],
      unit: '件',
      keys: lit('upheld'),
    },
    {
      id: 'lit.corrected',
      name: '行政诉讼结果纠正',
      synonyms: ['诉讼纠正', '诉讼结果纠正', '败诉'],
      unit: '件',
      keys: lit('corrected'),
    },
    {
      id: 'lit.pending',
      name: '行政诉讼尚未审结',
      synonyms: ['诉讼尚未审结', '诉讼未审结'],
      unit: '件',
      keys: lit('pending'),
    },
    {
      id: 'review.correction_rate',
      name: '行政复议纠错率',
      synonyms: ['复议纠错率', '纠错率', '被纠错率'],
      unit: '%',
      keys: both(['t4.review.corrected']),
      per: both(['t4.review.total']),
      perName: '行政复议总计',
    },
  );
  return out;
}

const sumGroup = (group: T3Group): Partial<Record<TemplateVersion, string[]>> =>
  Object.fromEntries(TEMPLATES.map((t) => [t, groupTotals(group, t)]));

function derivedMetrics(): Metric[] {
  return [
    {
      id: 'd.applications',
      name: '申请总量（新收+上年结转）',
      synonyms: ['申请总量', '申请总数', '全部申请', '应办理申请', '新收和结转'],
      unit: '件',
      keys: both(['t3.new.total', 't3.carried_over.total']),
    },
    {
      id: 'd.deny',
      name: '不予公开合计',
      synonyms: ['不予公开合计', '不予公开总数', '不予公开'],
      unit: '件',
      keys: sumGroup('deny'),
    },
    {
      id: 'd.unable',
      name: '无法提供合计',
      synonyms: ['无法提供合计', '无法提供总数', '无法提供'],
      unit: '件',
      keys: sumGroup('unable'),
    },
    {
      id: 'd.noproc',
      name: '不予处理合计',
      synonyms: ['不予处理合计', '不予处理总数', '不予处理'],
      unit: '件',
      keys: sumGroup('noproc'),
    },
    {
      id: 'd.other',
      name: '其他处理合计',
      synonyms: ['其他处理合计', '其他处理'],
      unit: '件',
      keys: sumGroup('other'),
    },
    {
      id: 'd.disclosed',
      name: '予以公开和部分公开合计',
      synonyms: ['公开和部分公开', '予以公开及部分公开', '予以公开和部分公开'],
      unit: '件',
      keys: both(['t3.granted.total', 't3.partial.total']),
    },
    {
      id: 'd.grant_rate',
      name: '予以公开率（予以公开÷办理总计）',
      synonyms: ['公开率', '予以公开率', '公开比例'],
      unit: '%',
      keys: both(['t3.granted.total']),
      per: both(['t3.total_processed.total']),
      perName: '办理总计',
    },
    {
      id: 'd.completion_rate',
      name: '办结率（办理总计÷申请总量）',
      synonyms: ['办结率', '办结比例', '办理比例'],
      unit: '%',
      keys: both(['t3.total_processed.total']),
      per: both(['t3.new.total', 't3.carried_over.total']),
      perName: '申请总量（本年新收与上年结转）',
    },
  ];
}

export const METRICS: Metric[] = [...derivedMetrics(), ...t2Metrics(), ...t3Metrics(), ...t4Metrics()];

export const METRIC_BY_ID = new Map(METRICS.map((m) => [m.id, m]));

/**
 * 表二 asked by parts: the row ("规章", "行政处罚") and the column ("制发", "废止", "上一年项目")
 * anywhere in the question, e.g. "今年制发了几件规章". The first column is the default.
 */
export const T2_ROW_WORDS: Record<string, string[]> = {
  reg: ['规章'],
  norm: ['行政规范性文件', '规范性文件'],
  license: ['行政许可', '许可'],
  other_mgmt_service: ['其他对外管理服务事项', '对外管理服务'],
  penalty: ['行政处罚', '处罚', '罚了'],
  coercion: ['行政强制', '强制'],
  fee: ['行政事业性收费', '事业性收费', '收费'],
  central_procurement: ['政府集中采购', '集中采购', '采购'],
};
export const T2_COL_WORDS: Record<string, string[]> = {
  made: ['本年制发', '制发', '制定', '出台', '新发'],
  repealed: ['废止', '度止', '废除'],
  valid: ['现行有效', '有效'],
  decisions: ['处理决定', '决定'],
  amount: ['收费金额', '总金额', '金额', '多少钱', '万元'],
  new_made: ['新制作', '制作'],
  // 2019's columns as people ask them: what was 主动公开 this year, what is 对外公开 in all.
  new_published: ['新公开', '主动公开', '本年公开'],
  total_published: ['对外公开总数', '公开总数', '公开总量', '对外公开', '累计'],
  prev_items: ['上一年项目', '上年项目', '上一年'],
  delta: ['增/减', '增减', '增加还是减少'],
  count: ['项目数量', '项目数', '几个项目', '个项目'],
};

/** 表三 applicant columns as people name them; 法人 sums the five organisation columns. */
export const APPLICANT_COLUMNS: { id: string; name: string; words: string[]; cols: string[] }[] = [
  { id: 'natural', name: '自然人', words: ['自然人', '个人申请'], cols: ['natural'] },
  {
    id: 'legal_person',
    name: '法人或其他组织',
    words: ['法人或其他组织', '法人', '企业和组织'],
    cols: ['commercial', 'research', 'social', 'legal', 'other_org'],
  },
  { id: 'commercial', name: '商业企业', words: ['商业企业', '企业'], cols: ['commercial'] },
  { id: 'research', name: '科研机构', words: ['科研机构'], cols: ['research'] },
  { id: 'social', name: '社会公益组织', words: ['社会公益组织', '公益组织'], cols: ['social'] },
  { id: 'legal', name: '法律服务机构', words: ['法律服务机构', '律师事务所', '律所'], cols: ['legal'] },
  { id: 'other_org', name: '其他组织', words: ['其他组织'], cols: ['other_org'] },
];

/** The cells of a metric for one template and applicant column (default: the 总计 column). */
export function metricKeys(
  m: Metric,
  template: TemplateVersion,
  applicant?: string,
): { keys: string[]; per: string[] } {
  const col = APPLICANT_COLUMNS.find((a) => a.id === applicant);
  const swap = (keys: string[]) =>
    m.byApplicant && col ? keys.flatMap((k) => col.cols.map((c) => k.replace(/\.total$/, `.${c}`))) : keys;
  return { keys: swap(m.keys[template] ?? []), per: swap(m.per?.[template] ?? []) };
}

/**
 * Whether a ratio is undefined for a report rather than blank: every cell it needs is filled and
 * its denominator is 0 (0 applications: no 办结率 to compute). False for a metric that is no ratio.
 */
export function zeroDenominator(
  m: Metric,
  template: TemplateVersion,
  cells: ReadonlyMap<string, number | null>,
  applicant?: string,
): boolean {
  const { keys, per } = metricKeys(m, template, applicant);
  if (!per.length) return false;
  const vals = [...keys, ...per].map((k) => cells.get(k));
  if (vals.some((v) => v === null || v === undefined)) return false;
  return per.reduce((a, k) => a + cells.get(k)!, 0) === 0;
}
