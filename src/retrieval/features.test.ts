import { describe, expect, it } from 'vitest';
import type { Segmenter } from '../domain/ports.ts';
import { charBigrams, ftsAny, topicWords } from './features.ts';

/** A segmenter that cuts where the test says (jieba's cut of the same text, written out). */
const cutAt = (words: string[]): Segmenter => ({ cut: () => words }) as unknown as Segmenter;

describe('charBigrams', () => {
  it('pairs adjacent Han characters inside each run, not across punctuation or digits', () => {
    expect(charBigrams('新媒体平台')).toEqual(['新媒', '媒体', '体平', '平台']);
    expect(charBigrams('公开71条，微信')).toEqual(['公开', '微信']);
    expect(charBigrams('2021')).toEqual([]);
  });
});

describe('ftsAny', () => {
  it('quotes every term (FTS5 syntax in user text is inert) and drops duplicates and blanks', () => {
    expect(ftsAny('words', ['微信', '公众号', '微信', ''])).toBe('words : ("微信" OR "公众号")');
    expect(ftsAny('words', ['a" OR x:*'])).toBe('words : ("a"" OR x:*")');
    expect(ftsAny('bigrams', [])).toBeNull();
  });
});

describe('topicWords', () => {
  it('keeps words, numbers and letters; drops punctuation, blanks and single Latin letters', () => {
    const words = topicWords(
      cutAt(['花马池镇', '微信', '公众号', '发', '了', '多少', '条', '？', ' ', 'A', '460', 'PDF']),
      '',
    );
    expect(words).toContain('微信');
    expect(words).toContain('公众号');
    expect(words).toContain('460');
    expect(words).toContain('pdf');
    expect(words).not.toContain('？');
    expect(words).not.toContain(' ');
    expect(words).not.toContain('a');
  });

  it("a question's pointing and naming words are no topic: 那个公众号叫什么名字 asks of 公众号", () => {
    expect(topicWords(cutAt(['教育局', '那个', '微信', '公众号', '叫', '什么', '名字']), '')).toEqual([
      '教育局',
      '微信',
      '公众号',
    ]);
  });
});
