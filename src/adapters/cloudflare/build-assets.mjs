// Copies the web page (the files of src/web that isPageFile admits, as the Node server serves) and the vendored ECharts into the Worker's assets
// directory, out/cf-assets (git-ignored). wrangler.toml runs it as the build command; the
// workers tests' setup runs it too. Plain .mjs: runs with node alone, before anything is built.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { isPageFile } from '../../server/page-files.mjs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const ASSETS_DIR = join(ROOT, 'out', 'cf-assets');

export function buildAssets(out = ASSETS_DIR) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'vendor'), { recursive: true });
  const web = join(ROOT, 'src', 'web');
  const files = readdirSync(web, { recursive: true })
    .map((f) => String(f).split(sep).join('/'))
    .filter((f) => isPageFile(f) && statSync(join(web, f)).isFile());
  for (const f of files) {
    mkdirSync(dirname(join(out, f)), { recursive: true });
    copyFileSync(join(web, f), join(out, f));
  }
  const echarts = join(ROOT, 'node_modules', 'echarts', 'dist', 'echarts.min.js');
  if (!existsSync(echarts)) throw new Error(`${echarts} is missing: run npm install`);
  copyFileSync(echarts, join(out, 'vendor', 'echarts.min.js'));
  return { out, files: [...files, 'vendor/echarts.min.js'] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { out, files } = buildAssets();
  console.log(`assets: ${files.length} files in ${out}`);
}
