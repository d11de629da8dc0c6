import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeParsers, ingestFiles, ingestUploads, listReportFiles } from './ingest/ingest-files.ts';
import { ask } from '../../qa/ask.ts';
import { type AppDeps, createApp, WECOM_REPORT_PAGE } from '../../server/app.ts';
import { trustedProxies } from '../../server/client-ip.ts';
import { wecomHealth } from '../../wecom/aibot-long.ts';
import { DEFAULT_DB_PATH, openDatabase } from './db.ts';
import { createNodeDeps } from './deps.ts';
import { indexingFromEnv } from './indexing.ts';
import { pageAssets } from './page-assets.ts';
import { startWecomLongConnection } from './wecom/long-connection.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Files of the page that come from packages, served under /vendor/ (no CDN). */
const VENDOR: Record<string, string> = {
  'echarts.min.js': join(ROOT, 'node_modules', 'echarts', 'dist', 'echarts.min.js'),
};

/**
 * Slow clients may not hold connections: Node's defaults give a request 300 s and check only
 * every 30 s. A request's headers must arrive within 10 s and the whole request within 60 s (a
 * 25 MB upload at 4 Mbit/s takes 50 s); idle keep-alive connections close after 5 s.
 */
export const SERVER_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 60_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 1_000,
};

/** How long requests in flight get to finish at shutdown. */
const CLOSE_GRACE_MS = 10_000;

/**
 * npm start: ingests the bundled samples into an empty database, then serves the app. `close`
 * stops accepting connections, lets requests in flight (uploads included) finish, then closes
 * the parse workers and the database.
 */
export async function start(
  env: NodeJS.ProcessEnv = process.env,
  timeouts = SERVER_TIMEOUTS,
): Promise<{ close: () => Promise<void>; port: number }> {
  const db = openDatabase(env.DB_PATH ?? DEFAULT_DB_PATH);
  const indexing = await indexingFromEnv(env);
  const count = (db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
  if (count === 0) {
    const files = listReportFiles([join(ROOT, 'corpus', 'samples')]);
    console.log(`empty database: ingesting the ${files.length} bundled sample reports…`);
    await ingestFiles(db, files, indexing, (r, i) =>
      console.log(`  [${i + 1}/${files.length}] ${r.outcome} ${r.path}${r.error ? `: ${r.error}` : ''}`),
    );
  }
  const deps = await createNodeDeps(db, env);
  const answer: AppDeps['answer'] = (q, h, onToken) => ask(deps, q, h, onToken);
  const listReports = () => deps.store.reportPage({}, WECOM_REPORT_PAGE, 0);
  const wecomLog = (l: string) => console.log(l);
  // Beside the callback routes: WeCom answers the same questions over whichever is configured.
  const longConnection = startWecomLongConnection({
    config: env,
    ask: (q, h, onToken) => answer(q, h ?? [], onToken),
    listReports,
    log: wecomLog,
  });
  const app = createApp({
    answer,
    store: deps.store,
    ingest: async (files) => {
      const results = await ingestUploads(db, files, indexing);
      deps.store.invalidate();
      return results.map((r) => ({
        file: r.path,
        outcome: r.outcome,
        ...(r.error ? { error: r.error } : {}),
        ...(r.replaced ? { replaced: r.replaced } : {}),
        warnings: r.warnings,
      }));
    },
    ...(env.ADMIN_TOKEN ? { adminToken: env.ADMIN_TOKEN } : {}),
    assets: pageAssets(join(ROOT, 'src', 'web'), VENDOR),
    clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
    trustedProxies: trustedProxies(env.TRUSTED_PROXIES),
    wecom: { config: env, log: wecomLog },
    health: () => wecomHealth(env, longConnection),
    limits: { askPerMinute: Number(env.RATE_LIMIT_PER_MIN ?? 60) },
    log: (l) => console.error(l),
  });
  const hostname = env.HOST ?? '127.0.0.1';
  const port = Number(env.PORT ?? 8787);
  // The warm-up's questions stop before the database closes.
  let closing = false;
  return new Promise((done) => {
    const server = serve({ fetch: app.fetch, hostname, port, serverOptions: timeouts }, (info) => {
      console.log(`年报问答 listening on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${info.port}`);
      const warming = deps.warm(() => closing).catch((e) => console.error(`warming up: ${(e as Error).message}`));
      done({
        port: info.port,
        close: async () => {
          closing = true;
          longConnection.stop();
          await new Promise<void>((closed) => {
            const http = server as Server;
            http.close(() => closed());
            // Keep-alive connections with no request in flight would hold close() open; a stream
            // that does not end (an SSE answer) is cut after a grace period.
            http.closeIdleConnections();
            setTimeout(() => http.closeAllConnections(), CLOSE_GRACE_MS).unref();
          });
          await closeParsers();
          await warming;
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
