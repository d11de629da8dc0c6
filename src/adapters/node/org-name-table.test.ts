import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parsedSample, SAMPLE_FILES } from '../../../ingest/test-support/samples.ts';
import type { ParsedReport } from '../../domain/types.ts';
import { aliasesIn, buildCorpusIndex, type CorpusIndex, regionsIn } from '../../qa/corpus.ts';
import { correctSoundAlikes } from '../../qa/entities.ts';
import { closestOrgs, orgMentionProblem } from '../../qa/org-match.ts';
import { stripNames } from '../../qa/understand/understand.ts';
import { openDatabase, type DB } from './db.ts';
import { createNodeDeps } from './deps.ts';
import { deleteReport, writeReport } from './report-writer.ts';
import { SqliteStore } from './sqlite-store.ts';
import { storedOrgNames } from './org-name-table.ts';
import { memoryNames, type NameRow } from '../../qa/corpus-names.ts';

const samples = SAMPLE_FILES.map(parsedSample);
/** Two counties' 发改局 (a name they share), a report giving its own alias, a second 古城镇 elsewhere. */
const others = (): ParsedReport[] => {
  const r = samples[0]!;
  const as = (org: string, region: string, level: ParsedReport['level'], aliases: string[] = []) => ({
    ...r,
    org,
    region,
    level,
    aliases,
    title: `${org}2022年政府信息公开工作年度报告`,
    year: 2022,
    contentHash: `${r.contentHash}-${org}`,
  });
  return [
    as('沭阳县发展和改革局', '江苏省宿迁市沭阳县', '部门'),
    as('泗洪县发展和改革局', '江苏省宿迁市泗洪县', '部门', ['泗洪发改']),
    as('古城镇', '宁夏回族自治区固原市隆德县', '乡镇/街道'),
  ];
};

/** The questions of the eval's sets: the names they give, right, wrong, misspelt and shared. */
const QUESTIONS = readdirSync('eval/questions').flatMap((f) =>
  readFileSync(join('eval/questions', f), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { question: string }).question),
);
const asked = [
  ...QUESTIONS,
  '沭阳发改局2022年收到多少申请',
  '发改局2022年收到多少申请',
  '古成镇2023年行政处罚',
  '泗洪发改和古城镇',
];

/** What a corpus index says of names: each org's, every alias, the shared ones, and what it reads in each question. */
function readings(c: CorpusIndex) {
  return {
    orgs: c.orgs.map((o) => [o.org, o.name, o.region, o.years, o.aliases]),
    aliases: c.aliases.map(([a, o]) => [a, o.org]),
    ambiguous: [...c.ambiguous].map(([n, os]) => [n, os.map((o) => o.org)]),
    regions: c.regions,
    questions: asked.map((q) => [
      aliasesIn(q, c).map(([a, o]) => [a, o.org]),
      regionsIn(q, c),
      c.orgNames.matches(q).map((n) => [n, c.orgNames.valuesOf(n).map((o) => o.org), c.unqualified.has(n)]),
      stripNames(q, c),
      orgMentionProblem(q, c),
      correctSoundAlikes(q, c),
      closestOrgs(q.slice(0, 6), c),
    ]),
  };
}

