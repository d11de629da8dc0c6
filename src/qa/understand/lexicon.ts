/**
 * The lexicon of question understanding: every cue a question is read by, defined once with an
 * example of what it matches. `understand()` and the answerers read questions only through these;
 * the metric catalogue (src/domain/metrics.ts) holds the printed labels, this the words people use.
 */

export interface Cue {
  re: RegExp;
  /** A question the cue fires on (checked by the lexicon's test). */
  example: string;
}

const cue = (re: RegExp, example: string): Cue => ({ re, example });

export const CUES = {
  /** Asks for how or why, a description: answered by quoting the reports. */
  narrative: cue(
    /为什么|原因|如何|怎么|怎样|做了什么|做了哪些|哪些(?:措施|工作|问题|做法|举措|方面|亮点|经验|方式|渠道)|存在|问题|不足|短板|改进|整改|措施|举措|经验|亮点|介绍|说明|内容|方式|渠道|做法|情况如何|怎么样|哪些方面/,
    '花马池镇存在哪些问题',
  ),
  /** Asks for a number, a count, a ranking or a comparison. */
  numeric: cue(
    /多少|几[件个份条项次起]?|数量|数目|[件条个次份]数|合计|总共|一共|共计|总数|最多|最少|最高|最低|排名|排序|前\s*[\d一二三四五六七八九十]|变化|趋势|对比|比较|相比|占比|比例|率|为0|为零|不为|大于|超过|少于|小于|哪些(?:镇|乡|单位|报告)|哪个|分布|构成|平均/,
    '花马池镇行政处罚多少件',
  ),
  /** Asks whether there was any: a figure answered 有/没有 first. */
  yesNo: cue(/有没有|是否有|有无|[过了]吗[？?]?$|有人/, '南郊镇有市场主体申请过吗'),
  /** Things counted that are not 政府信息公开 applications, though worded alike. */
  notApplications: cue(/提案|诉求|热线|12345|事项|服务中心|建议|满意|信访件|来电|工单/, '南郊镇承办了几件政协提案'),
  /** Names 申请 itself (so 信访 counted among applications stays one). */
  application: cue(/申请/, '南郊镇新收申请多少件'),
  /** Asks for an amount of money. */
  money: cue(/多少钱|金额|罚没|罚款额|多少元|多少万元/, '花马池镇罚款收了多少钱'),
  /** Counts items, whatever they are about ("涉及金额的申请有多少件"). */
  countAsked: cue(/(?:多少|几)\s*(?:件|个|条|项|份|起)/, '涉及金额的申请有多少件'),
  /** Several figures to be added up. */
  total: cue(/加|一共|总共|合计|加起来|共计|总和/, '行政处罚和行政强制加起来多少'),
  /** One precise thing asked (a name, a date, a phone): a passage must hold all the question's words. */
  precise: cue(/是谁|叫什么|名字|哪天|几号|电话|地址|多少钱/, '古城镇的联系电话是多少'),
  /** A year relative to the one being discussed (not 上一年项目数量, 上年结转, columns of the tables). */
  relativeYear: cue(/去年|前年|上一年(?!项目)|前一年|上年度?(?!结转|项目)/, '去年的数据呢'),
  /** Two-digit years people type on a phone: 23年 = 2023 (not 12345, not 第21年, not 近10年). */
  shortYear: cue(/(?<![\d第近过去])([12]\d)\s*年(?!代)/, '古城镇23年有人申请吗'),
  /** A follow-up asking the parts of the figure just discussed. */
  breakdownFollowUp: cue(
    /分别|各是|具体|(?:哪[些种几]?|什么)(?:种|类)?(?:情形|原因)|哪几类|哪些类|构成|明细|是个人还是|还是企业|谁申请/,
    '分别是什么原因',
  ),
} satisfies Record<string, Cue>;

/** Where a question lists several figures: "新收、办结、结转各多少", "个人还是企业". */
export const FIGURE_SEPARATORS = /[、，,；;]|加上|加|和|及|与|以及|还是|或者|或/;

