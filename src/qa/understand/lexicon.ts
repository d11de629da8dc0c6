/**
 * The lexicon of question understanding: every cue a question is read by, defined once with an
 * example of what it matches. `understand()` and the answerers read questions only through these;
 * the metric catalogue (src/domain/metrics.ts) holds the printed labels, this the words people use.
 */

import { CHINESE_NUMERAL_CHARS } from '../../domain/numerals.ts';
import { DEPARTMENT_SUFFIXES, GOVERNMENT_SUFFIXES, suffixPattern, UNIT_SUFFIXES } from '../../domain/regions.ts';

export interface Cue {
  re: RegExp;
  /** A question the cue fires on (checked by the lexicon's test). */
  example: string;
}

const cue = (re: RegExp, example: string): Cue => ({ re, example });

export const CUES = {
  /** Asks for how or why, a description: answered by quoting the reports. */
  narrative: cue(
    /为什么|原因|如何|怎么|怎样|做了什么|做了哪些|(?:哪个|什么)(?:部门|单位|机构|科室|办公室)[^，。？]{0,4}(?:主管|负责|牵头|承担|管理)|谁(?:主管|负责|牵头)|哪些(?:措施|工作|问题|做法|举措|方面|亮点|经验|方式|渠道)|存在|问题|不足|短板|改进|整改|措施|举措|经验|亮点|介绍|说明|内容|(?:什么|哪种|哪几种|哪个)(?:方式|渠道|途径)|(?:方式|渠道|途径)有哪些|拓展[^，。？]{0,8}渠道|做法|情况如何|怎么样|哪些方面|哪几(?:个)?方面|(?:分成|分为|包括|包含|涵盖)(?:了)?哪(?:几|些)(?:个)?(?:类|种|块|部分|方面)/,
    '花马池镇存在哪些问题',
  ),
  /** Asks for a number, a count, a ranking or a comparison. */
  numeric: cue(
    /多少|几[件个份条项次起]?|数量|数目|[件条个次份]数|合计|总共|一共|共计|总数|最多|最少|最高|最低|排名|排序|前\s*[\d一二三四五六七八九十]|变化|趋势|对比|比较|相比|占比|比例|率|为0|为零|不为|大于|超过|少于|小于|哪些(?:镇|乡|单位|报告)|哪个|分布|构成|平均/,
    '花马池镇行政处罚多少件',
  ),
  /** Asks whether there was any: a figure answered 有/没有 first. */
  yesNo: cue(
    /有没有|是否有|有无|[过了]吗[？?]?$|(?:了|过|到)[^，。？?]{1,12}没有[？?]?$|有人/,
    '南郊镇有市场主体申请过吗',
  ),
  /** Things counted that are not 政府信息公开 applications, though worded alike. */
  notApplications: cue(/提案|诉求|热线|12345|事项|服务中心|建议|满意|信访件|来电|工单/, '南郊镇承办了几件政协提案'),
  /** Names 申请 itself (so 信访 counted among applications stays one). */
  application: cue(/申请/, '南郊镇新收申请多少件'),
  /** Asks for an amount of money. */
  money: cue(/多少钱|金额|罚没(?!有)|罚款额|多少元|多少万元/, '花马池镇罚款收了多少钱'),
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

/**
 * One precise thing asked, by the form it is written in: a passage answers only when it holds
 * that form (a phone number, a date, an address). A precise thing with no form here (是谁, a
 * name: 公众号叫什么, written without quotes) needs every word of the question met instead.
 */
export const PRECISE_FORMS: { asked: Cue; form: RegExp; enough?: true }[] = [
  { asked: cue(/电话|热线|号码/, '古城镇年报有问题打哪个电话'), form: /\d{3,4}\s*[-－—]\s*\d{7,8}|\d{7,12}/ },
  {
    asked: cue(/哪天|几号|日期/, '古城镇的年报是哪天发布的'),
    form: /\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*[-年.]\s*\d{1,2}\s*[-月.]\s*\d{1,2}/,
  },
  { asked: cue(/地址|在哪里|在什么地方/, '政务服务中心的地址在哪里'), form: /[路街道巷]\s*\d+\s*号|地址/ },
  // Who does a task is a unit or staff the report names (办公室配备专人负责); who applied is never named.
  {
    asked: cue(
      /(?:谁[在来]?(?:统一|具体)?|由谁)(?:建设|维护|运维|运营|负责|管理|管|牵头|承担|发布|审核|更新)/,
      '公开平台是谁在维护',
    ),
    form: /专人|专职|办公室|工作人员|负责|牵头|承办|由[^，。；]{2,12}?(?:统一)?(?:建设|维护|运维|运营|管理)/,
  },
  // A name is often printed bare (幸福南郊微信公众号): a quoted one is enough, not required.
  {
    asked: cue(/名字|名称|叫什么/, '编制了一本什么名字的汇编'),
    form: /《[^》\n]{2,40}》|“[^”\n]{2,30}”/,
    enough: true,
  },
];

/** The query parser's cues (plan.ts): which intent, filter or template a figure is asked with. */
export const PLAN_CUES = {
  /** A check of the data asked. */
  quality: cue(/勾稽|不一致|校验|数据质量|对不上|不平衡|有错误的报告|数据有误/, '哪些报告数据有误'),
  /** "Do they agree": of a table or its data, the checks. */
  consistent: cue(/对得上|是否一致|一致吗/, '花马池镇表三的数据对得上吗'),
  /** A table or its data named. */
  tableOrData: cue(/表[二三四]?|数据/, '表三的数据对得上吗'),
  /** The 2019 (试行) template asked. */
  template2019: cue(
    /(?:2019|试行)\s*年?版|2019\s*年?(?:版)?(?:模板|格式)|试行|[旧老](?:版|表样|表格|格式|模板|样式)/,
    '哪份报告还在用旧表样',
  ),
  /** The 2021 template asked. */
  template2021: cue(/2021\s*年?版|2021\s*年?(?:版)?(?:模板|格式)/, '哪些报告用的是2021年版的年报格式'),
  /** Reports counted. */
  countReports: cue(
    /(?:几|多少)(?:份|个|篇)[^，。]{0,12}?(?:报告|年报)|(?:报告|年报)(?:有)?(?:几|多少)(?:份|个|篇)|有几个(?:镇|乡|单位)(?:的|有)|多少个(?:镇|乡|单位)的报告/,
    '库里有几份2021年的报告',
  ),
  /** Reports listed. */
  listReports: cue(
    /哪些报告|哪几份|有哪些[^，。]{0,8}(?:报告|年报)|(?:报告|年报)有哪些|列出[^，。]{0,8}(?:报告|年报)|都有哪些(?:镇|乡|单位)|哪些(?:镇|乡|单位)的(?:年报|报告)|是哪个镇的|哪个镇的(?:报告|年报)|各有哪个/,
    '库里都有哪些镇的年报',
  ),
  /** The parts of a figure asked. */
  kinds: cue(
    /分布|构成|结构|各类|分别是|各项|明细|哪几类|哪些类|哪几种|哪些类型|什么类型|哪类|什么原因|原因是什么|(?:哪[些种几]?|什么)(?:种|类)?(?:情形|原因)|是[^，。？]{1,8}还是|(?<!分别是)谁(?:提|申请)的/,
    '南郊镇不予处理分别是什么原因',
  ),
  /** A 表三 result group named. */
  resultGroup: cue(/不予公开|无法提供|不予处理|其他处理/, '南郊镇无法提供的有哪几种情形'),
  /** Applicants asked about as a whole. */
  applicantsAsked: cue(
    /申请人|自然人|法人|申请主体|个人|企业|公司|(?<!分别是)谁(?:提|申请)的/,
    '南郊镇的申请人都是哪类',
  ),
  /** Results asked about as a whole. */
  resultsAsked: cue(/办理结果|结果|处理|办理/, '南郊镇办理结果分布'),
  /** A number asked. */
  asksNumber: cue(/多少|几/, '南郊镇自然人有几件'),
  /** A rate asked. */
  rate: cue(/比例|百分比|占比|比率/, '南郊镇新收申请里有多大比例已经办结'),
  /** An extreme or a total: not a count of reports. */
  extremeOrTotal: cue(/最多|最少|合计|总共/, '哪个镇的报告里行政处罚最多'),
  /** A condition on a value: not a count of reports. */
  valueCondition: cue(/(?:为|是)\s*(?:0|零)|没有|不为|大于|超过/, '有几个镇的行政处罚为0'),
  /** Whether there is any. */
  anyAsked: cue(/有没有|是否有|是否存在|有无/, '南郊镇有没有结转'),
  /** Zero asked. */
  zero: cue(/(?:为|是|等于)\s*(?:0|零)|没有|没收到|未收到|一件(?:都|也)没|无申请|零申请|空白/, '哪些镇没有收到申请'),
  /** Zero negated. */
  notZero: cue(/不为|不是\s*(?:0|零)/, '行政处罚不为0的有哪些'),
  /** Non-zero asked. */
  nonzero: cue(
    /不为\s*(?:0|零)|不是\s*(?:0|零)|非零|有(?:收到)?申请的|收到了申请|收到过|有[^，。]{0,6}情形/,
    '哪些镇收到过申请',
  ),
  /** A value compared with a number. */
  comparison: cue(/(大于|超过|多于|高于|少于|小于|低于|至少|不少于)\s*(\d+)/, '行政处罚超过100件的镇'),
  /** The comparison is "more than". */
  more: cue(/大于|超过|多于|高于/, '超过100件'),
  /** The comparison is "less than". */
  less: cue(/少于|小于|低于/, '少于3件'),
  /** Which orgs meet a condition. */
  whichFiltered: cue(/哪些|哪几个|哪个|有没有|列出|名单|有哪|有几个|几个镇/, '哪些镇没有收到申请'),
  /** A list asked. */
  listAsked: cue(/哪些|有哪|列出|名单/, '列出收到申请的镇'),
  /** Orgs or reports named as such. */
  unitWord: cue(/(?:镇|乡|单位|报告)/, '哪些镇'),
  /** An extreme asked. */
  extreme: cue(/最多|最少|最高|最低/, '哪个镇最多'),
  /** A ranking asked. */
  rank: cue(/排名|排序|排行|从高到低|从多到少|从少到多|从低到高/, '各镇行政处罚排名'),
  /** A ranking from the least. */
  ascending: cue(/从少到多|从低到高|升序|最少/, '各镇行政处罚从少到多排序'),
  /** The most asked. */
  max: cue(/最多|最高|最大|第一|之最|领先/, '哪个镇行政处罚最多'),
  /** The least asked. */
  min: cue(/最少|最低|最小/, '哪个镇行政处罚最少'),
  /** A total over orgs or years. */
  sumOver: cue(/合计|总共|一共|共计|加起来|总和|累计/, '2021年以来行政处罚累计多少'),
  /** A change over years. */
  trend: cue(/变化|趋势|历年|逐年|每年|近\S?年|以来|增减|增长|下降|走势/, '花马池镇近三年申请量变化'),
  /** Years compared. */
  compareWord: cue(/比|对比|相比|较|和|与/, '2020年和2021年对比'),
  /** An average asked. */
  average: cue(/平均/, '各镇平均行政处罚多少件'),
  /** A total over all orgs. */
  sumAll: cue(/合计|总共|一共|共计|总计|加起来|累计|总和|全部|所有|各镇|全县|全区/, '全县行政处罚多少件'),
  /** Each org asked. */
  each: cue(/各|每个|分别/, '每个镇行政处罚多少件'),
} satisfies Record<string, Cue>;

/** The follow-up cues (followup.ts): how a short question leans on the previous one. */
export const FOLLOW_UP_CUES = {
  /** Narrows the previous figure (by applicant, result or column) rather than asks anew. */
  detail: cue(/自然人|法人|企业|科研|公益|法律服务|其他组织|维持|纠正|未审结|制发|废止|现行有效/, '自然人有几件'),
  /** The orgs of the last few questions together. */
  together: cue(/两个|两者|二者|它们|这两|这几个|这些镇|加起来|一共/, '两个加起来多少'),
  /** About many orgs at once: inherits no org. */
  group: cue(
    /哪个|哪些|哪几|各镇|各个|所有|全部|每个|排名|排序|最多|最少|最高|最低|合计|总共|库里|库中/,
    '哪个镇行政处罚最多',
  ),
  /** A number asked. */
  asksNumber: cue(/多少|几|数量|合计|总共|一共/, '收到多少申请'),
  /** Leans on the previous question. */
  leans: cue(
    /^(?:那|那么|它|它的|他们|其|其中|该镇|该单位|和|跟|与|同|比|对比|还有|再看看?|换成)|呢[？?]?$|^(?:改进|整改|措施|问题|原因|趋势|变化|排名)/,
    '那古城镇呢？',
  ),
  /** Compares the previous question with a new org. */
  comparedWith: cue(/^(?:和|跟|与|同|比|对比)/, '和南郊镇比呢？'),
  /** What a follow-up opens with, dropped when merged. */
  opening: cue(/^(?:那么?|它的?|他们的?|其中?|该镇的?|该单位的?|还有|再看看?|换成)/, '那么它的行政强制呢'),
} satisfies Record<string, Cue>;

/**
 * The entity finder's cues (entities.ts, org-match.ts): where a question names places, orgs and
 * years. The global searches build their `g` copies from these.
 */
export const ENTITY_CUES = {
  /** Fillers a question may open with before its subject. */
  opening: cue(
    /^(?:请问一下|请问|我?想?问一下|问下|麻烦|请帮我查一下|帮我查一下|帮我查|帮我看看|查一下|查询|看看|我想知道|想知道|就是|那么|那个|这个|那)+/,
    '请问花马池镇行政处罚多少件',
  ),
  /** Between two places that share one org word: 金华和嘉兴(两家)市场监管局. */
  namesJoined: cue(/[和与及跟同、]/, '金华和嘉兴两家市场监管局'),
  /** How many of the org word two joined places count, before it: 两家, 三个. */
  joinedCount: cue(/^(?:这)?[两二三][家个所]?/, '两家市场监管局'),
  /** A conjunction or filler before a place name, taken off unless nothing is left (和平镇). */
  leadingConjunction: cue(/^(?:请问|那|和|跟|与|比|对比|看看|查询|查)/, '和南郊镇比'),
  /** 近三年, 最近5年, 过去十二年 (not 近2021年: a year is no span). */
  recent: cue(
    new RegExp(`(?:近|最近|过去)\\s*(\\d{1,2}|[${CHINESE_NUMERAL_CHARS}]{1,3})\\s*年`),
    '花马池镇近三年行政处罚多少件',
  ),
  /** Words before 镇/县… that ask or point, not name a place (哪个镇, 各镇, 全县). */
  notAName: cue(
    /^(?:哪个|哪些|各个|每个|那个|这个|该|本|全|各|每|我|你|其|同|多个|一个|几个|所有|全部|哪|某|乡|镇|区|县|市)$/,
    '哪个',
  ),
  /** What may follow a bare stem (花马池, 南郊) to make it another unit's name. */
  otherUnitSuffix: cue(/^(?:街道|苏木|镇|乡|县|区|旗|盟|省|州|市(?!场|政|容|民|级))/, '乡2021年行政处罚多少件'),
  /** Names in subject position still are not places when they ask or point ("有乡镇", "在乡镇", "本辖区"). */
  // 本县/全市/在镇里 are no names, but 本溪市, 有道镇 and 在城镇 are: a self-word before a unit suffix only.
  subjectNotAName: cue(
    /[哪几些各每年个的]|库里|库中|多少|什么|所有|全部|^[是这那该我你其]|^[有在本全][县区市镇乡省州旗街村辖]|^(?:有没有|没有|有无|有多)/,
    '哪个',
  ),
  /** Characters that rarely stand in a place's name, unless it is the question's subject (和平镇). */
  notInName: cue(/[年各每个哪几些的是有在和与比全本该这那我你其多少]/, '有几个'),
  /** A place named by a unit suffix, not before 政府信息/政务 (the report's subject, not a place). */
  place: cue(
    new RegExp(`([\\u4e00-\\u9fa5]{2,6}?)(${suffixPattern([...Object.values(UNIT_SUFFIXES).flat(), '村', '社区'])})`),
    '不存在镇2021年行政处罚多少件',
  ),
  /**
   * A department named: 教育局, 人民政府办公室, 卫生健康委员会 (the longest suffix first; not
   * 办理/办件/委托/局面…, which are words, not names).
   */
  department: cue(
    new RegExp(
      `([\\u4e00-\\u9fa5]{2,12}?)(${suffixPattern(DEPARTMENT_SUFFIXES)})(?![件理结法事好得完了公员托屈面限势])`,
    ),
    '盐池县教育局2021年收到多少申请',
  ),
  /** A unit's government right after the unit (盐池县人民政府): an org, not the region (not 政府信息, 政府办, 政府网). */
  government: cue(
    new RegExp(`^${suffixPattern(GOVERNMENT_SUFFIXES)}(?!信息|办|网|工作报告)`),
    '人民政府2021年收到多少申请',
  ),
  /** A place in brackets right after an org's name: 新集镇（盐池县）. */
  bracketedPlace: cue(/^[（(]([\u4e00-\u9fa5]{2,20})[)）]/, '（盐池县）2021年行政处罚多少件'),
  /** Words before a name that point rather than place it (全县, 本区, 各镇, 哪个县). */
  notARegion: cue(/^[全本各该我每哪这那其]|哪[些个几家]|什么|多少|有没有|库里|库中/, '库里有哪些'),
  /** A lone level word before a name (县发改局): it must be the org's own level. */
  levelWord: cue(/^[省市县区]$/, '县'),
  /** Where a run of names splits into one place each (盐池县和同心县). */
  nameSeparator: cue(/[和与跟及、]/, '盐池县和同心县'),
  /** What a department name never holds: the words of the questions about it. */
  notADepartment: cue(/公开|申请|报告|年报|办理|收到|处罚|复议|诉讼/, '公开办'),
  /** A year alone before the subject (2021年花马池镇…). */
  yearOnly: cue(/^20\d{2}年度?$/, '2021年'),
  /** A year named (not 2019版 or 2019年模板, which name a template). */
  year: cue(/(20\d{2})\s*(?:年|年度)?(?!\s*(?:年)?(?:版|格式|模板|试行))/, '花马池镇2021年行政处罚多少件'),
  /** 结转到2022年: the next year a figure goes to, not a report asked about. */
  carriedTo: cue(/(?:结转|转接|转)(?:到|至)\s*20\d{2}/, '南郊镇结转到2022年的申请有几件'),
  /** A document's number: its year in brackets (国办公开办函〔2021〕30号) is no report's year. */
  documentNumber: cue(/[〔［[【]\s*20\d{2}\s*[〕］\]】]\s*第?\s*\d*\s*号?/, '哪几份年报引用了国办公开办函〔2021〕30号'),
  /** A span of years: 2019至2021年. */
  span: cue(/(20\d{2})\s*年?\s*(?:至|到|-|—|~)\s*(20\d{2})\s*年?/, '花马池镇2019至2021年行政处罚多少件'),
  /** From a year on: 2021年以来 (以后/之后: the year after). */
  since: cue(/(20\d{2})\s*年?(?:度)?\s*(?:以来|以后|之后|及以后|起)/, '2021年以来行政处罚多少件'),
  /** Up to a year: 2021年以前 (及以前: the year itself too). */
  until: cue(/(20\d{2})\s*年?(?:度)?\s*(?:以前|之前|及以前)/, '2021年以前行政处罚多少件'),
  /** Where 以后/之后 leave the year itself out (2021年以后 is from 2022), unlike 以来, 起 and 及以后. */
  yearExcluded: cue(/(?<!及)(?:以后|之后|以前|之前)/, '2021年以后行政处罚多少件'),
  /** What a year leaves before a name in the same run of characters (2021年度花马池镇 → 度). */
  yearTail: cue(/^年度?/, '年度花马池镇'),
  /** The year before the one counted from. */
  lastYear: cue(/去年|上年度(?!结转)/, '花马池镇去年行政处罚多少件'),
  /** Two years before. */
  yearBeforeLast: cue(/前年/, '花马池镇前年行政处罚多少件'),
  /** The year counted from. */
  thisYear: cue(/今年/, '花马池镇今年行政处罚多少件'),
  /** A question for plans: a report states them for the year after its own. */
  plans: cue(/工作(?:计划|安排|打算)|(?:计划|打算)(?!生育)|下一步|明年/, '花马池镇2022年政务公开有什么计划'),
} satisfies Record<string, Cue>;

/** Where a question lists several figures: "新收、办结、结转各多少", "个人还是企业". */
/**
 * Words typed on a phone, read as the plain words the rest of the lexicon knows.
 * @example '南郊镇的公众号叫啥' → '南郊镇的公众号叫什么'
 */
export const COLLOQUIAL: [RegExp, string][] = [
  [/啥/g, '什么'],
  [/咋/g, '怎么'],
  [/木有|没得/g, '没有'],
  [/消息/g, '信息'],
  [/毛病/g, '问题'],
  // 没弄好, 搞得不好, 做的不到位: what was not done well, the report's 不足.
  [/没(?:弄|搞|做|干)好|(?:弄|搞|做|干)得不(?:好|够)|(?:(?:弄|搞|做|干)[得的])?不到位/g, '不足'],
  // 市府办公厅, 县府办: the government's office.
  [/([市县区])府(?=办)/g, '$1政府'],
  // 石家庄那个教育局: 那个 between a place and an org's name points, it names nothing.
  [/(?<=[\u4e00-\u9fa5])[那这]个(?=[\u4e00-\u9fa5]{1,8}(?:局|委|办|厅|镇|乡|街道|政府))/g, ''],
  // 去问过, 打电话问: people asking the office, the report's 咨询 (the channel stays).
  [/(来|去|上门|现场|打电话|电话)问过?/g, '$1咨询'],
  // 打电话咨询 is the report's 电话咨询, 跑现场/到现场咨询 its 现场咨询.
  [/打电话咨询/g, '电话咨询'],
  // 罚了多少钱 is the report's 罚款.
  [/罚了(?=多少钱|几万|多少万)/g, '罚款'],
  [/(?:跑|到|去)现场咨询/g, '现场咨询'],
  // 发了多少条 asks what the report says it 发布.
  [/(?<![印制下颁分])发了(?=多少|几)/g, '发布了'],
  // 罚过人没有, 罚过几个: the report's 行政处罚 (罚款 is money, above).
  [/(?<!处)罚过(?:人|谁)?/g, '行政处罚过'],
  [/问过(?!程)/g, '咨询'],
  // 有没有公开 asks whether it was published; its 没有公开 is no 不予公开.
  [/有没有(?=(?:主动)?公开)/g, '有无'],
];

export const FIGURE_SEPARATORS = /[、，,；;？?]|加上|加|和|及|与|以及|还是|或者|或/;

/** A part that asks the way something was done (是通过什么方式答复的), not how many: it names no figure. */
export const MANNER_ASKED = /(?:什么|哪种|哪几种|哪些)(?:方式|形式|途径|渠道|办法)|如何|怎样/;

/**
 * Words that hold a metric's word but name none: a metric word that starts inside one of them is
 * part of another word (举办了几次培训 holds 办了, 办理结果总计's word, and asks no application).
 */
export const NOT_METRIC_WORDS: readonly string[] = [
  // Not 开办, 主办, 督办: 公开办结, 自主办理 and 监督办理 end in them.
  '举办',
  '创办',
  '承办',
  '协办',
  '筹办',
  '兴办',
  '代办',
  '帮办',
];

/**
 * Everyday words for metrics, beyond their printed labels and synonyms in the catalogue, by metric
 * id. A word here is scored like a label: the longest match of a question wins.
 * @example '开了多少张罚单' → t2.penalty.decisions
 */
export const METRIC_WORDS: Record<string, string[]> = {
  't2.penalty.decisions': ['罚单', '处罚了', '处罚决定', '罚得', '罚的'],
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
  't3.total_processed': ['答复处理', '处理完', '办完了', '办完', '处理了', '办理了', '办了', '答复'],
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
