/**
 * Every answer states its answer first: the lead is the first paragraph, before any blank line,
 * list, table or quote (docs/questions.md `lead`; the WeCom reply keeps it whole when it shortens).
 */
export function leadOf(answer: string): string {
  const first = answer.trim().split(/\n\s*\n|\n(?=[-|>*]\s|\d+\.)/)[0] ?? '';
  return /^(?:[-|>]|\*\s|\d+\.)/.test(first) ? '' : first;
}
