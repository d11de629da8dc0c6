import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { EMBEDDINGS_UNAVAILABLE, LLM_UNAVAILABLE } from '../llm/provider-errors.ts';
import { createApp } from '../server/app.ts';
import { ask } from './ask.ts';

/** The optional LLM inside `ask`: used when its answer passes the citation check, never otherwise. */
/** A narrative question passages answer (a report's problems and plans are read from section 五, without the model). */
const NARRATIVE = '葛寨镇在监督保障方面做了哪些工作？';

describe('ask with an LLM configured', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'ask-llm-')));
  const base = await createNodeDeps(db, {});
  const withModel = (responses: string[]) => ({ ...base, llm: new FakeListChatModel({ responses, sleep: 0 }) });

  it('streams and keeps an LLM answer whose citations and numbers check out', async () => {
    const plain = await ask(base, NARRATIVE);
    const quote = plain.citations[0]!.quote;
    const deps = withModel([`葛寨镇把好保密审查关，并召开全镇政务公开培训会[1]。`]);
    const tokens: string[] = [];
    const a = await ask(deps, NARRATIVE, [], (t) => tokens.push(t));
    expect(a.warnings ?? []).toEqual([]);
    expect(a.answer).toContain('[1]');
    expect(tokens.join('')).toBe(a.answer);
    expect(a.citations[0]!.org).toBe('伊川县葛寨镇');
    expect(a.citations.every((c) => c.quote.length > 0)).toBe(true);
    expect(quote.length).toBeGreaterThan(0);
  });

  it('falls back to the extractive answer when the LLM invents a number', async () => {
    const plain = await ask(base, NARRATIVE);
    const a = await ask(withModel(['葛寨镇共召开 37 次培训会[1]。']), NARRATIVE);
    expect(a.answer).toBe(plain.answer);
    expect(a.citations).toEqual(plain.citations);
    expect(a.warnings?.[0]).toMatch(/LLM/);
  });

  it('keeps numeric answers from SQL, whatever the model says', async () => {
    const a = await ask(withModel(['9999']), '花马池镇2021年行政处罚多少件？');
    expect(a.route).toBe('sql');
    expect(a.answer).toContain('1319');
    expect(a.answer).not.toContain('9999');
  });

  it('rewrites a follow-up with the LLM, and falls back to the rules when the rewrite is unusable', async () => {
    const history = [
      { role: 'user' as const, content: '花马池镇行政处罚多少件？' },
      { role: 'assistant' as const, content: '1319 件' },
    ];
    const rewritten = await ask(withModel(['古城镇的行政处罚是多少件？']), '那古城镇呢？', history);
    expect(rewritten.resolvedQuestion).toBe('古城镇的行政处罚是多少件？');
    expect(rewritten.citations[0]!.org).toBe('利通区古城镇');
    const ruled = await ask(withModel(['']), '那古城镇呢？', history);
    expect(ruled.citations[0]!.org).toBe('利通区古城镇');
  });

  it('streams LLM tokens as SSE deltas, then the verified answer in done', async () => {
    const deps = withModel(['葛寨镇召开全镇政务公开培训会[1]。']);
    const app = createApp({
      answer: (q, h, onToken) => ask(deps, q, h, onToken),
      store: deps.store,
      limits: { askPerMinute: 0 },
    });
    const res = await app.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: NARRATIVE }),
    });
    const text = await res.text();
    const deltas = [...text.matchAll(/event: delta\ndata: (.*)/g)].map(
      (m) => (JSON.parse(m[1]!) as { text: string }).text,
    );
    expect(deltas.length).toBeGreaterThan(3);
    const done = JSON.parse(/event: done\ndata: (.*)/.exec(text)![1]!) as { answer: string };
    expect(deltas.join('')).toBe(done.answer);
  });

  it("logs a provider's failure and tells the caller only that the model or embedder was unavailable", async () => {
    const secret = 'Incorrect API key provided: sk-live-0123456789';
    const logs: string[] = [];
    const deps = {
      ...base,
      log: (l: string) => logs.push(l),
      llm: new FakeStreamingChatModel({ sleep: 0, thrownErrorString: secret }),
      embeddings: {
        embedQuery: async () => Promise.reject(new Error(secret)),
        embedDocuments: async () => Promise.reject(new Error(secret)),
      },
    };
    const app = createApp({
      answer: (q, h, onToken) => ask(deps, q, h, onToken),
      store: deps.store,
      limits: { askPerMinute: 0 },
    });
    for (const path of ['/api/ask', '/api/chat']) {
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: NARRATIVE }),
      });
      const body = await res.text();
      expect(res.status).toBe(200);
      expect(body).not.toContain('sk-live');
      expect(body).toContain(LLM_UNAVAILABLE);
      expect(body).toContain(EMBEDDINGS_UNAVAILABLE);
    }
    expect(logs.some((l) => l.startsWith('llm: answer failed:') && l.includes('sk-live'))).toBe(true);
    expect(logs.some((l) => l.startsWith('embeddings failed:'))).toBe(true);
  });
});
