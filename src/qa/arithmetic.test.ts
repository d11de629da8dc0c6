import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../ingest/test-support/samples.ts';
import { arithmeticAnswer, arithmeticAsk, arithmeticAsks, compute, type Operand } from './arithmetic.ts';
import { buildCorpusIndex } from './corpus.ts';
import { sampleStore } from '../../ingest/test-support/sample-store.ts';

const corpus = buildCorpusIndex(sampleInfos());
const store = sampleStore();
const answer = (q: string) => arithmeticAnswer(q, { store, corpus });

describe('arithmeticAsk', () => {
  it.each([
    ['花马池镇行政处罚平均每个月多少件', 'perMonth', ['花马池镇行政处罚多少件']],
    ['南郊镇办结的申请占新收申请的百分之几', 'share', ['南郊镇办结的申请', '新收申请']],
    ['南郊镇新收的申请里本机关不掌握的占比多少', 'share', ['本机关不掌握', '南郊镇新收的申请']],
    ['花马池镇行政处罚是花庄镇的几倍', 'multiple', ['花马池镇行政处罚', '花庄镇']],
    ['南郊镇比花马池镇少多少件', 'difference', ['花马池镇', '南郊镇']],
    ['花马池镇公开栏比门户网站多公示了多少条', 'difference', ['花马池镇公开栏', '门户网站']],
    ['主动公开的信息里，部门动态比公告公示多几条', 'difference', ['部门动态', '公告公示']],
    ['南郊镇2021年办理结果总计几件，和新收的差几件', 'difference', ['南郊镇2021年办理结果总计几件', '新收']],
    ['古城镇一个月平均发多少条信息', 'perMonth', ['古城镇发多少条信息']],
    ['葛寨镇乡镇动态和公告公示两项加起来多少条', 'sum', ['葛寨镇乡镇动态', '公告公示']],
    ['唐村镇网站主动公开的信息里，工作动态占了百分之几', 'share', ['，工作动态', '唐村镇网站主动公开的信息']],
    [
      '南郊镇主动公开的政府信息中，重点领域信息占全部主动公开条数的百分之多少',
      'share',
      ['重点领域信息', '全部主动公开条数'],
    ],
  ])('%s → %s %j', (q, op, operands) => {
    expect(arithmeticAsk(q)).toMatchObject({ op, operands });
  });

  it('a share with its whole named before it: "B里，A占百分之多少"', () => {
    expect(arithmeticAsk('南郊镇主动公开的71条信息里，重点领域信息占百分之多少')).toMatchObject({
      op: 'share',
      operands: ['，重点领域信息', '南郊镇主动公开的71条信息'],
    });
  });

  it('is null for a question that asks no arithmetic', () => {
    expect(arithmeticAsk('花马池镇2021年行政处罚多少件')).toBeNull();
    expect(arithmeticAsk('各镇新收申请合计多少件')).toBeNull();
    // 占多少条 counts the part: a measure word after 多少 asks no share.
    expect(arithmeticAsks('厚桥街道2023年主动公开了多少条信息 工作动态占多少条')).toBeNull();
    expect(arithmeticAsks('工作动态占多少')?.[0]?.op).toBe('share');
  });
});

