// Which files under src/web are the page's, by name alone: the Node server serves exactly these
// and the Cloudflare build copies exactly these. Plain .mjs so the asset build runs with node alone.

/** Content types of the page's files, by extension; nothing else is served. */
export const PAGE_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** True for a path under src/web ("/"-separated, relative) that is part of the page: never a test, a hidden file or source. */
export function isPageFile(rel) {
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p.startsWith('.'))) return false;
  const name = parts[parts.length - 1];
  if (/\.(?:test|spec|e2e)\./.test(name)) return false;
  const dot = name.lastIndexOf('.');
  return dot > 0 && Object.hasOwn(PAGE_TYPES, name.slice(dot));
}
