/**
 * npm run test:unit — the pure code's tests only: no database, no eval run, no HTTP server, no
 * browser, no workerd. Folders are listed; a test file there is left out when it imports what
 * needs one of those (read from its imports, so a new test that opens SQLite is left out too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const ROOT = fileURLToPath(new URL('./', import.meta.url));
const FOLDERS = ['ingest', 'src/domain', 'src/qa', 'src/retrieval', 'src/llm', 'src/wecom', 'eval'];
/**
 * Imports that mean a database, a whole eval run, a server or a browser; rendering reports into
 * every file format and reading them back (docx, PDF: seconds each, the readers' round trips); or
 * property tests (fast-check: hundreds of generated inputs each). `npm test` runs them all.
 */
const NOT_UNIT =
  /^(?:fast-check|.*\/test-support\/render\.ts|.*\/adapters\/(?:node|cloudflare)\/.*|.*\/eval\/corpora\.ts|\.\/(?:cli|corpora)\.ts|.*\/server\/app\.ts|better-sqlite3|sqlite-vec|playwright-core|node:(?:http|https|net)|@hono\/node-server|wrangler|@cloudflare\/.*)$/;

const testsIn = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (name === 'node_modules') return [];
    if (statSync(join(ROOT, path)).isDirectory()) return testsIn(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });

const importsOf = (file: string) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^[ \t]*(?:import|export)\s[^'";]*?['"]([^'"]+)['"]/gm)].map(
    (m) => m[1]!,
  );

export const unitTests = ['architecture.test.ts', ...FOLDERS.flatMap(testsIn)].filter(
  (f) => !f.endsWith('.workers.test.ts') && !importsOf(f).some((spec) => NOT_UNIT.test(spec)),
);

export default defineConfig({
  test: {
    include: unitTests,
    exclude: [...configDefaults.exclude],
    testTimeout: 10_000,
    pool: 'forks',
    isolate: false,
    // Transformed modules are kept on disk between runs (node_modules/.experimental-vitest-cache).
    experimental: { fsModuleCache: true },
  },
});
