import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../../ingest/test-support/samples.ts';
import type { Turn } from '../../domain/types.ts';
import { buildCorpusIndex } from '../corpus.ts';
import { CUES, ENTITY_CUES, FOLLOW_UP_CUES, PLAN_CUES, PRECISE_FORMS } from './lexicon.ts';
import { matchMetric } from './metric-match.ts';
import { understand, type Interpretation } from './understand.ts';

/** The five sample reports, in memory: 花马池镇 2021, 葛寨镇 2020, 花庄镇 2024, 南郊镇 2021, 古城镇 2023. */
const corpus = buildCorpusIndex(sampleInfos());
const CALENDAR_YEAR = 2026;
const turns = (...qs: string[]): Turn[] =>
  qs.flatMap((content) => [
    { role: 'user' as const, content },
    { role: 'assistant' as const, content: '（回答）' },
  ]);
const read = (q: string, ...before: string[]): Interpretation =>
  understand(q, turns(...before), corpus, { calendarYear: CALENDAR_YEAR });
const figures = (i: Interpretation) => i.metrics.map((m) => (m.applicant ? `${m.id}/${m.applicant}` : m.id));

describe('the lexicon', () => {
  const all = [
    ...Object.entries(CUES),
    ...Object.entries(PLAN_CUES).map(([k, c]) => [`plan.${k}`, c] as const),
    ...Object.entries(FOLLOW_UP_CUES).map(([k, c]) => [`followUp.${k}`, c] as const),
    ...Object.entries(ENTITY_CUES).map(([k, c]) => [`entity.${k}`, c] as const),
    ...PRECISE_FORMS.map((f, n) => [`precise.${n}`, f.asked] as const),
  ];
  it.each(all)('cue %s fires on its own example', (_, cue) => {
    expect(cue.re.test(cue.example)).toBe(true);
  });
});

