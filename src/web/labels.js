// @ts-check
// The page's Chinese words for the answer contract's enums and result columns.

/** @type {Record<string, string>} */
export const ROUTE_LABEL = { sql: '表格数据', hybrid: '表格数据 + 原文', retrieval: '原文摘录', none: '未找到' };

/** @type {Record<string, string>} */
export const INTENT_LABEL = {
  lookup: '查询',
  sum: '合计',
  avg: '平均',
  rank: '排名',
  max: '最多',
  min: '最少',
  filter: '筛选',
  compare: '对比',
  trend: '趋势',
  breakdown: '构成',
  count: '计数',
  quality: '勾稽校验',
};

/** @type {Record<string, string>} */
export const COL_LABEL = {
  rank: '排名',
  org: '机关',
  region: '地区',
  year: '年度',
  category: '类别',
  value: '数值',
  title: '报告',
  rule: '规则',
  status: '结果',
  message: '说明',
  total: '合计',
  average: '平均',
  counted: '计入报告数',
  reports: '报告数',
};

/** How a report that names no org (org null) is shown (UNNAMED_ORG in src/domain/org-names.ts). */
export const UNNAMED_ORG_LABEL = '未署名单位';

/** A report's format (REPORT_TEMPLATES in src/domain/catalogue.ts). @type {Record<string, string>} */
export const TEMPLATE_LABEL = { 2021: '2021版模板', 2019: '2019版模板', pre2019: '2019年以前的格式（无统计表）' };
