import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNNAMED_WARNING } from '../../../ingest/pipeline.ts';
import { REAL_OTHER_DIR } from '../../../ingest/test-support/real-other.ts';
import { UNNAMED_ORG } from '../../domain/org-names.ts';
import { ask } from '../../qa/ask.ts';
import { openDatabase } from './db.ts';
import { createNodeDeps } from './deps.ts';
import { indexingFromEnv } from './indexing.ts';
import { ingestFiles, ingestUploads } from './ingest/ingest-files.ts';
import { SAMPLES } from './sample-app.ts';

/**
 * Real reports that name no org in their text (ingest/fixtures/real-other), through the load and
 * upload paths: kept as reports of no org, or named by the file name a user gave them.
 */
describe('reports that name no org', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unnamed-'));
  const db = openDatabase(join(dir, 'r.db'));
  const indexing = await indexingFromEnv({});
  // A district 机关事务 bureau's 2021 report that calls itself only 我局 (28 items published).
  const unnamed = join(dir, 'dsz_jgsw_2021_page.txt');
  copyFileSync(join(REAL_OTHER_DIR, 'dsz_jgsw_2021_page.txt'), unnamed);
  const loaded = await ingestFiles(db, [join(SAMPLES, '000_02e80cf19b94c8cc.txt'), unnamed], indexing);
  // The 武汉 bureau's page names itself only 我局 too; its uploader named the file by its title.
  const [upload] = await ingestUploads(
    db,
    [
      {
        name: '武汉市生态环境局2020年政府信息公开工作年度报告.md',
        bytes: readFileSync(join(REAL_OTHER_DIR, 'wuhan_sthjj_2020_page.md')),
      },
    ],
    indexing,
  );
  const deps = await createNodeDeps(db, {});
  const reports = await deps.store.reports();
  const stored = reports.find((r) => r.file === 'dsz_jgsw_2021_page.txt')!;

  it('stores a report that names no org, with its cells and the warning, instead of refusing it', () => {
    expect(loaded.map((r) => r.outcome)).toEqual(['added', 'added']);
    expect(loaded[1]!.warnings).toContain(UNNAMED_WARNING);
    expect(loaded[1]!.cells).toBeGreaterThan(0);
    expect(stored).toMatchObject({ org: null, year: 2021, level: '部门' });
  });

  it('names an uploaded report by its file name when the text names no org', () => {
    expect(upload!.outcome).toBe('added');
    expect(upload!.warnings).not.toContain(UNNAMED_WARNING);
    expect(reports.find((r) => r.year === 2020)).toMatchObject({ org: '武汉市生态环境局', region: '武汉市' });
  });

  it('never answers a question naming an org from the report that names none', async () => {
    for (const q of [
      '大石桥市机关事务管理局2021年全年累计主动公开了多少条信息？',
      '花马池镇2021年主动公开了多少条信息',
    ]) {
      const a = await ask(deps, q);
      expect(
        a.citations.map((c) => c.reportId),
        q,
      ).not.toContain(stored.id);
      expect(a.answer, q).not.toContain('null');
    }
  });

  it('answers a question naming no org from it, under 未署名单位', async () => {
    const a = await ask(deps, '2021年全年累计主动公开各类信息多少条？');
    expect(a.answer).toContain(`${UNNAMED_ORG}2021年`);
    expect(a.answer).toContain('28');
    expect(a.citations.map((c) => c.reportId)).toContain(stored.id);
  });

  it('says so where the orgs are counted or ranked', async () => {
    const orgs = await ask(deps, '库里有哪些单位的报告');
    expect(orgs.answer).toMatch(/来自 \*\*2\*\* 个单位/);
    expect(orgs.answer).toContain(`另有 **1** 份报告没有写明单位：${UNNAMED_ORG}（2021年）`);
    const ranked = await ask(deps, '2021年各单位行政许可处理决定数量排名');
    expect(ranked.answer).toContain(`${UNNAMED_ORG}（2021年）`);
    expect(ranked.answer).not.toContain('null');
  });
});
