/**
 * The Worker inside workerd (npm run test:workers): D1 real and local, loaded from the sample
 * corpus's `export:d1` output; Vectorize and Workers AI replaced by in-memory bindings with their
 * interfaces. Compared with the Node build's answers that prepare-tests.ts wrote.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../domain/types.ts';
import { numbersIn, scoreAnswer, type Question } from '../../../eval/score.ts';
import type { D1Database, WorkerEnv } from './bindings.ts';
import { createWorkerDeps } from './deps.ts';
import { fakeAi, MemoryVectorize, parseNdjson } from './fakes.ts';
import { jieba } from './jieba-workerd.ts';
import type { NodeAnswer } from './test-support/prepare-tests.ts';
import { wasmSegmenter } from './segmenter.ts';
import { splitSql } from '../../sqlite/sql-split.ts';
import worker from './worker.ts';

const fx = env as unknown as {
  DB: D1Database;
  ASSETS?: WorkerEnv['ASSETS'];
  FIXTURE_SQL: string;
  FIXTURE_VECTORS: string;
  FIXTURE_VECTORS_FILE: string;
  FIXTURE_ANSWERS: string;
  FIXTURE_SEGMENTATION: string;
  FIXTURE_WECOM: string;
};
const nodeAnswers = JSON.parse(fx.FIXTURE_ANSWERS) as NodeAnswer[];
const numeric = nodeAnswers.filter((a) => a.set === 'numeric');
const narrative = nodeAnswers.filter((a) => a.set === 'narrative');
const exported = parseNdjson(fx.FIXTURE_VECTORS);
const exportedDims = Number(/\.(\d+)d\.ndjson$/.exec(fx.FIXTURE_VECTORS_FILE)?.[1]);

/** An answer as the fixture holds it: JSON, without timings. */
const comparable = (a: Answer) => {
  const { timings: _t, ...rest } = a;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
};

function envWith(extra: Partial<WorkerEnv>): WorkerEnv {
  return { DB: fx.DB, ...(fx.ASSETS ? { ASSETS: fx.ASSETS } : {}), ...extra };
}

async function loadedVectorize(dims: number, vectors = exported): Promise<MemoryVectorize> {
  const index = new MemoryVectorize(dims);
  for (let i = 0; i < vectors.length; i += 1000) await index.insert(vectors.slice(i, i + 1000));
  return index;
}

/** Quotes must be exact substrings of the report text at [start, end). */
async function checkCitations(a: Answer): Promise<void> {
  for (const c of a.citations) {
    const row = await fx.DB.prepare('SELECT text FROM reports WHERE id = ?').bind(c.reportId).first<{ text: string }>();
    expect(row?.text.slice(c.start, c.end)).toBe(c.quote);
  }
}

beforeAll(async () => {
  const statements = splitSql(fx.FIXTURE_SQL);
  for (let i = 0; i < statements.length; i += 20)
    await fx.DB.batch(statements.slice(i, i + 20).map((s) => fx.DB.prepare(s)));
});

describe('D1 loaded from export:d1', () => {
  it('holds the sample corpus, FTS5 with bm25 answering over the pre-segmented words', async () => {
    const n = await fx.DB.prepare(
      'SELECT (SELECT COUNT(*) FROM reports) AS reports, (SELECT COUNT(*) FROM chunks) AS chunks, (SELECT COUNT(*) FROM chunks_vocab) AS terms',
    ).first<{ reports: number; chunks: number; terms: number }>();
    expect(n).toMatchObject({ reports: 5 });
    expect(n!.chunks).toBeGreaterThan(50);
    const hits = await fx.DB.prepare(
      `SELECT rowid, bm25(chunks_fts, 1.0, 0.35) AS s FROM chunks_fts WHERE chunks_fts MATCH 'words : ("政务公开")' ORDER BY s LIMIT 3`,
    ).all();
    expect(hits.results.length).toBe(3);
    expect(exported.length).toBeGreaterThan(0);
    expect(exported[0]!.values.length).toBe(exportedDims);
  });

  it('jieba-wasm in workerd cuts every chunk text and question exactly as the export (Node) did', async () => {
    const deps = createWorkerDeps(envWith({ EMBEDDINGS: 'off' }), jieba);
    await deps.askDeps([]); // adds the corpus's names to the dictionary, as the Worker does
    const samples = JSON.parse(fx.FIXTURE_SEGMENTATION) as { text: string; words: string[] }[];
    const differ = samples.filter((s) => wasmSegmenter(jieba).cut(s.text).join('|') !== s.words.join('|'));
    expect(samples.length).toBeGreaterThan(400);
    expect(differ.map((s) => s.text)).toEqual([]);
  });
});

