import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isPageFile, PAGE_TYPES } from '../../server/page-files.mjs';

/**
 * The web page's files from `dir` (only what isPageFile admits: no tests, no sources), and the
 * files of packages the page uses under /vendor/ (no CDN); null for anything else.
 */
export function pageAssets(dir: string, vendor: Record<string, string>): (path: string) => Promise<Response | null> {
  return async (path) => {
    let rel: string;
    try {
      rel = path === '/' ? 'index.html' : decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      return null;
    }
    // Backslashes and dot segments never name a page file; isPageFile refuses empty and hidden segments.
    if (rel.includes('\\') || rel.split('/').includes('..')) return null;
    const file = rel.startsWith('vendor/')
      ? vendor[rel.slice('vendor/'.length)]
      : isPageFile(rel)
        ? join(dir, rel)
        : undefined;
    if (!file) return null;
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': PAGE_TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return null;
    }
  };
}
