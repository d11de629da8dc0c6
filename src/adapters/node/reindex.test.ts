import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFiles, listReportFiles } from './ingest/ingest-files.ts';
import { embedderFromEnv } from '../../llm/embeddings.ts';
import { ask } from '../../qa/ask.ts';
import { openDatabase } from './db.ts';
import { createNodeDeps } from './deps.ts';
import { indexingFromEnv } from './indexing.ts';
import { reindex } from './reindex.ts';
import { jiebaSegmenter } from './segmenter.ts';
import { indexInfo } from './vector-index.ts';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'corpus', 'samples');

/** An OpenAI-compatible /v1/embeddings stub: 8-dim vectors from character codes; fails once with 500. */
function embeddingStub(): Promise<{ server: Server; url: string; calls: { inputs: number; status: number }[] }> {
  const calls: { inputs: number; status: number }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const input = (JSON.parse(body) as { input: string[] | string }).input;
      const inputs = Array.isArray(input) ? input : [input];
      if (calls.length === 1) {
        calls.push({ inputs: inputs.length, status: 500 });
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
        return;
      }
      calls.push({ inputs: inputs.length, status: 200 });
      const data = inputs.map((text, index) => {
        const v = new Array(8)
          .fill(0)
          .map((_, i) =>
            [...String(text)].filter((_, k) => k % 8 === i).reduce((a, ch) => a + (ch.codePointAt(0)! % 97), 1),
          );
        const norm = Math.hypot(...v);
        return { object: 'embedding', index, embedding: v.map((x) => x / norm) };
      });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data, model: 'stub-bge', usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`, calls }),
    ),
  );
}

describe('embedders: OpenAI-compatible endpoint, reindex, and no mixing', async () => {
  const stub = await embeddingStub();
  afterAll(() => stub.server.close());
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'reindex-')), 'r.db'));
  await ingestFiles(db, listReportFiles([SAMPLES]), await indexingFromEnv({}));
  const env = {
    EMBEDDINGS_BASE_URL: stub.url,
    EMBEDDINGS_MODEL: 'stub-bge',
    EMBEDDINGS_API_KEY: 'k',
    EMBEDDINGS_BATCH: '16',
  };

  it('starts with the local hashed embedder recorded', () => {
    expect(indexInfo(db)).toEqual({ provider: 'local-hashed', model: 'jieba-words+han-bigrams/fnv1a', dims: 256 });
  });

  it('refuses to answer with an embedder other than the one recorded', async () => {
    await expect(createNodeDeps(db, env)).rejects.toThrow(/npm run reindex/);
  });

  it('re-embeds every report through the endpoint, batched and retried', async () => {
    const embedder = await embedderFromEnv(env, jiebaSegmenter());
    expect(embedder.info).toEqual({ provider: 'openai-compatible', model: 'stub-bge', dims: 8 });
    expect(await reindex(db, { segmenter: jiebaSegmenter(), embedder })).toBe(5);
    expect(indexInfo(db)).toEqual({ provider: 'openai-compatible', model: 'stub-bge', dims: 8 });
    expect(stub.calls.some((c) => c.status === 500)).toBe(true);
    expect(stub.calls.filter((c) => c.status === 200 && c.inputs > 1).every((c) => c.inputs <= 16)).toBe(true);
    const vectors = (db.prepare('SELECT COUNT(*) AS n FROM chunk_vectors').get() as { n: number }).n;
    const prose = (db.prepare("SELECT COUNT(*) AS n FROM chunks WHERE kind = 'prose'").get() as { n: number }).n;
    expect(vectors).toBe(prose);
  });

  it('answers with the new embedder, and now refuses the local one', async () => {
    const deps = await createNodeDeps(db, env);
    const a = await ask(deps, '葛寨镇在监督保障方面做了哪些工作？');
    expect(a.route).toBe('retrieval');
    expect(a.citations[0]!.org).toBe('伊川县葛寨镇');
    deps.close();
    await expect(createNodeDeps(db, {})).rejects.toThrow(/openai-compatible stub-bge/);
  });
});