describe('arithmeticAnswer over the samples', () => {
  it('a monthly average of a cell: formula, rounding and the cited cell', async () => {
    const a = (await answer('花马池镇2021年行政处罚平均每个月多少件'))!;
    expect(a.answer).toContain('平均每月 **109.92 件**，约 109.9 件（1319 ÷ 12 = 109.9167…，四舍五入保留2位小数）');
    expect(a.route).toBe('sql');
    expect(a.citations[0]!.cell).toMatchObject({ key: 't2.penalty.decisions', value: 1319 });
  });

  it('a share of two cells, the applicant column read from the words', async () => {
    expect((await answer('南郊镇新收的申请里本机关不掌握的占比百分之多少'))!.answer).toMatch(
      /^占 \*\*50%\*\*（2 ÷ 4 × 100%/,
    );
    const a = (await answer('南郊镇新收申请中自然人申请的占比是多少'))!;
    expect(a.answer).toMatch(/^占 \*\*100%\*\*/);
    expect(a.citations.map((c) => c.cell!.key)).toEqual(['t3.new.natural', 't3.new.total']);
  });

  it('an operand naming only an applicant is that part of the other operand', async () => {
    const a = (await answer('南郊镇新收的申请里个人占百分之几'))!;
    expect(a.answer).toMatch(/^占 \*\*100%\*\*/);
    expect(a.citations.map((c) => c.cell!.key)).toEqual(['t3.new.natural', 't3.new.total']);
  });

  it('a multiple across orgs; a zero divisor is said in words, both operands cited', async () => {
    const a = (await answer('花马池镇行政处罚是花庄镇的几倍'))!;
    expect(a.answer).toMatch(/^花庄镇2024年 行政处罚处理决定数量为 0，除数为零，倍数无从计算。/);
    expect(a.citations.map((c) => c.org)).toEqual(['花马池镇', '花庄镇']);
    const b = (await answer('古城镇发布的信息条数是花庄镇的几倍'))!;
    expect(b.answer).toMatch(/^是 \*\*81 倍\*\*（891 ÷ 11 = 81，结果为精确值）/);
    expect(b.route).toBe('retrieval');
  });

  it('sums of prose facts, each quoted, an approximate figure said so', async () => {
    const a = (await answer('葛寨镇乡镇动态和公告公示两项加起来多少条'))!;
    // The report counts 乡镇动态 in 件 and 公告公示 in 条: the sum says the units differ.
    expect(a.answer).toMatch(/^合计 \*\*198 件\*\*（38 \+ 160 = 198/);
    expect(a.answer).toContain('各项单位不同');
    for (const c of a.citations) expect((await store.reportText(c.reportId))!.slice(c.start, c.end)).toBe(c.quote);
    const b = (await answer('花马池镇门户网站、公开栏、微信公众号三个渠道加起来公开了多少条信息'))!;
    expect(b.answer).toMatch(/^合计 \*\*560 条\*\*（30 \+ 70 \+ 460 = 560/);
    expect(b.answer).toContain('原文有约数');
  });

  it('a difference of two different cells of one report', async () => {
    const a = (await answer('南郊镇新收的申请比上年结转的多几件'))!;
    expect(a.answer).toMatch(/^多 \*\*4 件\*\*（4 − 0 = 4/);
    const gap = (await answer('南郊镇2021年办理结果总计几件，和新收的差几件？'))!;
    expect(gap.answer).toMatch(/^少 \*\*1 件\*\*（3 − 4 = -1/);
  });

  it('a difference of two orgs of different years, the unit after 多少 no part of what is counted', async () => {
    const a = (await answer('古城镇2023年主动公开的条数比南郊镇2021年多多少条？'))!;
    expect(a.answer).toMatch(/^多 \*\*820 条\*\*（891 − 71 = 820/);
  });

  it('leaves to the query plans what they answer, and gives up on an operand it cannot find', async () => {
    // One cell's difference between orgs (compare) and sums of cells (sum) are the plans'.
    expect(await answer('花马池镇比南郊镇多多少件行政处罚')).toBeNull();
    expect(await answer('花马池镇行政处罚和行政强制加起来一共多少件')).toBeNull();
    expect(await answer('花马池镇的火箭发射次数是花庄镇的几倍')).toBeNull();
    expect(await answer('行政处罚平均每个月多少件')).toBeNull();
  });
});

