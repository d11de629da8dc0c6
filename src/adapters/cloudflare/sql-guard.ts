/**
 * D1 has no read-only connection: a plan's SQL is checked before it runs instead. One statement,
 * a SELECT (or WITH … SELECT), no statement keyword that writes or changes the connection, outside
 * string literals, quoted identifiers and comments.
 */

const WRITES = /\b(?:INSERT|UPDATE|DELETE|DROP|ALTER|CREATE|ATTACH|DETACH|PRAGMA|VACUUM|REINDEX|ANALYZE|SAVEPOINT|RELEASE|BEGIN|COMMIT|ROLLBACK|TRANSACTION)\b|\bREPLACE\b(?!\s*\()/i;

/** The SQL with literals, quoted identifiers and comments blanked out (same length). */
export function codeOnly(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const two = sql.slice(i, i + 2);
    if (two === '--') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (two === '/*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) j += 2;
          else break;
        } else j++;
      }
      const stop = Math.min(j + 1, sql.length);
      out += ch + ' '.repeat(Math.max(0, stop - i - 2)) + (stop - i >= 2 ? close : '');
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Throws unless `sql` is one read-only SELECT. */
export function assertReadOnlySelect(sql: string): void {
  const code = codeOnly(sql).replace(/;\s*$/, '');
  if (!/^\s*(?:SELECT|WITH)\b/i.test(code)) throw new Error('only a SELECT may run');
  if (code.includes(';')) throw new Error('only one statement may run');
  const w = WRITES.exec(code);
  if (w) throw new Error(`only a read-only SELECT may run (found ${w[0].toUpperCase()})`);
}
