/** A piece of SQL text: code, a string literal or quoted identifier, or a comment. */
export interface SqlPiece {
  kind: 'code' | 'quoted' | 'comment';
  text: string;
}

/**
 * Cuts SQL into code, quoted text ('…', "…", `…`, […], with doubled quotes) and comments (-- …,
 * /* … *\/), so checks and splits look at code only.
 */
export function sqlPieces(sql: string): SqlPiece[] {
  const out: SqlPiece[] = [];
  let code = '';
  const flush = () => {
    if (code) out.push({ kind: 'code', text: code });
    code = '';
  };
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const two = sql.slice(i, i + 2);
    let stop = -1;
    let kind: SqlPiece['kind'] = 'comment';
    if (two === '--') {
      const end = sql.indexOf('\n', i);
      stop = end < 0 ? sql.length : end;
    } else if (two === '/*') {
      const end = sql.indexOf('*/', i + 2);
      stop = end < 0 ? sql.length : end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) j += 2;
          else break;
        } else j++;
      }
      stop = Math.min(j + 1, sql.length);
      kind = 'quoted';
    }
    if (stop < 0) {
      code += ch;
      i++;
      continue;
    }
    flush();
    out.push({ kind, text: sql.slice(i, stop) });
    i = stop;
  }
  flush();
  return out;
}
