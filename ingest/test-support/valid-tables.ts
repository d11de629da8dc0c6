/**
 * Random tables that obey the template's sum rules (T3.R1–R3, T4.R1), as canonical cells, for
 * property tests: whatever layout they are rendered in, reading them back must give these
 * numbers or NULL.
 */
import { T2_ROWS, T3_COL_KEYS, T3_ROWS, T4_BLOCKS, T4_COLS, type TemplateVersion } from '../../src/domain/catalogue.ts';
import { seeded } from './render.ts';

export function validTables(template: TemplateVersion, seed: number): Record<string, number | null> {
  const rnd = seeded(seed);
  const count = () => {
    const r = rnd();
    return r < 0.55 ? 0 : r < 0.85 ? Math.floor(rnd() * 20) : Math.floor(rnd() * 5000);
  };
  const out: Record<string, number | null> = {};
  for (const row of T2_ROWS[template])
    for (const col of row.cols)
      out[`t2.${row.key}.${col}`] =
        rnd() < 0.1
          ? null
          : col === 'amount'
            ? Math.round(rnd() * 1e6) / 100
            : col === 'delta'
              ? count() - 10
              : count();
  const keys = T3_ROWS[template].map((r) => r.key);
  const results = keys.slice(keys.indexOf('granted'), keys.indexOf('total_processed'));
  const applicants = T3_COL_KEYS.slice(0, 6);
  // Some reports leave a row's zero cells blank ("/" or nothing): blank, never read as 0.
  const put = (row: string, vals: number[]) => {
    const blanks = rnd() < 0.15;
    applicants.forEach((c, i) => {
      out[`t3.${row}.${c}`] = blanks && vals[i] === 0 && rnd() < 0.7 ? null : vals[i]!;
    });
    out[`t3.${row}.total`] = vals.reduce((a, b) => a + b, 0);
  };
  const done = applicants.map(() => 0);
  for (const row of results) {
    const vals = applicants.map(count);
    vals.forEach((v, i) => {
      done[i]! += v;
    });
    put(row, vals);
  }
  put('total_processed', done);
  const forward = applicants.map(count);
  const carried = applicants.map((_, i) => Math.floor(rnd() * (done[i]! + forward[i]! + 1)));
  put('carry_forward', forward);
  put('carried_over', carried);
  put(
    'new',
    applicants.map((_, i) => done[i]! + forward[i]! - carried[i]!),
  );
  for (const b of T4_BLOCKS) {
    const parts = T4_COLS.slice(0, 4).map(count);
    T4_COLS.forEach((c, i) => {
      out[`t4.${b.key}.${c.key}`] = i < 4 ? parts[i]! : parts.reduce((a, x) => a + x, 0);
    });
  }
  return out;
}