describe('numeric questions: the same answers as the Node build', () => {
  for (const mode of ['workers-ai', 'local-hashed'] as const) {
    it(`all ${numeric.length} numeric answers identical to Node (EMBEDDINGS=${mode})`, async () => {
      const segmenter = wasmSegmenter(jieba);
      const deps = createWorkerDeps(
        envWith({ EMBEDDINGS: mode, AI: fakeAi(segmenter), VECTORIZE: await loadedVectorize(exportedDims) }),
        jieba,
      );
      let same = 0;
      let sameNumbers = 0;
      const differ: string[] = [];
      for (const q of numeric) {
        const a = await deps.answer(q.question, []);
        if (JSON.stringify(comparable(a)) === JSON.stringify(q.answer)) same++;
        else differ.push(`${q.id}: ${JSON.stringify(comparable(a))} ≠ ${JSON.stringify(q.answer)}`);
        if (JSON.stringify(numbersIn(a.answer)) === JSON.stringify(q.numbers) && a.route === q.answer.route)
          sameNumbers++;
      }
      console.log(
        `numeric (${mode}): ${same}/${numeric.length} answers identical to Node (answer text, route, plan, SQL, rows, citations); ${sameNumbers}/${numeric.length} same numbers and route`,
      );
      expect(differ).toEqual([]);
      expect(same).toBe(numeric.length);
    });
  }
});

