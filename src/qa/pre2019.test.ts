import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { REAL_META_DIR } from '../../ingest/test-support/real-meta.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { ask } from './ask.ts';

/** The real 平潭 2014 report (no standard tables) ingested beside the samples. */
describe('a report before the 2019 template: no tables, questions answered from its text', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'pre2019-')), [join(REAL_META_DIR, 'pingtan_2014_page.txt')]);
  const deps = await createNodeDeps(db, {});

  it('is stored with its template, its org and the spelling its title gives', async () => {
    const [r] = await deps.store.reports({ org: ['平潭综合实验区'] });
    expect(r).toMatchObject({ year: 2014, template: 'pre2019', aliases: ['平潭综合实验区管委会'] });
    expect(await deps.store.cells(r!.id)).toEqual([]);
  });

  it('a figure: says the report has no statistical tables, and gives the number its prose states', async () => {
    const a = await ask(deps, '平潭综合实验区2014年主动公开政府信息多少条');
    expect(a.answer).toContain('没有统计表');
    expect(a.answer).toContain('2543');
    expect(a.citations[0]!.quote).toContain('2543');
  });

  it('a figure its prose does not state: a refusal that says why', async () => {
    const a = await ask(deps, '平潭综合实验区2014年行政处罚多少件');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('没有统计表');
  });

  it('a narrative question is answered from its text, cited', async () => {
    const a = await ask(deps, '平潭综合实验区2014年政府信息公开工作存在哪些问题');
    expect(a.refused).toBeFalsy();
    expect(a.citations.some((c) => c.year === 2014 && /人员变动|工作基础|公开范围/.test(c.quote))).toBe(true);
  });
});

describe('questions of a pre-2019 report that ask no count', async () => {
  const real = join(import.meta.dirname, '../../ingest/fixtures/real-other');
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'pre2019-words-')), [
    join(real, 'yongchun_jtj_2018_page.txt'),
    join(real, 'taizhou_2017_page.txt'),
  ]);
  const deps = await createNodeDeps(db, {});

  it('"从哪几个方面" is a description, quoted, not a figure refused for want of tables', async () => {
    const a = await ask(deps, '永春交通局2018年从哪几个方面抓政府信息公开工作？');
    expect(a.refused).toBeFalsy();
    expect(a.answer).toContain('加强组织领导');
  });

  it('"电话是多少" is one precise thing, quoted where the report prints it', async () => {
    const a = await ask(deps, '泰州市政府办2017年年报有疑问的话该找哪个部门？电话是多少？');
    expect(a.answer).toContain('政府信息公开处');
    expect(a.answer).toContain('0523-86839755');
  });
});
