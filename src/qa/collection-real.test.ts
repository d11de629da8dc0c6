import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { ask } from './ask.ts';

const REAL_OTHER = join(import.meta.dirname, '../../ingest/fixtures/real-other');

/** Collection questions over real county and district reports (their orgs are their units: 勉县) and bureaus. */
describe('the units of a kind, over real county and district reports', async () => {
  const files = [
    'wuqi_2023',
    'xinfeng_2023',
    'mianxian_2023',
    'tongzi_2022',
    'jinan_2016',
    'daixian_wjj_2024',
    'yongan_wjj_2024',
  ];
  const db = await sampleDb(
    mkdtempSync(join(tmpdir(), 'collection-real-')),
    files.map((f) => join(REAL_OTHER, `${f}_page.txt`)),
  );
  const deps = await createNodeDeps(db, {});

  it('“年报有哪几个县” lists the counties of the year asked, not a district', async () => {
    const a = await ask(deps, '2023年的县政府信息公开年报有哪几个县？');
    expect(a.answeredBy).toBe('collection');
    expect(a.answer).toContain('**3** 个县');
    for (const county of ['吴起县', '信丰县', '勉县']) expect(a.answer).toContain(county);
    expect(a.answer).not.toContain('桐梓县');
    expect((await ask(deps, '有几个区的报告？')).answer).toContain('**1** 个区');
  });

  it('“县市卫生健康局” lists the kind (卫生健康局) of every level, not the one org called 市卫生健康局', async () => {
    const a = await ask(deps, '有哪些县市卫生健康局的年报？');
    expect(a.answeredBy).toBe('collection');
    expect(a.answer).toContain('**2** 个卫生健康局');
    for (const org of ['代县卫生健康局', '永安市卫生健康局']) expect(a.answer).toContain(org);
  });
});
