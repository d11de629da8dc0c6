import { describe, expect, it } from 'vitest';
import { isPageFile } from './page-files.mjs';

describe('isPageFile', () => {
  it('admits the page by extension, in subfolders too', () => {
    for (const f of [
      'index.html',
      'app.js',
      'markdown.js',
      'style.css',
      'favicon.svg',
      'chat/stream.js',
      'img/logo.png',
    ])
      expect(isPageFile(f), f).toBe(true);
  });

  it('never admits tests, sources, hidden files or odd paths', () => {
    for (const f of [
      'page.e2e.test.ts',
      'app.test.js',
      'x.spec.js',
      'app.ts',
      'notes.md',
      '.env',
      '.git/config',
      'a/.hidden.js',
      'a//b.js',
      '',
      'js',
      'README',
    ])
      expect(isPageFile(f), f).toBe(false);
  });
});
