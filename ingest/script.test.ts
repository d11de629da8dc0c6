import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.ts';
import { parseText } from './pipeline.ts';
import { isTraditional, TRADITIONAL_WARNING, toSimplifiedScript } from '../src/domain/script.ts';
import { REAL_META_DIR } from './test-support/real-meta.ts';
import { REAL_OTHER_DIR } from './test-support/real-other.ts';
import { SAMPLE_FILES, sampleRaw } from './test-support/samples.ts';

const other = (file: string) => readFileSync(join(REAL_OTHER_DIR, file), 'utf8');

describe('reports in traditional script', () => {
  it('tells a traditional mirror from a simplified report', () => {
    expect(isTraditional(other('tuoshi_2020_trad_page.md'))).toBe(true);
    expect(isTraditional(other('tuoshi_2020_page.txt'))).toBe(false);
    for (const f of SAMPLE_FILES) expect(isTraditional(sampleRaw(f)), f).toBe(false);
    // A few traditional names quoted in a simplified text do not make it traditional.
    expect(isTraditional(`${other('tuoshi_2020_page.txt').slice(0, 3000)}《國務院辦公廳關於》`)).toBe(false);
  });

  it('converts to simplified, once normalising has dropped the pinyin glosses a mirror prints', () => {
    const raw = other('tuoshi_2020_trad_page.md');
    expect(raw).toContain('鎮(zhèn)');
    const { simplified, traditional } = toSimplifiedScript(normaliseText(raw))!;
    expect(simplified.split('\n')[0]).toBe('拖市镇2020年政府信息公开工作年度报告');
    expect(traditional.split('\n')[0]).toBe('拖市鎮2020年政府信息公開工作年度報告');
    expect(toSimplifiedScript(other('tuoshi_2020_page.txt'))).toBeNull();
  });

  it('writes the mainland standard form where OpenCC keeps another (谘詢 → 咨询, not 谘询)', () => {
    const { simplified } = toSimplifiedScript(normaliseText(other('c3e5_2010_trad_page.txt')))!;
    expect(simplified).toContain('电话咨询2070人次');
    expect(simplified).not.toContain('谘');
  });

  it('reads a converted report as the simplified one, keeping the org as the original spells it', () => {
    const r = parseText('meixian.txt', 'txt', readFileSync(join(REAL_META_DIR, 'meixian_2020_page.txt'), 'utf8'));
    expect(r).toMatchObject({ org: '眉县', year: 2020, template: '2019' });
    expect(r.aliases).toContain('眉縣');
    expect(r.warnings[0]).toBe(TRADITIONAL_WARNING);
    expect(r.text).toMatch(/政府信息公开工作年度报告/);
  });

  it('reads the same table cells from a traditional mirror as from the original page', () => {
    const cells = (file: string) =>
      parseText(file, 'txt', other(file))
        .cells.filter((c) => c.value !== null)
        .map((c) => [c.key, c.value]);
    const mirror = cells('tuoshi_2020_trad_page.md');
    expect(mirror.length).toBeGreaterThan(0);
    expect(cells('tuoshi_2020_page.txt')).toEqual(expect.arrayContaining(mirror));
  });
});
