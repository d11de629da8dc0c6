/**
 * ARCHITECTURE.md, enforced: the core runs on Node and on Workers alike, so it never imports
 * `node:*` modules, native addons or `fs` (every core source file's imports are read, tests and
 * build scripts excepted, and the Worker entry's own import graph is walked); and dependencies
 * point one way between folders (the layer rules below).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('./', import.meta.url));
export const CORE = ['src/domain', 'src/qa', 'src/retrieval', 'src/server', 'src/wecom', 'src/llm'];
/** Scripts that run at build time on Node only (e.g. bundling prompts/ into prompts.ts). */
const BUILD_SCRIPT = /(?:^|\/)build-[^/]+\.ts$/;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]!]));
/** Packages that load a compiled addon, by what their package.json depends on. */
const ADDON_LOADERS = [
  'bindings',
  'node-gyp-build',
  'prebuild-install',
  'node-addon-api',
  'node-pre-gyp',
  '@mapbox/node-pre-gyp',
  'napi-build-utils',
];

function files(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(?:[cm]?ts|[cm]?js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

export interface Import {
  spec: string;
  typeOnly: boolean;
}

/** Static, side-effect, re-export, dynamic and require imports of a source text. */
export function importsOf(source: string): Import[] {
  const out: Import[] = [];
  for (const m of source.matchAll(/^[ \t]*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    out.push({ spec: m[3]!, typeOnly: Boolean(m[2]) });
  }
  for (const m of source.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g))
    out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

const packageName = (spec: string) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;

/** Why an import is not allowed in runtime-free code, or null. */
export function impurity(spec: string, typeOnly: boolean): string | null {
  if (spec.startsWith('node:') || BUILTINS.has(packageName(spec))) return `Node built-in ${spec}`;
  if (spec.endsWith('.node')) return `native addon ${spec}`;
  if (spec.startsWith('.') || typeOnly) return null;
  const dir = join(ROOT, 'node_modules', packageName(spec));
  if (!existsSync(join(dir, 'package.json'))) return null;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    gypfile?: boolean;
    dependencies?: Record<string, string>;
  };
  if (pkg.gypfile || existsSync(join(dir, 'binding.gyp'))) return `native addon ${spec}`;
  const loader = ADDON_LOADERS.find((d) => pkg.dependencies?.[d]);
  if (loader) return `native addon ${spec} (depends on ${loader})`;
  return null;
}

describe('core purity', () => {
  it('parses the import forms the check relies on', () => {
    const src = [
      "import { a,\n  b } from 'x';",
      "import type { T } from 'node:fs';",
      "export { c } from './c.ts';",
      "import 'side-effect';",
      "const m = await import('node:path');",
      "const r = require('fs');",
      ' * import nothing from a comment line',
    ].join('\n');
    expect(importsOf(src)).toEqual([
      { spec: 'x', typeOnly: false },
      { spec: 'node:fs', typeOnly: true },
      { spec: './c.ts', typeOnly: false },
      { spec: 'side-effect', typeOnly: false },
      { spec: 'node:path', typeOnly: false },
      { spec: 'fs', typeOnly: false },
    ]);
    expect(impurity('node:fs', true)).toMatch(/built-in/);
    expect(impurity('fs/promises', false)).toMatch(/built-in/);
    expect(impurity('better-sqlite3', false)).toMatch(/native addon/);
    expect(impurity('nodejieba', false)).toMatch(/native addon/);
    expect(impurity('hono', false)).toBeNull();
  });

  const sources = CORE.flatMap(files).filter((f) => !/\.test\.[cm]?ts$/.test(f) && !BUILD_SCRIPT.test(f));

  it(`no node:*, native addon or fs in the ${CORE.length} core folders`, () => {
    expect(sources.length).toBeGreaterThan(40);
    const bad: string[] = [];
    for (const f of sources) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const { spec, typeOnly } of importsOf(text)) {
        const why = impurity(spec, typeOnly);
        if (why) bad.push(`${f}: ${why}`);
        // A relative import must stay inside the core: adapters, ingest and eval may use Node.
        if (spec.startsWith('.')) {
          const target = relative(ROOT, resolve(dirname(join(ROOT, f)), spec));
          if (!CORE.some((c) => target.startsWith(`${c}/`)) && !target.startsWith('prompts/'))
            bad.push(`${f}: imports ${target}, outside the core`);
        }
      }
      if (/\b(?:__dirname|__filename|process\.(?:cwd|argv|exit|env)\b)/.test(text))
        bad.push(`${f}: uses Node globals (__dirname, process.*)`);
    }
    expect(bad).toEqual([]);
  });

  it('the Worker entry reaches only the core, the SQL helpers and the Cloudflare adapter (node:async_hooks aside)', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const { spec, typeOnly } of importsOf(readFileSync(join(ROOT, f), 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = relative(ROOT, resolve(dirname(join(ROOT, f)), spec));
          if (target.endsWith('.wasm')) continue;
          if (
            !target.startsWith('src/adapters/cloudflare/') &&
            !target.startsWith('src/sqlite/') &&
            !CORE.some((c) => target.startsWith(`${c}/`))
          )
            bad.push(`${f} → ${target}`);
          else if (!typeOnly) visit(target);
          continue;
        }
        // workerd provides AsyncLocalStorage under nodejs_compat; nothing else of Node.
        if (spec === 'node:async_hooks' && f === 'src/adapters/cloudflare/worker.ts') continue;
        const why = impurity(spec, typeOnly);
        if (why) bad.push(`${f}: ${why}`);
      }
    };
    visit('src/adapters/cloudflare/worker.ts');
    expect(seen.size).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });
});