describe('compute', () => {
  const op = (value: number | null, label = 'x'): Operand => ({
    label,
    value,
    unit: '件',
    kind: 'cell',
    approx: false,
    citation: { reportId: 1, title: 't', org: 'o', year: 2021, section: 's', quote: 'q', start: value ?? 0, end: 1 },
  });

  it('a share is also said to one decimal, as reports print shares', () => {
    expect(compute('share', [op(821), op(859)]).answer).toMatch(/^占 \*\*95\.58%\*\*，约 95\.6%（821 ÷ 859/);
    expect(compute('share', [op(1), op(4)]).answer).toMatch(/^占 \*\*25%\*\*（/);
  });

  it('a blank operand: nothing computed, said so', () => {
    expect(compute('sum', [op(1), op(null, '某项')]).answer).toMatch(/^某项未填报，无从计算。/);
  });

  it('a negative difference reads as 少; a zero share divisor as 无从计算', () => {
    expect(compute('difference', [op(1), op(4)]).answer).toMatch(/^少 \*\*3 件\*\*（1 − 4 = -3/);
    expect(compute('share', [op(1), op(0, '总数')]).answer).toBe(
      '总数为 0，除数为零，占比无从计算。\n- x：1 件 [1]\n- 总数：0 件 [2]',
    );
  });
});

describe('what is said around the arithmetic', () => {
  it('a label before the question and the rounding asked after it are no operand; the rounding is kept', () => {
    expect(
      arithmeticAsk('作业题：花马池镇2021年微信公众号公开的信息条数是门户网站的几倍？保留一位小数。'),
    ).toMatchObject({
      op: 'multiple',
      operands: ['花马池镇2021年微信公众号公开的信息条数', '门户网站'],
      tail: '',
      decimals: 1,
    });
    expect(arithmeticAsk('二郎街道公开的314条信息里，办事指南有多少条，占了多大比例')).toMatchObject({
      op: 'share',
      operands: ['，办事指南有多少条，', '二郎街道公开的314条信息'],
    });
  });

  it('a list closed by 这三样, years written short: the parts of a sum, each its prose figure', async () => {
    expect(arithmeticAsk('葛寨镇20年乡镇动态、公告公示、其他信息这三样一共多少条')).toMatchObject({
      op: 'sum',
      operands: ['葛寨镇20年乡镇动态', '公告公示', '其他信息'],
    });
    expect((await answer('葛寨镇20年乡镇动态、公告公示、其他信息这三样一共多少条'))!.answer).toContain('合计 **214');
  });

  it('a share of a total made of listed parts: each part cited, the whole their sum', async () => {
    const a = (await answer('葛寨镇2020年公告公示占乡镇动态、公告公示、其他信息三项合计的百分之几'))!;
    expect(a.answer).toContain('（160 ÷ (38 + 160 + 16 = 214) × 100%');
    expect(a.answer).toContain('占 **74.77%**');
    expect(a.citations).toHaveLength(1);
  });

  it('a share within a list, with no total word: the whole is the items', async () => {
    const a = (await answer('葛寨镇2020年公开的乡镇动态、公告公示和其他信息里，公告公示占多大比例？'))!;
    expect(a.answer).toContain('（160 ÷ (38 + 160 + 16 = 214) × 100%');
    const b = (await answer('葛寨镇2020年乡镇动态、其他信息里，公告公示占多大比例？'))!;
    expect(b.answer).toContain('（160 ÷ (38 + 16 = 54) × 100%');
    // A whole defined in brackets by its parts; 加上年结转 is 加 + 上年结转, not 加上 + 年结转.
    const d = (await answer('南郊镇2021年办结的申请占当年全部待办申请（新收加上年结转）的百分比是多少？'))!;
    expect(d.answer).toMatch(/^占 \*\*75%\*\*（3 ÷ \(4 \+ 0 = 4\)/);
    expect(d.citations.map((c) => c.cell?.key)).toContain('t3.carried_over.total');
    // The part first, then where it is a part of: "A在B中占比".
    const c = (await answer('葛寨镇2020年公告公示在三类公开信息中占比多少？'))!;
    expect(c.answer).toContain('（160 ÷ (38 + 160 + 16 = 214) × 100%');
  });

  it('rounds the result as asked, and says so', async () => {
    const a = (await answer('花马池镇2021年微信公众号公开的信息条数是门户网站的几倍？保留一位小数。'))!;
    expect(a.answer).toContain('是 **15.3 倍**（460 ÷ 30 = 15.333…，四舍五入保留1位小数）');
  });

  it('a list whose count is followed by what each part is: "A、B、C三个渠道公开的信息合计"', () => {
    expect(arithmeticAsk('花马池镇在门户网站、公开栏、公众号三个渠道公开的信息合计多少条')).toMatchObject({
      op: 'sum',
      operands: ['花马池镇在门户网站', '公开栏', '公众号'],
      tail: '公开的信息多少条',
    });
  });

  it('the total less a part: "主动公开71条，扣除重点领域信息以外，其余几类合计"', async () => {
    const a = (await answer('南郊镇2021年主动公开71条，扣除重点领域信息39条以外，其余几类合计是多少条？'))!;
    expect(a.answer).toContain('（71 − 39 = 32');
  });
});

