import { describe, expect, it } from 'vitest';
import { jiebaSegmenter } from './segmenter.ts';

/** The dictionary is loaded at the first cut, with every word given before it. */
describe('jiebaSegmenter', () => {
  const segmenter = jiebaSegmenter();

  it('reads the words given before the first cut only at that cut, and cuts with them', () => {
    let read = 0;
    function* names() {
      read++;
      yield '甲乙丙镇';
      yield '丁戊己县';
    }
    segmenter.addWords(names());
    segmenter.addWords(['庚辛壬街道']);
    expect(read).toBe(0);
    expect(segmenter.cut('丁戊己县甲乙丙镇2021年收到申请')).toEqual(
      expect.arrayContaining(['丁戊己县', '甲乙丙镇', '2021']),
    );
    expect(segmenter.cut('庚辛壬街道')).toEqual(['庚辛壬街道']);
    expect(read).toBe(1);
  });

  it('a word given after the dictionary is loaded changes the cuts of texts holding it', () => {
    const text = '癸子丑乡政务公开';
    expect(segmenter.cut(text)).not.toContain('癸子丑乡');
    segmenter.addWords(['癸子丑乡']);
    expect(segmenter.cut(text)).toContain('癸子丑乡');
  });
});