describe('narrative questions through D1 FTS5', () => {
  it('EMBEDDINGS=local-hashed (the exported vectors in Vectorize): answered with exact citations', async () => {
    const segmenter = wasmSegmenter(jieba);
    const vectorize = await loadedVectorize(exportedDims);
    const deps = createWorkerDeps(envWith({ EMBEDDINGS: 'local-hashed', VECTORIZE: vectorize }), jieba);
    let identical = 0;
    let workerPass = 0;
    let nodePass = 0;
    let answered = 0;
    for (const q of narrative) {
      const a = await deps.answer(q.question, []);
      if (JSON.stringify(comparable(a)) === JSON.stringify(q.answer)) identical++;
      const question = { id: q.id, question: q.question, kind: 'narrative', expected: q.expected } as Question;
      if (scoreAnswer(question, a).pass) workerPass++;
      if (scoreAnswer(question, q.answer as unknown as Answer).pass) nodePass++;
      if (a.route !== 'none') {
        answered++;
        expect(a.citations.length, q.id).toBeGreaterThan(0);
        await checkCitations(a);
      }
      expect(a.warnings ?? []).toEqual([]);
    }
    expect(vectorize.queries).toBeGreaterThan(0);
    const nodeAnswered = narrative.filter((q) => q.answer.route !== 'none').length;
    console.log(
      `narrative (local-hashed): ${answered}/${narrative.length} answered with citations (Node ${nodeAnswered}); ${identical} identical to Node; eval pass ${workerPass} (Node ${nodePass})`,
    );
    expect(answered).toBeGreaterThanOrEqual(nodeAnswered - 2);
    expect(workerPass).toBeGreaterThanOrEqual(nodePass - 3);
    void segmenter;
  });

  it('EMBEDDINGS=workers-ai over the 256-dim local vectors: retrieval questions refused, saying why', async () => {
    const segmenter = wasmSegmenter(jieba);
    const ai = fakeAi(segmenter);
    const deps = createWorkerDeps(envWith({ AI: ai, VECTORIZE: await loadedVectorize(exportedDims) }), jieba);
    const a = await deps.answer(narrative[1]!.question, []);
    expect(a.route).toBe('none');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain(`${exportedDims} 维`);
    expect(a.answer).toContain('1024 维');
    expect(a.answer).toContain('数字类问题');
    expect(ai.calls).toBe(0);
    const n = await deps.answer(numeric[0]!.question, []);
    expect(n.route).toBe('sql');
  });

  it('EMBEDDINGS=workers-ai over bge-m3 vectors (re-embedded through the AI binding): answered with citations', async () => {
    const segmenter = wasmSegmenter(jieba);
    const ai = fakeAi(segmenter);
    // What a database re-embedded with bge-m3 exports: each prose chunk's vector, 1024 dims.
    const chunks = await fx.DB.prepare(
      "SELECT c.id, c.report_id, c.section, c.start, c.end, r.org, r.year, r.text FROM chunks c JOIN reports r ON r.id = c.report_id WHERE c.kind = 'prose' ORDER BY c.id",
    ).all<{
      id: number;
      report_id: number;
      section: string;
      start: number;
      end: number;
      org: string;
      year: number;
      text: string;
    }>();
    const texts = chunks.results.map((c) => `${c.section} ${c.text.slice(c.start, c.end)}`);
    const res = (await ai.run('@cf/baai/bge-m3', { text: texts })) as { data: number[][] };
    const vectorize = await loadedVectorize(
      1024,
      chunks.results.map((c, i) => ({
        id: String(c.id),
        values: res.data[i]!,
        metadata: { org: c.org, year: c.year, reportId: c.report_id },
      })),
    );
    await fx.DB.batch([
      fx.DB.prepare("UPDATE index_meta SET value = 'workers-ai' WHERE key = 'provider'"),
      fx.DB.prepare("UPDATE index_meta SET value = '@cf/baai/bge-m3' WHERE key = 'model'"),
      fx.DB.prepare("UPDATE index_meta SET value = '1024' WHERE key = 'dims'"),
    ]);
    try {
      const deps = createWorkerDeps(envWith({ AI: ai, VECTORIZE: vectorize }), jieba);
      let answered = 0;
      for (const q of narrative.slice(0, 30)) {
        const a = await deps.answer(q.question, []);
        if (a.route === 'none') continue;
        answered++;
        expect(a.citations.length).toBeGreaterThan(0);
        await checkCitations(a);
      }
      console.log(
        `narrative (workers-ai, fake bge-m3): ${answered}/30 answered with citations; ${ai.calls} AI calls, ${vectorize.queries} Vectorize queries`,
      );
      expect(answered).toBeGreaterThanOrEqual(25);
      expect(vectorize.queries).toBeGreaterThan(0);
    } finally {
      const meta = splitSql(fx.FIXTURE_SQL).filter((s) => s.startsWith('INSERT INTO index_meta'));
      await fx.DB.batch([fx.DB.prepare('DELETE FROM index_meta'), ...meta.map((s) => fx.DB.prepare(s))]);
    }
  });

  it('a Vectorize that fails at run time: full-text answer with a warning, not an error', async () => {
    const broken = await loadedVectorize(exportedDims);
    broken.query = async () => {
      throw new Error('Binding VECTORIZE needs to be run remotely');
    };
    const deps = createWorkerDeps(envWith({ EMBEDDINGS: 'local-hashed', VECTORIZE: broken }), jieba);
    const a = await deps.answer(narrative[1]!.question, []);
    expect(a.route).toBe('retrieval');
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.warnings?.join(' ')).toContain('只用全文检索');
  });
});

