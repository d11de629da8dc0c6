/**
 * D1 has no read-only connection: a plan's SQL is checked before it runs instead. One statement,
 * a SELECT (or WITH … SELECT), no statement keyword that writes or changes the connection, outside
 * string literals, quoted identifiers and comments.
 */

import { sqlPieces } from '../../sqlite/sql-lex.ts';

const WRITES =
  /\b(?:INSERT|UPDATE|DELETE|DROP|ALTER|CREATE|ATTACH|DETACH|PRAGMA|VACUUM|REINDEX|ANALYZE|SAVEPOINT|RELEASE|BEGIN|COMMIT|ROLLBACK|TRANSACTION)\b|\bREPLACE\b(?!\s*\()/i;

/** The SQL with literals, quoted identifiers and comments blanked out (same length). */
export function codeOnly(sql: string): string {
  return sqlPieces(sql)
    .map((p) =>
      p.kind === 'code'
        ? p.text
        : p.kind === 'quoted' && p.text.length >= 2
          ? p.text[0] + ' '.repeat(p.text.length - 2) + p.text.at(-1)
          : ' '.repeat(p.text.length),
    )
    .join('');
}

/** Throws unless `sql` is one read-only SELECT. */
export function assertReadOnlySelect(sql: string): void {
  const code = codeOnly(sql).replace(/;\s*$/, '');
  if (!/^\s*(?:SELECT|WITH)\b/i.test(code)) throw new Error('only a SELECT may run');
  if (code.includes(';')) throw new Error('only one statement may run');
  const w = WRITES.exec(code);
  if (w) throw new Error(`only a read-only SELECT may run (found ${w[0].toUpperCase()})`);
}
