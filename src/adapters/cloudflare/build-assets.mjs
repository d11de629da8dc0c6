// Copies the web page (src/web, tests and its tsconfig left out) and the vendored ECharts into the Worker's assets
// directory, out/cf-assets (git-ignored). wrangler.toml runs it as the build command; the
// workers tests' setup runs it too. Plain .mjs: runs with node alone, before anything is built.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const ASSETS_DIR = join(ROOT, 'out', 'cf-assets');

export function buildAssets(out = ASSETS_DIR) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'vendor'), { recursive: true });
  const web = join(ROOT, 'src', 'web');
  // the page's tsconfig only type-checks it; the browser never asks for it
  const files = readdirSync(web).filter((f) => statSync(join(web, f)).isFile() && !/\.test\.[cm]?[jt]s$/.test(f) && !f.startsWith('.') && f !== 'tsconfig.json');
  for (const f of files) copyFileSync(join(web, f), join(out, f));
  const echarts = join(ROOT, 'node_modules', 'echarts', 'dist', 'echarts.min.js');
  if (!existsSync(echarts)) throw new Error(`${echarts} is missing: run npm install`);
  copyFileSync(echarts, join(out, 'vendor', 'echarts.min.js'));
  return { out, files: [...files, 'vendor/echarts.min.js'] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { out, files } = buildAssets();
  console.log(`assets: ${files.length} files in ${out}`);
}