/**
 * Everyday words for metrics, beyond their printed labels and synonyms in the catalogue, by metric
 * id. A word here is scored like a label: the longest match of a question wins.
 * @example '开了多少张罚单' → t2.penalty.decisions
 */
export const METRIC_WORDS: Record<string, string[]> = {
  't2.penalty.decisions': ['罚单', '处罚了', '处罚决定'],
  't2.coercion.decisions': ['强制措施'],
  't2.license.decisions': ['批了多少许可', '许可证'],
  'lit.total': ['告上法庭', '打官司', '被人起诉', '被起诉', '吃官司'],
  't3.new': ['有人申请', '来申请', '申请过', '提出的申请', '提的申请', '提出申请'],
  't3.granted': ['直接公开', '给予公开', '给公开', '同意公开', '全部公开'],
  't3.partial': ['公开了一部分', '公开一部分', '只公开了部分', '部分公开'],
  'd.deny': ['拒绝公开', '不给公开', '不让公开', '不公开', '没公开', '没有公开'],
  't3.unable_no_info': [
    '没有这个信息',
    '没有那个信息',
    '没有该信息',
    '没有相关信息',
    '手里没有',
    '信息不存在',
    '没掌握',
    '不掌握',
  ],
  't3.unable_need_create': ['重新制作', '需要制作', '另行制作', '重新做'],
  't3.unable_unclear': ['说不清楚', '不明确', '不清楚'],
  'd.unable': ['没法提供', '提供不了', '无法提供', '不能提供'],
  't3.noproc_petition': ['信访投诉', '举报投诉', '信访', '投诉'],
  't3.noproc_repeat': ['重复申请', '重复提出', '反复申请'],
  't3.noproc_publication': ['出版物'],
  'd.noproc': ['不予处理', '不处理', '没有处理'],
  't3.other_no_correction': ['不补正', '没有补正', '没补正'],
  't3.other_no_fee': ['没交费', '没缴费', '不交费'],
  't3.total_processed': ['答复处理', '处理完', '办完了', '办完', '处理了', '办理了', '答复'],
  't3.carry_forward': ['转到下一年', '转到明年', '留到下一年', '年底还有'],
  'd.grant_rate': ['公开的比例'],
};

/** The 表三 group a result row belongs to, by its key's prefix: its words count for the row at half weight. */
export const T3_GROUP_OF: [prefix: string, group: string][] = [
  ['t3.deny_', 'd.deny'],
  ['t3.unable_', 'd.unable'],
  ['t3.noproc_', 'd.noproc'],
  ['t3.other_', 'd.other'],
];

/**
 * Everyday words for 表三's applicant columns, beyond the catalogue's (自然人, 商业企业…).
 * @example '南郊镇老百姓申请了几件' → natural
 */
export const APPLICANT_WORDS: Record<string, string[]> = {
  natural: ['个人', '群众', '老百姓', '公民', '市民', '居民', '自然人'],
  legal_person: ['法人或者其他组织', '单位和组织'],
  commercial: ['公司', '市场主体', '商户', '个体户', '企业'],
  research: ['科研单位', '研究机构', '研究所', '高校', '大学'],
  social: ['公益机构', '慈善组织', '社会组织'],
  legal: ['律师事务所', '律师', '律所'],
};

/**
 * 表四 by parts: a block (复议, 诉讼) and a result column, anywhere in the question or one of its
 * parts ("行政复议结果维持和结果纠正各几件": the second part takes the block of the first).
 */
export const T4_BLOCK_WORDS: [metricPrefix: string, words: string[]][] = [
  ['t4.lit_direct', ['未经复议直接起诉', '直接起诉']],
  ['t4.lit_after_review', ['复议后起诉']],
  ['t4.review', ['行政复议', '复议']],
  ['lit', ['行政诉讼', '诉讼', '起诉', '告上法庭', '打官司']],
];
export const T4_COLUMN_WORDS: [col: string, words: string[]][] = [
  ['upheld', ['结果维持', '维持']],
  ['corrected', ['结果纠正', '纠正', '被纠错']],
  ['other', ['其他结果']],
  ['pending', ['尚未审结', '未审结', '还没审结', '没审结', '没结案']],
];
