import { describe, expect, it } from 'vitest';
import type { Answer } from '../src/domain/types.ts';
import { numbersIn, scoreAnswer, type Question } from './score.ts';
import { confusion } from './metrics.ts';

const answer = (text: string, extra: Partial<Answer> = {}): Answer => ({
  answer: text,
  route: 'sql',
  citations: [],
  timings: { totalMs: 1 },
  ...extra,
});
const q = (expected: Question['expected'], kind: Question['kind'] = 'numeric'): Question => ({
  id: 'x',
  question: '?',
  kind,
  expected,
});
const cite = (org: string, year: number) => ({
  n: 1,
  reportId: 1,
  title: 't',
  org,
  year,
  section: 's',
  quote: 'q',
  start: 0,
  end: 1,
});

describe('scoring numbers', () => {
  it.each([
    ['共 1,319 件', 1319],
    ['共1319件', 1319],
    ['公开 460余条', 460],
    ['金额 24252.311082 万元', 24252.311082],
    ['共１３１９件', 1319],
    ['共十二件', 12],
    ['一百零五条', 105],
    ['为 0 件', 0],
  ])('finds the number in “%s”', (text, n) => {
    expect(scoreAnswer(q({ numbers: [n] }), answer(text)).pass).toBe(true);
  });

  it('misses a number that is not there, and a near one', () => {
    const s = scoreAnswer(q({ numbers: [1319, 64] }), answer('共 1318 件，64 件'));
    expect(s.pass).toBe(false);
    expect([s.numbersHit, s.numbersTotal]).toEqual([1, 2]);
    expect(s.failures).toEqual(['number 1319 not in the answer']);
  });

  it('reads Chinese numerals with a unit, not lone digits or units', () => {
    expect(numbersIn('三千零二十件，十件，一亿二千万元')).toEqual([3020, 10, 120000000]);
    expect(numbersIn('一是加强，三审三校，万元')).toEqual([]);
    // Citation marks are not figures: "[4]" must not pass an expected 4.
    expect(numbersIn('新收 **12 件** [4]，结转 [1][2]')).toEqual([12]);
  });
});

describe('scoring keywords, sources, routes and refusals', () => {
  it('matches keywords after full-width normalisation', () => {
    expect(scoreAnswer(q({ keywords: ['12345热线'] }, 'narrative'), answer('１２３４５热线受理诉求')).pass).toBe(true);
    expect(scoreAnswer(q({ keywords: ['政务新媒体'] }, 'narrative'), answer('微信公众号')).failures).toEqual([
      'keyword “政务新媒体” not in the answer',
    ]);
  });

  it('matches sources by org containment and year', () => {
    const e = { sources: [{ org: '花马池镇', year: 2021 }] };
    expect(scoreAnswer(q(e), answer('x', { citations: [cite('盐池县花马池镇', 2021)] })).sourceHit).toBe(true);
    expect(scoreAnswer(q(e), answer('x', { citations: [cite('花马池镇', 2020)] })).sourceHit).toBe(false);
    expect(scoreAnswer(q(e), answer('x')).sourceHit).toBe(false);
  });

  it('lets a hybrid answer satisfy either route', () => {
    expect(scoreAnswer(q({ route: 'retrieval' }), answer('x', { route: 'hybrid' })).routeOk).toBe(true);
    expect(scoreAnswer(q({ route: 'retrieval' }), answer('x', { route: 'sql' })).routeOk).toBe(false);
  });

  it('wants refusals where expected and nowhere else', () => {
    expect(
      scoreAnswer(q({ refuse: true }, 'unanswerable'), answer('库中没有', { route: 'none', refused: true })).pass,
    ).toBe(true);
    expect(scoreAnswer(q({ refuse: true }, 'unanswerable'), answer('为 3 件')).failures).toEqual([
      'answered, expected a refusal',
    ]);
    expect(scoreAnswer(q({ numbers: [3] }), answer('库中没有', { route: 'none', refused: true })).failures).toContain(
      'refused, expected an answer',
    );
  });
});

describe('route confusion matrix', () => {
  it('counts expected × actual', () => {
    const m = confusion([
      { expected: 'sql', actual: 'sql' },
      { expected: 'sql', actual: 'retrieval' },
      { expected: 'retrieval', actual: 'hybrid' },
      { expected: 'refuse', actual: 'none' },
    ]);
    expect(m).toEqual({ sql: { sql: 1, retrieval: 1 }, retrieval: { hybrid: 1 }, refuse: { none: 1 } });
  });

  it('wants the lead strings in the first paragraph, not in the evidence under it', () => {
    const text = '南郊镇报告列出三个问题：内容不充实、途径单一、机制不完善。\n\n- 一是信息公开的内容有待进一步充实 [1]';
    expect(scoreAnswer(q({ lead: ['三个问题'] }, 'narrative'), answer(text)).pass).toBe(true);
    expect(scoreAnswer(q({ lead: ['有待进一步充实'] }, 'narrative'), answer(text)).pass).toBe(false);
    expect(scoreAnswer(q({ lead: ['有'] }), answer('- 结转 1 件\n有。')).pass).toBe(false);
  });
});
