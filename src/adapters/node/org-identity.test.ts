import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Level } from '../../domain/catalogue.ts';
import { nearestUnit, orgKey } from '../../domain/org-names.ts';
import { SAMPLES_DIR } from '../../../ingest/test-support/gold.ts';
import { openDatabase } from './db.ts';
import { indexingFromEnv } from './indexing.ts';
import { ingestBytes } from './ingest/ingest-files.ts';

/** Orgs as a database before schema 12 stored them: a unit by its name alone. */
const ROWS: [org: string, region: string | null, level: Level | null][] = [
  ['新集镇', '宁夏回族自治区吴忠市盐池县', '乡镇/街道'],
  ['新集镇', '同心县', '乡镇/街道'],
  ['古城镇', '吴忠市利通区', '乡镇/街道'],
  ['城关镇', '甘肃省庆阳市环县', '乡镇/街道'],
  ['永顺镇', '北京市通州区', '乡镇/街道'],
  ['五山街道', '广州市天河区', '乡镇/街道'],
  ['利通区', '吴忠市', '县区'],
  ['凯里市', '贵州省黔东南苗族侗族自治州', '市'],
  ['漠河市', '大兴安岭地区', '市'],
  ['淮安市', '江苏省', '市'],
  ['西乌珠穆沁旗', '锡林郭勒盟', '县区'],
  ['南郊镇', null, '乡镇/街道'],
  ['盐池县教育体育局', '盐池县', '部门'],
  ['利通区古城镇', '吴忠市利通区', '乡镇/街道'],
  ['某镇', '县', '乡镇/街道'],
  ['福建省', null, null],
];

describe('schema 12: an org is its name and the unit it sits in', () => {
  it('names each unit as orgKey does, in reports and cells, and leaves the rest', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'org-identity-')), 'old.db');
    let db = openDatabase(path);
    const report = db.prepare(
      `INSERT INTO reports (path, file, format, content_hash, title, org, region, level, year, text, ingested_at)
       VALUES (?, 'f', 'txt', ?, 't', ?, ?, ?, 2021, 'x', 'now')`,
    );
    const cell = db.prepare(
      `INSERT INTO cells (report_id, key, value, unit, status, year, org) VALUES (?, 't3.new.total', 1, '件', 'ok', 2021, ?)`,
    );
    for (const [i, [org, region, level]] of ROWS.entries()) {
      const id = Number(report.run(`p${i}`, `h${i}`, org, region, level).lastInsertRowid);
      cell.run(id, org);
    }
    db.pragma('user_version = 11');
    db.close();
    db = openDatabase(path);
    const stored = db
      .prepare('SELECT r.org, c.org AS cellOrg FROM reports r JOIN cells c ON c.report_id = r.id ORDER BY r.id')
      .all() as { org: string; cellOrg: string }[];
    const want = ROWS.map(([org, region, level]) => orgKey(org, region, level));
    expect(stored.map((s) => s.org)).toEqual(want);
    expect(stored.map((s) => s.cellOrg)).toEqual(want);
    expect(want.slice(0, 7)).toEqual([
      '盐池县新集镇',
      '同心县新集镇',
      '利通区古城镇',
      '环县城关镇',
      '通州区永顺镇',
      '天河区五山街道',
      '吴忠市利通区',
    ]);
    db.close();
  });

  it('reads the nearest unit of a region as the migration does', () => {
    expect(nearestUnit('贵州省黔东南苗族侗族自治州')).toBe('黔东南苗族侗族自治州');
    expect(nearestUnit('大兴安岭地区')).toBe('大兴安岭地区');
    expect(nearestUnit('县')).toBe('县');
  });
});

describe('the years of one org that name its region and those that do not', async () => {
  const indexing = await indexingFromEnv({});
  /** 南郊镇's 2021 report (it names no region), and later years' titles that put it in a district. */
  const text = readFileSync(join(SAMPLES_DIR, '003_795117ff85927c6d.txt'), 'utf8');
  const placed = (district: string, year: number) =>
    text.replace('南郊镇2021年度', `${district}南郊镇${year}年度`).replaceAll('2021', String(year));
  const store = async (texts: string[]) => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'settle-')), 's.db'));
    for (const [i, t] of texts.entries())
      expect((await ingestBytes(db, `r${i}.txt`, `r${i}.txt`, Buffer.from(t), indexing)).outcome).toBe('added');
    const rows = db.prepare('SELECT org, year FROM reports ORDER BY year, org').all();
    const cells = db
      .prepare('SELECT DISTINCT c.org = r.org AS same FROM cells c JOIN reports r ON r.id = c.report_id')
      .all();
    db.close();
    return { rows, cells };
  };

  it('are one org, whichever was stored first', async () => {
    const one = [
      { org: '城东区南郊镇', year: 2021 },
      { org: '城东区南郊镇', year: 2022 },
    ];
    expect(await store([text, placed('城东区', 2022)])).toEqual({ rows: one, cells: [{ same: 1 }] });
    expect(await store([placed('城东区', 2022), text])).toEqual({ rows: one, cells: [{ same: 1 }] });
  });

  it('stay apart when two districts have an org of that name', async () => {
    const { rows } = await store([placed('城东区', 2022), placed('城西区', 2023), text]);
    expect(rows).toEqual([
      { org: '南郊镇', year: 2021 },
      { org: '城东区南郊镇', year: 2022 },
      { org: '城西区南郊镇', year: 2023 },
    ]);
  });
});