describe('a cell asked in other words', () => {
  it.each([
    ['花马池镇开了多少张罚单', 't2.penalty.decisions'],
    ['哪个镇罚得最多', 't2.penalty.decisions'],
    ['南郊镇直接给公开了的有几件', 't3.granted'],
    ['南郊镇被拒绝公开的申请有多少', 'd.deny'],
    ['南郊镇有几件是因为手里根本没有那个信息没法提供的', 't3.unable_no_info'],
    ['南郊镇因为重复申请不予处理的有几件', 't3.noproc_repeat'],
    ['南郊镇不予处理的总共几件', 'd.noproc'],
    ['南郊镇涉及第三方权益不公开的有几件', 't3.deny_third_party'],
    ['葛寨镇有没有因为信息公开被人告上法庭', 'lit.total'],
    ['南郊镇年底还有几件没办完', 't3.carry_forward'],
    ['南郊镇2021年有几件依申请公开要留到2022年再答复', 't3.carry_forward'],
    ['南郊镇有几件申请跨年办理', 't3.carry_forward'],
    ['南郊镇办完了几件', 't3.total_processed'],
  ])('%s → %s', (q, id) => {
    const i = read(q);
    expect(i.plan?.metric).toBe(id);
    expect(i.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it.each([
    ['南郊镇有市场主体申请过吗', 'commercial'],
    ['南郊镇老百姓申请了几件', 'natural'],
    ['南郊镇律师事务所申请了几件', 'legal'],
    ['南郊镇科研单位申请过几次', 'research'],
    ['南郊镇有多少申请是法人或者其他组织提的', 'legal_person'],
  ])('%s → the applicant column %s', (q, applicant) => {
    expect(read(q).plan).toMatchObject({ metric: 't3.new', applicant });
  });

  it('a weak word in a narrative question names no figure; a thing that is no application is no 申请', () => {
    expect(read('花马池镇依申请公开做了哪些工作').plan).toBeNull();
    expect(read('南郊镇承办了几件政协提案').plan).toBeNull();
    expect(read('花马池镇在主动公开方面做了哪些工作').answerKind).toBe('passage');
  });

  it('渠道 asked about is narrative; 渠道 in a count is not', () => {
    expect(read('南郊镇通过什么渠道主动公开政府信息').cues.narrative).toBe(true);
    expect(read('葛寨镇各种渠道一共公开了多少条信息').cues).toMatchObject({ narrative: false, numeric: true });
  });

  it('"…了/到…没有" asks yes or no; 有没有公开 asks whether published, not 不予公开', () => {
    expect(read('古城镇2023年收到信息公开申请没有').cues.yesNo).toBe(true);
    expect(read('古城镇2023年有哪些工作没有做到位').cues.yesNo).toBe(false);
    expect(read('葛寨镇有没有公开财政信息').plan?.metric).toBeUndefined();
    expect(read('南郊镇有没有不予公开的申请').plan?.metric).toBe('d.deny');
  });

  it('the kinds a whole is divided into are narrative; the cases a result group counts are not', () => {
    expect(read('南郊镇2021年主动公开的政府信息分成哪几类').cues.narrative).toBe(true);
    expect(read('南郊镇办理结果总计3件，分别是哪几种情形、各几件').cues).toMatchObject({
      narrative: false,
      numeric: true,
    });
  });
});

describe('pointing words', () => {
  it('那个 between a place and an org names nothing: 盐池县那个花马池镇 is 盐池县花马池镇', () => {
    expect(read('盐池县那个花马池镇2021年行政处罚多少件').orgs.map((o) => o.org)).toEqual(['花马池镇']);
    expect(read('那个花马池镇2021年行政处罚多少件').orgs.map((o) => o.org)).toEqual(['花马池镇']);
  });
});

describe('several figures at once', () => {
  it.each([
    ['南郊镇行政复议结果维持和结果纠正各有几件', ['t4.review.upheld', 't4.review.corrected']],
    ['南郊镇新收申请、办理结果总计、结转下年度各多少', ['t3.new', 't3.total_processed', 't3.carry_forward']],
    ['花马池镇规章和规范性文件各制发了几件', ['t2.reg.made', 't2.norm.made']],
    ['葛寨镇行政许可上一年项目数量和本年增减各是多少', ['t2.license.prev_items', 't2.license.delta']],
    ['南郊镇是个人还是企业申请的', ['t3.new/natural', 't3.new/commercial']],
    // Two counts asked without a break: cut where each side names a figure of its own.
    ['南郊镇收到几件申请答复了几件', ['t3.new', 't3.total_processed']],
    // A total asked for its own count stays beside its applicant part.
    ['南郊镇新收申请多少件，其中自然人多少件', ['t3.new', 't3.new/natural']],
    ['花马池镇行政处罚多少件行政强制多少件', ['t2.penalty.decisions', 't2.coercion.decisions']],
    // A sentence asking how names no figure, though its words are a metric's (答复).
    ['新华街道收到几件申请，是通过什么方式答复的', ['t3.new']],
  ])('%s', (q, ids) => {
    expect(figures(read(q))).toEqual(ids);
  });

  it('asked to add up, the arithmetic is a sum', () => {
    expect(read('南郊镇不掌握信息的和信访类的加起来几件')).toMatchObject({ arithmetic: 'sum' });
    expect(read('花马池镇2021年，行政处罚和行政强制一共多少件')).toMatchObject({ arithmetic: 'sum' });
    expect(read('花马池镇2021年行政处罚多少件，行政强制多少件，一共多少')).toMatchObject({ arithmetic: 'sum' });
  });

  it('一共 in a clause naming one figure of its own is that figure’s total, not a sum', () => {
    const i = read('南郊镇2021年一共收到多少件申请？年底还有几件没办完？');
    expect(figures(i)).toEqual(['t3.new', 't3.carry_forward']);
    expect(i.arithmetic).toBeNull();
    // The clause names only a column; its row is the other clause's.
    const norm = read('花马池镇2021年制发了几件规范性文件？现在还有效的一共几件？');
    expect(norm.arithmetic).toBeNull();
    // A part asking its own count keeps its own column, not the other part's (现行有效).
    expect(figures(norm)).toEqual(['t2.norm.made', 't2.norm.valid']);
  });
});

describe('years and conversations', () => {
  it('去年/前一年 count back from the year being discussed', () => {
    const i = read('去年的数据呢？', '2021年哪个镇行政处罚最多？');
    expect(i.resolved).toBe('2020年哪个镇行政处罚最多？');
    expect(i.years).toEqual([{ year: 2020, by: 'conversation' }]);
    expect(read('前一年呢', '花庄镇2024年发布了多少条信息？').years.map((y) => y.year)).toEqual([2023]);
  });

  it('a bare 去年 with no conversation and no org is the calendar year before this one', () => {
    const i = read('去年行政处罚一共多少件？');
    expect(i.years).toEqual([{ year: CALENDAR_YEAR - 1, by: 'relative' }]);
    expect(i.entities.notes[0]).toContain(`今年为 ${CALENDAR_YEAR} 年`);
  });

  it('an org switched in keeps metric and year, or its nearest year, said in a note', () => {
    const same = read('南郊镇呢', '花马池镇2021年行政强制多少件？');
    expect(same).toMatchObject({ orgs: [{ org: '南郊镇', by: 'question' }], notes: [] });
    expect(same.plan).toMatchObject({ metric: 't2.coercion.decisions', years: [2021] });
    const nearest = read('那古城镇呢？', '花马池镇2021年行政处罚多少件？');
    expect(nearest.plan).toMatchObject({ metric: 't2.penalty.decisions', orgs: ['古城镇'], years: [2023] });
    expect(nearest.notes).toEqual(['古城镇没有2021年的报告，以下为其2023年的数据']);
  });

  it('an org inherited from the conversation says so', () => {
    const i = read('办完了几件？', '南郊镇2021年收到几件申请？');
    expect(i.orgs).toEqual([{ org: '南郊镇', by: 'conversation' }]);
    expect(i.plan?.metric).toBe('t3.total_processed');
  });

  it('23年 is 2023', () => {
    expect(read('古城镇23年有人申请公开吗').years).toEqual([{ year: 2023, by: 'question' }]);
  });
});

describe('the matcher scores, it does not take the first longest word', () => {
  it('a sub-row named with its group outscores the group alone', () => {
    const repeat = matchMetric('因为重复申请不予处理的有几件')!;
    const group = matchMetric('不予处理的有几件')!;
    expect([repeat.metric.id, group.metric.id]).toEqual(['t3.noproc_repeat', 'd.noproc']);
    expect(repeat.score).toBeGreaterThan(group.score);
  });

  it('a part of a long label only refines a metric already named, never names one alone', () => {
    expect(matchMetric('花马池镇微信公众号公开了多少条信息')).toBeNull();
  });

  it('a metric word starting inside another word is not that metric (举办了 holds 办了)', () => {
    expect(matchMetric('花马池镇举办了几次培训')).toBeNull();
    expect(matchMetric('花马池镇承办了几场活动')).toBeNull();
    expect(matchMetric('花马池镇办了几件申请')?.metric.id).toBe('t3.total_processed');
    // 公开办结率 holds 开办, a word of its own elsewhere: not one of those words.
    expect(matchMetric('花马池镇的依申请公开办结率')?.metric.id).toBe('d.completion_rate');
  });
});

describe('a 表二 figure read in the template of the report asked', () => {
  it.each([
    // 葛寨镇 2020 prints the 2019 table (新制作 / 新公开 / 对外公开总数); 花马池镇 2021 the 2021 one.
    ['葛寨镇2020年对外公开的规范性文件总共多少件', 't2.norm.total_published'],
    ['葛寨镇2020年主动公开了多少件规章', 't2.reg.new_published'],
    ['葛寨镇2020年规范性文件有几件', 't2.norm.new_made'],
    ['花马池镇2021年规范性文件有几件', 't2.norm.made'],
    ['花马池镇2021年主动公开了多少件规章', 't2.reg.made'],
    // A row both templates print keeps its main column: 处理决定数量, not 上一年项目数量.
    ['葛寨镇2020年行政处罚多少件', 't2.penalty.decisions'],
    ['葛寨镇2020年开了多少罚单', 't2.penalty.decisions'],
  ])('%s → %s', (q, id) => {
    expect(read(q).plan?.metric).toBe(id);
  });

  it('a printed name cut at its bracket names the metric whose word it is', () => {
    // 行政诉讼（未经复议直接起诉）总数 must not take 行政诉讼 from 行政诉讼总数.
    expect(matchMetric('行政诉讼有多少件')?.metric.id).toBe('lit.total');
  });
});

describe('questions typed as people talk', () => {
  it('reads phone words as the plain ones', () => {
    expect(read('南郊镇的公众号叫啥').resolved).toBe('南郊镇的公众号叫什么');
    expect(read('盐池县府办公室去年的报告呢').resolved).toContain('盐池县政府办公室');
  });

  it('two figures named with 分别 are asked one by one, not as a breakdown of results', () => {
    const i = read('南郊镇2021年本年新收政府信息公开申请数和结转下年度继续办理数分别是多少');
    expect(i.plan?.intent).toBe('lookup');
    expect(figures(i)).toEqual(['t3.new', 't3.carry_forward']);
  });

  it('a second question after ？ asks a second figure, taking the row of the first', () => {
    expect(figures(read('葛寨镇2020年行政处罚的处理决定数量是多少？上一年项目数量呢？'))).toEqual([
      't2.penalty.decisions',
      't2.penalty.prev_items',
    ]);
    expect(read('古城镇有啥毛病没弄好').resolved).toBe('古城镇有什么问题不足');
  });

  it('spoken verbs are the report’s: 发了多少条 is 发布, 罚过人 is 行政处罚, and 处罚没有 asks no money', () => {
    expect(read('古城23年发了多少条').resolved).toBe('古城23年发布了多少条');
    const fined = read('葛寨20年罚过人没有');
    expect(figures(fined)).toEqual(['t2.penalty.decisions']);
    expect(fined.cues.money).toBe(false);
    expect(read('印发了几份文件').resolved).toBe('印发了几份文件');
  });

  it('an org the library lacks, after 那个, is said to be unknown, never answered from another report', () => {
    expect(read('那个机关事务局2021年全年累计主动公开了多少条信息？').unknownOrgs).toEqual(['机关事务局']);
  });

  it.each([
    ['遂平县有道镇2024年行政复议几件', ['有道镇']],
    ['查一下在城镇2021年的行政处罚数量', ['在城镇']],
    ['本溪市2021年政府信息公开申请数量是多少', ['本溪市']],
    ['有没有镇把申请结转到下一年继续办理', []],
    ['本县乡镇2021年行政处罚一共多少件', []],
  ])('a place whose name opens like a self-word is still a place: %s', (q, unknown) => {
    expect(read(q).unknownOrgs).toEqual(unknown);
  });

  it('被人告 and 申请复议 name the suits and reviews, not applications', () => {
    expect(figures(read('盐池花马池2021有没有被人告或者申请复议'))).toEqual(['lit.total', 't4.review.total']);
  });
});
