import { describe, expect, it } from 'vitest';
import {
  colLabel,
  printedOrder,
  rowLabel,
  T3_GROUPS,
  T3_ROWS,
  TABLE_TITLES,
  type TemplateVersion,
} from './catalogue.ts';
import { LAYOUTS } from './layout.ts';

const TEMPLATES: TemplateVersion[] = ['2021', '2019'];
/** Every key a layout shows, in the order it shows them (part by part, row by row). */
const keysOf = (template: TemplateVersion) =>
  LAYOUTS[template].flatMap((t) =>
    t.parts.flatMap((p) => p.rows.flatMap((r) => p.columns.map((c) => `${t.table}.${r.key}.${c.key}`))),
  );

describe.each(TEMPLATES)('layouts of the %s template', (template) => {
  const layouts = LAYOUTS[template];

  it('show every catalogue key once, in printed order', () => {
    const keys = keysOf(template);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(printedOrder(template));
  });

  it('print the catalogue titles and labels', () => {
    expect(layouts.map((t) => t.table)).toEqual(['t2', 't3', 't4']);
    for (const t of layouts) {
      expect(t.title).toBe(TABLE_TITLES[t.table]);
      for (const p of t.parts)
        for (const r of p.rows) {
          expect(r.label).toBe(rowLabel(t.table, r.key, template));
          for (const c of p.columns) expect(c.label).toBe(colLabel(t.table, c.key, r.key));
        }
    }
  });

  it('group 表三 as printed: 一、二、四、 at the top, the rest under 三、本年度办理结果, numbered items under their heading', () => {
    const t3 = layouts.find((t) => t.table === 't3')!;
    const rows = t3.parts.flatMap((p) => p.rows);
    expect(rows.map((r) => r.key)).toEqual(T3_ROWS[template].map((r) => r.key));
    expect(rows.filter((r) => r.groups.length === 0).map((r) => r.key)).toEqual([
      'new',
      'carried_over',
      'carry_forward',
    ]);
    for (const r of rows) {
      if (r.groups.length) expect(r.groups[0]).toBe(T3_GROUPS.results);
      if (r.key.startsWith('deny_')) expect(r.groups).toEqual([T3_GROUPS.results, T3_GROUPS.deny]);
      if (r.key.startsWith('noproc_')) expect(r.groups).toEqual([T3_GROUPS.results, T3_GROUPS.noproc]);
    }
    // each numbered group's rows are printed together
    const runs = rows.flatMap((r) => r.groups.slice(1)).filter((g, i, all) => g !== all[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);
    expect(t3.parts[0]!.columns.filter((c) => c.group).map((c) => c.key)).toEqual([
      'commercial',
      'research',
      'social',
      'legal',
      'other_org',
    ]);
  });

  it('give each 表二 part one column header that fits all its rows', () => {
    const t2 = layouts.find((t) => t.table === 't2')!;
    for (const p of t2.parts) {
      expect(p.label).toMatch(/^第二十条第（[一二三四五六七八九十]+）项$/);
      expect(p.rows.length).toBeGreaterThan(0);
    }
  });
});

it('prints 表二 2019 procurement amounts under their own label, not 本年收费金额', () => {
  const part = LAYOUTS['2019'][0]!.parts.find((p) => p.rows.some((r) => r.key === 'central_procurement'))!;
  expect(part.columns.find((c) => c.key === 'amount')!.label).toBe(colLabel('t2', 'amount', 'central_procurement'));
  expect(part.columns.find((c) => c.key === 'amount')!.label).not.toBe(colLabel('t2', 'amount', 'fee'));
});