describe('several operations, one per sentence', () => {
  it('a share of the sum asked just before: its whole is the sum, each figure cited once', async () => {
    const q = '葛寨镇2020年公开的乡镇动态、公告公示和其他信息三类合计多少？其他信息占合计的百分之几（保留一位小数）？';
    expect(arithmeticAsks(q)?.map((x) => x.op)).toEqual(['sum', 'share']);
    const a = (await answer(q))!;
    expect(a.answer).toContain('合计 **214');
    expect(a.answer).toContain('占 **7.5%**（16 ÷ (38 + 160 + 16 = 214) × 100%');
    expect(a.citations).toHaveLength(1);
  });

  it('"X占比多少" with no whole takes the sum before it; alone, all the report published', async () => {
    const q = '花马池镇2021年门户网站、政务公开栏、微信公众号三个渠道公开的信息合计多少条？公众号占比多少？';
    expect((await answer(q))!.answer).toMatch(/合计 \*\*560 条\*\*[\s\S]*460 ÷ \(30 \+ 70 \+ 460 = 560\)/);
    expect((await answer('花马池镇2021年公众号占比多少？'))!.answer).toContain('460 ÷ (30 + 70 + 460 = 560)');
    expect(await answer('南郊镇2021年自然人申请占比多少？')).toBeNull();
  });

  it('a sentence that asks no operation leaves the question to one operation or none', () => {
    expect(arithmeticAsks('花马池镇2021年行政处罚多少件？行政强制多少件？')).toBeNull();
  });

  it('a share of all items published: the total the report states, else the parts it lists', async () => {
    expect((await answer('南郊镇2021年主动公开的信息里，专题会议和部门会议类占总数的百分之多少？'))!.answer).toContain(
      '（13 ÷ 71 × 100%',
    );
    expect((await answer('葛寨镇2020年公开的信息中，乡镇动态所占的比例是多少？'))!.answer).toContain(
      '（38 ÷ (38 + 160 + 16 = 214) × 100%',
    );
    expect((await answer('花马池镇2021年三个公开渠道中，微信公众号的发布量占比多少？'))!.answer).toContain(
      '（460 ÷ (30 + 70 + 460 = 560) × 100%',
    );
  });

  it('a sum naming no parts after a sentence listing them; each part all that its report published', async () => {
    const q = '古城镇2023年、南郊镇2021年、花庄镇2024年各自主动公开了多少条信息？三个镇加起来一共多少条？';
    expect(arithmeticAsks(q)).toEqual([
      { op: 'sum', operands: ['古城镇2023年', '南郊镇2021年', '花庄镇2024年'], tail: '主动公开了多少条信息' },
    ]);
    expect((await answer(q))!.answer).toContain('合计 **973 条**（891 + 71 + 11 = 973');
  });
});
