import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestBytes, ingestFiles, listReportFiles } from '../../../ingest/ingest-files.ts';
import { ask } from '../../qa/ask.ts';
import { createApp } from '../../server/app.ts';
import { trustedProxies } from '../../server/client-ip.ts';
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

/** npm start: ingests the bundled samples into an empty database, then serves the app. */
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<{ close: () => void; port: number }> {
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
      const out = [];
      for (const f of files) {
        const r = await ingestBytes(db, `upload:${f.name}`, f.name, f.bytes, indexing);
        out.push({ file: f.name, outcome: r.outcome, ...(r.error ? { error: r.error } : {}), warnings: r.warnings });
      }
      deps.store.invalidate();
      return out;
    },
    ...(env.ADMIN_TOKEN ? { adminToken: env.ADMIN_TOKEN } : {}),
    assets: asset,
    clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
    trustedProxies: trustedProxies(env.TRUSTED_PROXIES),
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
        close: () => {
          server.close();
          deps.close();
          db.close();
        },
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await start();
