import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { ask } from './ask.ts';
import { mentionAsked } from './mentions.ts';

describe('mentionAsked', () => {
  it.each([
    ['哪几个镇在信息发布上提到了“三审”一类的审核制度？', '三审'],
    ['哪几份年报在开头引用了国办公开办函〔2021〕30号这份格式通知？', '国办公开办函〔2021〕30号'],
    ['哪些报告提到过「政务公开专区」', '政务公开专区'],
  ])('%s → %s', (q, phrase) => expect(mentionAsked(q)).toBe(phrase));

  it('is null with nothing quoted, or no question of which reports', () => {
    expect(mentionAsked('哪些镇提到了三审制度')).toBeNull();
    expect(mentionAsked('花马池镇“三审”制度是怎么做的')).toBeNull();
  });
});

describe('which reports say a phrase, over the samples', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'mentions-')));
  const deps = await createNodeDeps(db, {});

  it('each report that says it, quoted exactly where it does; a year in a document number is no year', async () => {
    const a = await ask(deps, '哪几份年报在开头引用了国办公开办函〔2021〕30号这份格式通知？');
    expect(a.answeredBy).toBe('mentions');
    expect(a.answer).toContain('**2** 份提到「国办公开办函〔2021〕30号」');
    expect(a.citations.map((c) => c.year)).toEqual([2021, 2023]);
    for (const c of a.citations) {
      expect((await deps.store.reportText(c.reportId))!.slice(c.start, c.end)).toBe(c.quote);
      expect(c.quote).toContain('国办公开办函〔2021〕30号');
    }
  });

  it('a phrase no report says is refused, naming it', async () => {
    const a = await ask(deps, '哪些报告提到了“一网通办”');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('都没有提到「一网通办」');
  });
});
