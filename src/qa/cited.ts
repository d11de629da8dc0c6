import type { Citation } from '../domain/types.ts';

/**
 * A part's answer joined to others: its citations appended to `citations` (one already there for
 * the same passage or cell is reused) and its [n] marks renumbered to match.
 */
export function recite(part: { answer: string; citations: Citation[] }, citations: Citation[]): string {
  return part.answer.replace(/\[(\d+)\]/g, (mark, n) => {
    const c = part.citations[Number(n) - 1];
    if (!c) return mark;
    const have = citations.find(
      (x) => x.reportId === c.reportId && x.start === c.start && x.end === c.end && x.cell?.key === c.cell?.key,
    );
    if (have) return `[${have.n}]`;
    citations.push({ ...c, n: citations.length + 1 });
    return `[${citations.length}]`;
  });
}
