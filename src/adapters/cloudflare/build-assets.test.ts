import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPageFile } from '../../server/page-files.mjs';
import { buildAssets } from './build-assets.mjs';

describe('buildAssets', () => {
  it('copies the files the Node server serves, and no test or source', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cf-assets-')), 'assets');
    const { files } = buildAssets(out);
    const web = readdirSync(join(import.meta.dirname, '..', '..', 'web'), { recursive: true }).map(String);
    expect(files.sort()).toEqual([...web.filter(isPageFile), 'vendor/echarts.min.js'].sort());
    expect(files).toContain('index.html');
    expect(existsSync(join(out, 'page.e2e.test.ts'))).toBe(false);
  });
});
