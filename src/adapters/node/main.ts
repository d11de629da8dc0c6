import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeParsers, ingestFiles, ingestUploads, listReportFiles } from './ingest/ingest-files.ts';
import { ask } from '../../qa/ask.ts';
import { createApp } from '../../server/app.ts';
import { DEFAULT_DB_PATH, openDatabase } from './db.ts';
import { createNodeDeps } from './deps.ts';
import { indexingFromEnv } from './indexing.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB = join(ROOT, 'src', 'web');
/** Files of the page that come from packages, served under /vendor/ (no CDN). */
const VENDOR: Record<string, string> = { 'echarts.min.js': join(ROOT, 'node_modules', 'echarts', 'dist', 'echarts.min.js') };
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

async function asset(path: string): Promise<Response | null> {
  const rel = path === '/' ? 'index.html' : normalize(decodeURIComponent(path)).replace(/^[/\\]+/, '');
  if (rel.includes('..')) return null;
  const file = rel.startsWith('vendor/') ? VENDOR[rel.slice('vendor/'.length)] : join(WEB, rel);
  if (!file) return null;
  try {
    const body = await readFile(file);
    return new Response(body, { headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' } });
  } catch {
    return null;
  }
}

/** How long requests in flight get to finish at shutdown. */
const CLOSE_GRACE_MS = 10_000;

/**
 * npm start: ingests the bundled samples into an empty database, then serves the app. `close`
 * stops accepting connections, lets requests in flight (uploads included) finish, then closes
 * the parse workers and the database.
 */
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<{ close: () => Promise<void>; port: number }> {
  const db = openDatabase(env.DB_PATH ?? DEFAULT_DB_PATH);
  const indexing = await indexingFromEnv(env);
  const count = (db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
  if (count === 0) {
    const files = listReportFiles([join(ROOT, 'corpus', 'samples')]);
    console.log(`empty database: ingesting the ${files.length} bundled sample reports…`);
    await ingestFiles(db, files, indexing, (r, i) => console.log(`  [${i + 1}/${files.length}] ${r.outcome} ${r.path}${r.error ? `: ${r.error}` : ''}`));
  }
  const deps = await createNodeDeps(db, env);
  const app = createApp({
    answer: (q, h, onToken) => ask(deps, q, h, onToken),
    store: deps.store,
    ingest: async (files) => {
      const results = await ingestUploads(db, files, indexing);
      deps.store.invalidate();
      return results.map((r) => ({ file: r.path, outcome: r.outcome, ...(r.error ? { error: r.error } : {}), ...(r.replaced ? { replaced: r.replaced } : {}), warnings: r.warnings }));
    },
    ...(env.ADMIN_TOKEN ? { adminToken: env.ADMIN_TOKEN } : {}),
    assets: asset,
    clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
    wecom: { config: env, log: (l) => console.log(l) },
    limits: { askPerMinute: Number(env.RATE_LIMIT_PER_MIN ?? 60) },
    log: (l) => console.error(l),
  });
  const hostname = env.HOST ?? '127.0.0.1';
  const port = Number(env.PORT ?? 8787);
  return new Promise((done) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info) => {
      console.log(`年报问答 listening on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${info.port}`);
      done({
        port: info.port,
        close: async () => {
          await new Promise<void>((closed) => {
            const http = server as Server;
            http.close(() => closed());
            // Keep-alive connections with no request in flight would hold close() open; a stream
            // that does not end (an SSE answer) is cut after a grace period.
            http.closeIdleConnections();
            setTimeout(() => http.closeAllConnections(), CLOSE_GRACE_MS).unref();
          });
          await closeParsers();
          deps.close();
          db.close();
        },
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { close } = await start();
  const stop = (signal: string) => {
    console.log(`${signal}: finishing requests in flight, then closing the database`);
    void close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