/**
 * Which folders each folder may import from (relative imports). `src/sqlite` is the schema both
 * adapters take (read from disk on Node only). Tests, test harnesses and benchmarks under src/
 * compose a runtime to run the code on real data (the core's tests over the Node adapter, the
 * Worker's parity tests against Node), so they are exempt; ingest's tests are not: its stages
 * are pure and tested without a database.
 */
const LAYERS: { from: string; may: string[] }[] = [
  { from: 'src/domain/', may: ['src/domain/'] },
  { from: 'ingest/', may: ['ingest/', 'src/domain/'] },
  ...CORE.filter((c) => c !== 'src/domain').map((c) => ({
    from: `${c}/`,
    may: [...CORE.map((x) => `${x}/`), 'prompts/'],
  })),
  { from: 'src/sqlite/', may: ['src/sqlite/'] },
  { from: 'src/adapters/node/', may: ['src/adapters/node/', 'src/sqlite/', ...CORE.map((x) => `${x}/`), 'ingest/'] },
  {
    from: 'src/adapters/cloudflare/',
    may: ['src/adapters/cloudflare/', 'src/sqlite/', ...CORE.map((x) => `${x}/`), 'node_modules/'],
  },
];
const HARNESS = /^src\/.*(?:\.test\.[cm]?ts$|\/test-support\/|\/bench\/)/;

/** Relative imports of `f` that its layer does not allow. */
export function layerViolations(f: string, source: string): string[] {
  if (HARNESS.test(f)) return [];
  const layer = LAYERS.filter((l) => f.startsWith(l.from)).sort((a, b) => b.from.length - a.from.length)[0];
  if (!layer) return [];
  const bad: string[] = [];
  for (const { spec } of importsOf(source)) {
    if (!spec.startsWith('.')) continue;
    const target = relative(ROOT, resolve(dirname(join(ROOT, f)), spec));
    if (layer.may.some((m) => target.startsWith(m))) continue;
    bad.push(`${f} → ${target}`);
  }
  return bad;
}

describe('layers', () => {
  it('catches each forbidden direction', () => {
    expect(
      layerViolations('ingest/pipeline.ts', "import { writeReport } from '../src/adapters/node/report-writer.ts';"),
    ).toHaveLength(1);
    expect(layerViolations('ingest/read/pdf.ts', "import { ask } from '../../src/qa/ask.ts';")).toHaveLength(1);
    expect(layerViolations('src/qa/ask.ts', "import { parseReport } from '../../ingest/pipeline.ts';")).toHaveLength(1);
    expect(layerViolations('src/qa/ask.ts', "import { openDatabase } from '../adapters/node/db.ts';")).toHaveLength(1);
    expect(layerViolations('src/domain/types.ts', "import type { AskDeps } from '../qa/ask.ts';")).toHaveLength(1);
    expect(
      layerViolations('src/adapters/node/main.ts', "import { D1Store } from '../cloudflare/d1-store.ts';"),
    ).toHaveLength(1);
    expect(
      layerViolations('src/adapters/cloudflare/deps.ts', "import { openDatabase } from '../node/db.ts';"),
    ).toHaveLength(1);
    expect(
      layerViolations('src/adapters/cloudflare/deps.ts', "import { parseReport } from '../../../ingest/pipeline.ts';"),
    ).toHaveLength(1);
    expect(
      layerViolations('src/adapters/node/main.ts', "import { parseReport } from '../../../ingest/pipeline.ts';"),
    ).toEqual([]);
    expect(
      layerViolations('src/adapters/cloudflare/export-d1.test.ts', "import { openDatabase } from '../node/db.ts';"),
    ).toEqual([]);
    expect(
      layerViolations('ingest/layouts.test.ts', "import { openDatabase } from '../src/adapters/node/db.ts';"),
    ).toHaveLength(1);
  });

  it('every source file imports only what its layer allows', () => {
    const all = [...new Set(LAYERS.map((l) => l.from.replace(/\/$/, '')))].flatMap(files);
    expect(all.length).toBeGreaterThan(100);
    const bad = all.flatMap((f) => layerViolations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(bad).toEqual([]);
  });
});