describe('the hono app on the Worker', () => {
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {} };
  let testEnv: WorkerEnv;
  beforeAll(async () => {
    testEnv = envWith({
      EMBEDDINGS: 'local-hashed',
      VECTORIZE: await loadedVectorize(exportedDims),
      RATE_LIMIT_PER_MIN: '1000',
    });
  });
  const call = (path: string, init?: RequestInit) =>
    worker.fetch(new Request(`https://qa.example${path}`, init), testEnv, ctx);
  const post = (path: string, body: unknown) =>
    call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('POST /api/ask answers as Node does', async () => {
    const q = numeric[0]!;
    const res = await post('/api/ask', { question: q.question });
    expect(res.status).toBe(200);
    expect(comparable((await res.json()) as Answer)).toEqual(q.answer);
  });

  it('POST /api/chat streams route, deltas, citations and done (SSE)', async () => {
    const res = await post('/api/chat', { question: narrative[1]!.question });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    for (const e of ['route', 'delta', 'citations', 'done']) expect(text).toContain(`event: ${e}`);
  });

  it('reports, health, OpenAPI; ingest is 501 on Workers', async () => {
    expect(((await (await call('/healthz')).json()) as { reports: number }).reports).toBe(5);
    const reports = (await (await call('/api/reports')).json()) as { reports: { id: number }[] };
    expect(reports.reports.length).toBe(5);
    expect((await call(`/api/reports/${reports.reports[0]!.id}`)).status).toBe(200);
    // the list's SQL is Node's: the same order, paging, literal text filter and counts by year on D1
    type List = {
      total: number;
      years: { year: number | null; count: number }[];
      reports: { id: number; org: string }[];
    };
    const list = async (query: string) => (await (await call(`/api/reports?${query}`)).json()) as List;
    const all = await list('');
    expect(all.reports.map((r) => r.org)).toEqual([
      '遂平县花庄镇',
      '利通区古城镇',
      '南郊镇',
      '盐池县花马池镇',
      '伊川县葛寨镇',
    ]);
    expect(all.years).toEqual([
      { year: 2024, count: 1 },
      { year: 2023, count: 1 },
      { year: 2021, count: 2 },
      { year: 2020, count: 1 },
    ]);
    const pages = await Promise.all([0, 2, 4].map((offset) => list(`limit=2&offset=${offset}`)));
    expect(pages.flatMap((p) => p.reports.map((r) => r.id))).toEqual(all.reports.map((r) => r.id));
    expect((await list(`q=${encodeURIComponent('盐池')}`)).reports.map((r) => r.org)).toEqual(['盐池县花马池镇']);
    expect((await list('q=%25')).total).toBe(0);
    expect(await list('year=2021&q=_')).toMatchObject({ total: 0, years: [] });
    expect((await call('/api/openapi.json')).status).toBe(200);
    const form = new FormData();
    form.append('file', new File(['x'], 'a.txt'));
    const ingest = await call('/api/ingest', { method: 'POST', body: form });
    expect(ingest.status).toBe(501);
  });

  it('the page and ECharts come from the assets binding', async () => {
    expect(fx.ASSETS).toBeTruthy();
    const page = await call('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('年报问答');
    const echarts = await call('/vendor/echarts.min.js');
    expect(echarts.status).toBe(200);
    expect((await echarts.text()).length).toBeGreaterThan(100_000);
    expect((await call('/no-such-file.js')).status).toBe(404);
  });

  it('WeCom: unconfigured, the route says so; configured, URL verification decrypts the echo (the official test vector, in workerd)', async () => {
    const off = await call('/wecom/callback');
    expect(((await off.json()) as { error: string }).error).toContain('not configured');
    const set = (
      JSON.parse(fx.FIXTURE_WECOM) as {
        sets: { token: string; encodingAESKey: string; receiveId: string; verifyUrl: Record<string, string> }[];
      }
    ).sets[0]!;
    const wecomEnv = {
      ...testEnv,
      DB: testEnv.DB,
      WECOM_TOKEN: set.token,
      WECOM_AES_KEY: set.encodingAESKey,
      WECOM_CORP_ID: set.receiveId,
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 'secret',
    };
    // A second env object with its own D1 binding wrapper: the Worker builds an app for it.
    const db = testEnv.DB!;
    wecomEnv.DB = { prepare: (s: string) => db.prepare(s), batch: (ss) => db.batch(ss) };
    const v = set.verifyUrl;
    const qs = new URLSearchParams({
      msg_signature: v.msg_signature!,
      timestamp: v.timestamp!,
      nonce: v.nonce!,
      echostr: v.echostr!,
    });
    // The vector was captured long ago: WeCom's replay window is checked against the clock.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Number(v.timestamp) * 1000);
    try {
      const res = await worker.fetch(new Request(`https://qa.example/wecom/callback?${qs}`), wecomEnv, ctx);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(v.expected_echo_plaintext);
    } finally {
      vi.useRealTimers();
    }
  });
});
