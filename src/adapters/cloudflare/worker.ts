/**
 * The Cloudflare Worker (wrangler.toml `main`): the same hono app as on Node, over D1, Vectorize,
 * Workers AI and jieba-wasm. Ingest is absent (the app answers 501): reports are ingested on
 * Node and loaded with `npm run export:d1` (see README.md beside this file).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Hono } from 'hono';
import { createApp } from '../../server/app.ts';
import type { AssetsFetcher, ExecutionContextLike, WorkerEnv } from './bindings.ts';
import { createWorkerDeps, stringVars, type WorkerDeps } from './deps.ts';
import { jieba } from './jieba-workerd.ts';
import { d1Bindings } from './sharded-d1.ts';
import type { JiebaWasm } from './segmenter.ts';

/** The request being served, for WeCom's background sends (ctx.waitUntil is per request). */
const requests = new AsyncLocalStorage<ExecutionContextLike>();

/** Serves the web page's files from the assets binding; null when a path is not an asset. */
export function assetsFrom(binding: AssetsFetcher | undefined): (path: string) => Promise<Response | null> {
  return async (path) => {
    if (!binding) return null;
    const res = await binding.fetch(new Request(new URL(path, 'https://assets.invalid')));
    return res.status === 404 ? null : res;
  };
}

/** The hono app of design.md over this env's bindings. */
export function workerApp(env: WorkerEnv, seg: JiebaWasm = jieba): { app: Hono; deps: WorkerDeps } {
  const deps = createWorkerDeps(env, seg);
  const vars = stringVars(env);
  const log = (line: string) => console.log(line);
  const app = createApp({
    answer: (q, h, onToken) => deps.answer(q, h, onToken),
    store: deps.store,
    ...(vars.ADMIN_TOKEN ? { adminToken: vars.ADMIN_TOKEN } : {}),
    assets: assetsFrom(env.ASSETS),
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
    wecom: { config: vars, log, waitUntil: (p) => requests.getStore()?.waitUntil(p) },
    limits: { askPerMinute: Number(vars.RATE_LIMIT_PER_MIN ?? 60) },
    log: (l) => console.error(l),
  });
  return { app, deps };
}

/** One app per isolate and (first) D1 binding: its caches (corpus index, report texts) live as long. */
const apps = new WeakMap<object, Hono>();

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContextLike): Response | Promise<Response> {
    const key = d1Bindings(env)[0]!;
    let app = apps.get(key);
    if (!app) apps.set(key, (app = workerApp(env).app));
    const served = app;
    return requests.run(ctx, () => served.fetch(request, env, ctx as never));
  },
};
