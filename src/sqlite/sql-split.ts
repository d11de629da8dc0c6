import { sqlPieces } from './sql-lex.ts';

/**
 * Splits a SQL script into statements on `;` outside string literals, quoted identifiers and
 * comments, dropping the comments. Enough for the export's own files and the Node schema
 * (no triggers: a CREATE TRIGGER … BEGIN … END would need more).
 */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const p of sqlPieces(sql)) {
    if (p.kind === 'comment') continue;
    if (p.kind === 'quoted') {
      cur += p.text;
      continue;
    }
    const parts = p.text.split(';');
    parts.forEach((part, k) => {
      cur += part;
      if (k < parts.length - 1) {
        if (cur.trim()) out.push(cur.trim());
        cur = '';
      }
    });
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
