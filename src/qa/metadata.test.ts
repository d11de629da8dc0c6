import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { ask } from './ask.ts';

describe("questions a report's metadata answers, over the sample corpus", async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'metadata-')));
  const deps = await createNodeDeps(db, {});
  const quotesExact = async (a: Awaited<ReturnType<typeof ask>>) => {
    for (const c of a.citations) expect((await deps.store.reportText(c.reportId))!.slice(c.start, c.end)).toBe(c.quote);
  };

  it('give the signature date, quoted from its line', async () => {
    const a = await ask(deps, '花马池镇的年报是什么时候发布的');
    expect(a.answer).toContain('2021年12月27日');
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]!.quote).toContain('12月27日');
    await quotesExact(a);
  });

  it('give the region a unit belongs to, quoted from where the report names it', async () => {
    const a = await ask(deps, '花庄镇是哪个县的？');
    expect(a.answer).toContain('遂平县');
    expect(a.citations[0]!.quote).toContain('遂平县');
    await quotesExact(a);
    // The report names the county only: the city asked for is said to be missing, not guessed.
    const city = await ask(deps, '葛寨镇属于哪个市');
    expect(city.answer).toContain('伊川县');
    expect(city.answer).toContain('报告没有写明所属的市');
  });

  it('say so when the report does not print it, instead of guessing', async () => {
    const date = await ask(deps, '葛寨镇年报的发布日期是哪天');
    expect(date.refused).toBe(true);
    expect(date.answer).toContain('没有写明落款或发布日期');
    const region = await ask(deps, '南郊镇隶属于哪个区');
    expect(region.refused).toBe(true);
    expect(region.answer).toContain('没有写明南郊镇所属的区县');
  });

  it('name each org asked about, saying which report lacks the fact', async () => {
    const a = await ask(deps, '南郊镇和葛寨镇分别属于哪个县');
    expect(a.answer).toContain('葛寨镇属于 **伊川县**');
    expect(a.answer).toContain('没有写明南郊镇所属的区县');
  });

  it('leave questions about other dates and other belongings alone', async () => {
    for (const q of [
      '花马池镇什么时候开通了微信公众号',
      '花马池镇报告里说什么时候完成网站集约化',
      '花马池镇的信访件归哪个部门办理',
    ]) {
      const a = await ask(deps, q);
      expect(a.citations.every((c) => c.section !== '落款' && c.section !== '标题与导语')).toBe(true);
      expect(a.answer).not.toMatch(/落款日期是|属于 \*\*/);
    }
  });
});

describe('money asked of a figure the tables only count', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'money-')));
  const deps = await createNodeDeps(db, {});

  it('is refused with what the tables do hold, not answered with the count', async () => {
    const a = await ask(deps, '花马池镇2021年行政处罚罚款金额是多少');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('没有金额');
    expect(a.answer).not.toContain('1319');
  });

  it('is not asked when the question counts something about money', async () => {
    const a = await ask(deps, '花马池镇2021年涉及征地补偿金额的申请有多少件');
    expect(a.refused).toBeFalsy();
    expect(a.route).toBe('sql');
  });

  it('still answers an amount the tables do hold', async () => {
    const a = await ask(deps, '花庄镇2024年行政事业性收费金额是多少');
    expect(a.route).toBe('sql');
    expect(a.answer).toContain('万元');
  });
});

describe("a report's own numbers (文号, 索引号)", async () => {
  const real = join(import.meta.dirname, '../../ingest/fixtures/real-other');
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'metadata-numbers-')), [
    join(real, 'yongchun_jtj_2018_page.txt'),
    join(real, 'taizhou_2017_page.txt'),
  ]);
  const deps = await createNodeDeps(db, {});

  it('quotes the number the report prints for itself', async () => {
    const a = await ask(deps, '永春交通局2018年那份年报的文号是多少？');
    expect(a.answer).toContain('**永交〔2019〕3号**');
    expect(a.citations[0]!.quote).toBe('永交〔2019〕3号');
    expect((await ask(deps, '泰州市2017年报告的索引号是多少')).answer).toContain('**014416330/2018-04736**');
  });

  it('never a document the report cites; a report without one is said to lack it', async () => {
    const a = await ask(deps, '花马池镇2021年报告的文号');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('没有写明文号');
    expect(a.answer).not.toContain('国办公开办函');
  });
});
