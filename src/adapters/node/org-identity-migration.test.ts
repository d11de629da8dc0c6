import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Level } from '../../domain/catalogue.ts';
import { nearestUnit, orgKey } from '../../domain/org-names.ts';
import { openDatabase } from './db.ts';

/** Orgs as a database before schema 11 stored them: a unit by its name alone. */
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

describe('schema 11: an org is its name and the unit it sits in', () => {
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
    db.pragma('user_version = 10');
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
