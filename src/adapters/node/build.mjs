/**
 * npm run build: bundles the Node entry points (the server, the query bench) into dist/ with
 * esbuild, so that a process starts without compiling TypeScript: tsx's loader took 2.5 s of the
 * first answer at 100,000 reports. Packages stay in node_modules. A path a module resolves from
 * its own place (`new URL('./schema', import.meta.url)`, `import.meta.dirname`) is rewritten to
 * the source file's place, relative to the bundle, so it finds the same files. `--if-stale`
 * builds only when a file the bundles were made of changed since (npm start); `--out DIR` (inside
 * the repository, where node_modules is found) builds elsewhere than dist/.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const out = process.argv.indexOf('--out');
const OUT = out >= 0 ? resolve(process.argv[out + 1]) : join(ROOT, 'dist');
const META = join(OUT, 'meta.json');
const ENTRIES = {
  main: 'src/adapters/node/main.ts',
  'bench-query': 'src/adapters/node/bench/bench-query.ts',
};

/** Whether dist/ holds every bundle, made after the last change to any file it was made of. */
function fresh() {
  if (!existsSync(META)) return false;
  const built = statSync(META).mtimeMs;
  const { inputs, outputs } = JSON.parse(readFileSync(META, 'utf8'));
  return (
    Object.keys(ENTRIES).every((name) => Object.keys(outputs).includes(`${relative(ROOT, OUT)}/${name}.js`)) &&
    [...Object.keys(inputs), 'src/adapters/node/build.mjs'].every((f) => {
      const p = join(ROOT, f);
      return existsSync(p) && statSync(p).mtimeMs <= built;
    })
  );
}

/** The source's own place, for the paths it resolves from import.meta. */
const ownPlace = {
  name: 'own-place',
  setup(b) {
    b.onLoad({ filter: /\.(?:ts|mjs|js)$/ }, (args) => {
      if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.')) return undefined;
      const file = relative(OUT, args.path).split('\\').join('/');
      const dir = relative(OUT, dirname(args.path)).split('\\').join('/');
      const contents = text
        .replace(
          /new URL\(([^()]*?),\s*import\.meta\.url\)/g,
          `new URL($1, new URL(${JSON.stringify(file)}, import.meta.url))`,
        )
        .replace(/import\.meta\.dirname/g, `(import.meta.dirname + ${JSON.stringify(`/${dir}`)})`);
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

if (process.argv.includes('--if-stale') && fresh()) process.exit(0);
const t0 = performance.now();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ENTRIES,
  outdir: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // Modules imported dynamically (LangChain's clients, the parsers in the bench) load when used.
  // Their chunks are named by their content and an old one is never removed: a process started
  // from an earlier build still finds the chunk it imports late.
  splitting: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [ownPlace],
});
writeFileSync(META, JSON.stringify(result.metafile));
console.error(`built ${relative(ROOT, OUT)}/ in ${Math.round(performance.now() - t0)} ms`);