describe('the org names table', () => {
  let db: DB;
  const write = (rs: ParsedReport[]) => {
    for (const [i, r] of rs.entries()) writeReport(db, `${r.org}-${i}.txt`, r);
  };
  const reports = () => new SqliteStore(db).reports();
  const fromTable = async () => buildCorpusIndex(await reports(), { storedNames: (s) => storedOrgNames(db, s) });
  const rows = () => db.prepare('SELECT COUNT(*) FROM org_names').pluck().get() as number;
  const changes = () => db.prepare('SELECT total_changes()').pluck().get() as number;

  beforeEach(() => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'org-names-')), 'db.sqlite'));
    write([...samples, ...others()]);
  });

  it('gives the index what names derived in memory give: aliases, shared names, every reading of the questions', async () => {
    expect(rows()).toBe(0);
    const stored = await fromTable();
    expect(rows()).toBeGreaterThan(50);
    expect(readings(stored)).toEqual(readings(buildCorpusIndex(await reports())));
    expect(stored.ambiguous.get('发改局')!.map((o) => o.org)).toEqual(['沭阳县发展和改革局', '泗洪县发展和改革局']);
  });

  it("looks up only the substrings opening as a name does, and finds every name's rows", async () => {
    const sources = (await fromTable()).orgs.map((o) => ({ org: o.org, region: o.region, given: [] }));
    const table = storedOrgNames(db, sources)!;
    const memory = memoryNames(sources);
    const sorted = (rows: NameRow[]) => rows.map((r) => JSON.stringify(r)).sort();
    for (const q of asked) {
      const substrings = [
        ...new Set([...q].flatMap((_, i) => [2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => q.slice(i, i + n)))),
      ];
      expect(sorted(table.rowsOf(substrings))).toEqual(sorted(memory.rowsOf(substrings)));
    }
    expect(table.rowsOf(['花马池镇', '年行政处罚']).map((r) => r.name)).toEqual(['花马池镇']);
  });

  it("asks for no substring of a question's places that no name starts at", async () => {
    const asked: string[] = [];
    const c = buildCorpusIndex(await reports(), {
      storedNames: (s) => {
        const table = storedOrgNames(db, s)!;
        const rowsOf = (names: readonly string[]) => {
          asked.push(...names);
          return table.rowsOf(names);
        };
        return { ...table, rowsOf };
      },
    });
    expect(correctSoundAlikes('花马池镇2021年行政处罚多少件', c).entities.orgs).toEqual(['盐池县花马池镇']);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((n) => !n.startsWith('花马'))).toEqual([]);
  });

  it('is read, not derived again: a row put there is a name, and a second build writes nothing', async () => {
    await fromTable();
    const before = changes();
    db.prepare("INSERT INTO org_names (name, org, regional, pos) VALUES ('花马口', '盐池县花马池镇', 0, 99)").run();
    const c = await fromTable();
    expect(changes()).toBe(before + 1);
    expect(aliasesIn('花马口2021年收到多少申请', c).map(([, o]) => o.org)).toEqual(['盐池县花马池镇']);
  });

  it('derives an org again when its reports change, and drops an org that is gone', async () => {
    await fromTable();
    const r = samples[0]!;
    writeReport(db, 'own.txt', { ...r, year: 2019, aliases: ['花马口'], contentHash: `${r.contentHash}-own` });
    const gone = db.prepare("SELECT id FROM reports WHERE org = '泗洪县发展和改革局'").pluck().get() as number;
    deleteReport(db, gone);
    const c = await fromTable();
    expect(aliasesIn('花马口', c).map(([, o]) => o.org)).toEqual(['盐池县花马池镇']);
    expect(db.prepare("SELECT COUNT(*) FROM org_names WHERE org = '泗洪县发展和改革局'").pluck().get()).toBe(0);
    // 发改局 is now the one county's.
    expect(c.ambiguous.has('发改局')).toBe(false);
    expect(readings(c)).toEqual(readings(buildCorpusIndex(await reports())));
  });

  it('is not used where it cannot be kept: a read-only file with stale names derives them in memory', async () => {
    const ro = openDatabase(db.name, { readonly: true });
    expect(storedOrgNames(ro, [{ org: '花马池镇', region: '盐池县', given: [] }])).toBeNull();
    await fromTable();
    const c = buildCorpusIndex(await reports(), { storedNames: (s) => storedOrgNames(ro, s) });
    expect(readings(c)).toEqual(readings(buildCorpusIndex(await reports())));
  });

  it('the Node deps build the index over it once: their own writes to it are no change of the reports', async () => {
    const deps = await createNodeDeps(db, {});
    const first = await deps.corpus();
    expect(rows()).toBeGreaterThan(50);
    expect(await deps.corpus()).toBe(first);
    deps.close();
  });
});
