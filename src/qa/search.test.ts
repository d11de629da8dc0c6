import { describe, expect, it } from 'vitest';
import { coverage } from './search.ts';

const terms = (...words: string[]) => ({ words, bigrams: [] });
const TAIZHOU = '编制印发《泰州市依申请公开工作应用手册》,汇集相关政策文件、全国各地典型案例及解析';

describe("coverage: the share of a question's words a passage holds", () => {
  it('a two-character abbreviation is met by the words it shortens (编印 for 编制印发)', () => {
    expect(coverage(terms('编印', '依申请公开'), TAIZHOU)).toBe(1);
    expect(coverage(terms('网站', '依申请公开'), TAIZHOU)).toBe(0.5);
  });

  it('not by its characters far apart', () => {
    expect(coverage(terms('编件'), TAIZHOU)).toBe(0);
  });
});
