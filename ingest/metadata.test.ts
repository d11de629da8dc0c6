import { describe, expect, it } from 'vitest';
import { extractMetadata, statisticsYear } from './metadata.ts';
import { normaliseText } from './normalise.ts';
import { sampleRaw, type SampleFile } from './test-support/samples.ts';

const meta = (f: SampleFile) => extractMetadata(normaliseText(sampleRaw(f)));

describe('extractMetadata on the samples', () => {
  it('花马池镇: title squeezed, region from the title, publish date from the last lines', () => {
    expect(meta('000_02e80cf19b94c8cc.txt')).toEqual({
      title: '盐池县花马池镇2021年政府信息公开工作年度报告',
      org: '花马池镇',
      region: '盐池县',
      level: '乡镇/街道',
      year: 2021,
      template: '2021',
      published: '2021-12-27',
    });
  });

  it('葛寨镇 2020 is on the 2019 template; its county comes from the text (伊川县葛寨镇)', () => {
    expect(meta('001_36591a17fc2832bc.txt')).toMatchObject({
      org: '葛寨镇',
      region: '伊川县',
      year: 2020,
      template: '2019',
      published: null,
    });
  });

  it('the fullest chain of parent units the text writes: 吴忠市利通区 for 利通区古城镇', () => {
    expect(meta('004_e51fc33f15234b62.txt')).toMatchObject({
      title: '利通区古城镇2023年政府信息公开工作报告',
      org: '古城镇',
      region: '吴忠市利通区',
      year: 2023,
      template: '2021',
    });
  });

  it('no region when neither title nor text names one (南郊镇); 人民政府 is not part of the org', () => {
    expect(meta('003_795117ff85927c6d.txt')).toMatchObject({
      title: '南郊镇2021年度政府信息公开工作年度报告',
      org: '南郊镇',
      region: null,
      year: 2021,
    });
    expect(meta('002_b99ae1cfb7712085.txt')).toMatchObject({
      org: '花庄镇',
      region: '遂平县',
      year: 2024,
      template: '2021',
    });
  });
});

describe('extractMetadata on other title forms', () => {
  const body = '\n一、总体情况\n本年度政府信息公开工作有序开展。';
  it('a department keeps its full name; the units it opens with are its region', () => {
    expect(extractMetadata(`盐池县教育体育局2021年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '盐池县教育体育局',
      region: '盐池县',
      level: '部门',
      year: 2021,
    });
  });

  it('a 标题： header wins over the first line; 发布时间： gives the date', () => {
    const m = extractMetadata(
      `来源：县政府办\n标题：遂平县 花庄镇人民政府 2024 年政府信息公开工作年度报告\n发布时间：2025-1-20 09:00${body}`,
    );
    expect(m).toMatchObject({
      title: '遂平县花庄镇人民政府2024年政府信息公开工作年度报告',
      org: '花庄镇',
      region: '遂平县',
      year: 2024,
      published: '2025-01-20',
    });
  });

  it('a title set over two lines joins the org above the year line', () => {
    expect(extractMetadata(`葛寨镇人民政府\n2020年政府信息公开工作年度报告${body}`)).toMatchObject({
      title: '葛寨镇人民政府2020年政府信息公开工作年度报告',
      org: '葛寨镇',
      year: 2020,
      template: '2019',
    });
  });

  it('a county and a city get their levels', () => {
    expect(extractMetadata(`盐池县2021年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '盐池县',
      level: '县区',
    });
    expect(extractMetadata(`吴忠市2022年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '吴忠市',
      level: '市',
      template: '2021',
    });
  });

  it('the year comes from the statistics period when the title has none', () => {
    const m = extractMetadata('政府信息公开工作年度报告\n本报告统计数据从2021年1月1日至12月31日。');
    expect(m.year).toBe(2021);
  });
});

describe('statisticsYear', () => {
  it('reads the period as the samples write it', () => {
    expect(statisticsYear('本报告统计数据从2021年1月1日至12月31日。')).toBe(2021);
    expect(statisticsYear('（三）统计数据时限为2021年1月1日至2021年12月31日。')).toBe(2021);
    expect(statisticsYear('统计期限为 2024 年 1 月 1 日起至 2024 年 12 月 31 日')).toBe(2024);
    expect(statisticsYear('2021年12月27日')).toBeNull();
  });
});
