/** Realistic answers for the WeCom tests, quoting two of the sample reports. */
import type { Answer } from '../domain/types.ts';

/** 花马池镇 2021, 表二: a number read from a table cell. */
export const penaltyAnswer: Answer = {
  answer: '盐池县花马池镇2021年作出行政处罚决定 **1319** 件[1]。',
  route: 'sql',
  sql: 'SELECT r.org, r.year, c.value, c.unit FROM cells c JOIN reports r ON r.id = c.report_id WHERE c.key = ? AND r.org LIKE ? AND r.year = ? LIMIT 50',
  params: ['t2.penalty.decisions', '%花马池镇%', 2021],
  rows: [{ org: '盐池县花马池镇', year: 2021, value: 1319, unit: '件' }],
  citations: [
    {
      n: 1,
      reportId: 1,
      title: '盐池县花马池镇 2021年政府信息公开工作年度报告',
      org: '盐池县花马池镇',
      year: 2021,
      section: '二、主动公开政府信息情况',
      quote: '行政处罚\t1319',
      start: 1616,
      end: 1625,
      cell: {
        key: 't2.penalty.decisions',
        table: 't2',
        row: '行政处罚',
        col: '本年处理决定数量',
        value: 1319,
        unit: '件',
      },
    },
  ],
  timings: { totalMs: 14, planMs: 2, sqlMs: 3 },
};

/** 葛寨镇 2020: passages found by retrieval. */
export const disclosureAnswer: Answer = {
  answer:
    '葛寨镇2020年通过县政府信息公开平台、政务公开栏、广播等渠道主动公开信息：乡镇动态38件、公告公示160条、其他信息16条[1]；' +
    '并做好县政府门户网站乡镇机构栏目的公开内容保障工作[2]。',
  route: 'retrieval',
  citations: [
    {
      n: 1,
      reportId: 2,
      title: '葛寨镇人民政府2020年政府信息公开工作年度报告',
      org: '葛寨镇人民政府',
      year: 2020,
      section: '一、总体情况 > （二）主动公开情况',
      quote: '2020年，通过各种信息公开渠道公开乡镇动态38件、公告公示160条、其他信息16条',
      start: 351,
      end: 393,
    },
    {
      n: 2,
      reportId: 2,
      title: '葛寨镇人民政府2020年政府信息公开工作年度报告',
      org: '葛寨镇人民政府',
      year: 2020,
      section: '一、总体情况 > （五）政府信息公开平台建设情况',
      quote: '不断丰富公开内容，加大公开力度，做好县政府门户网站乡镇机构栏目公开内容保障工作。',
      start: 905,
      end: 945,
    },
  ],
  timings: { totalMs: 48, retrievalMs: 31 },
};
