import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageAssets } from './page-assets.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const asset = pageAssets(join(ROOT, 'src', 'web'), {
  'echarts.min.js': join(ROOT, 'node_modules', 'echarts', 'dist', 'echarts.min.js'),
});

describe('pageAssets', () => {
  it('serves the page and the vendored ECharts', async () => {
    const index = await asset('/');
    expect(index?.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await asset('/app.js'))?.headers.get('content-type')).toContain('text/javascript');
    expect((await asset('/style.css'))?.status).toBe(200);
    expect((await asset('/vendor/echarts.min.js'))?.status).toBe(200);
  });

  it('serves no test, source, traversal or unknown file', async () => {
    for (const path of [
      '/page.e2e.test.ts',
      '/page.e2e.test.ts'.replace('.', '%2E'),
      '/../package.json',
      '/..%2Fpackage.json',
      '/%2e%2e/package.json',
      '/vendor/../../package.json',
      '/vendor/x.js',
      '/..\\package.json',
      '/nope.js',
      '/%ZZ',
      '/.gitignore',
      '//etc/passwd',
    ]) {
      expect(await asset(path), path).toBeNull();
    }
  });
});
