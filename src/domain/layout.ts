/**
 * The standard tables as printed, per template version: each table's parts (a column header and
 * the rows under it), with columns and rows in printed order and their printed labels. Derived
 * from the catalogue alone, so the page shows a report's tables without restating a label.
 */
import {
  colLabel,
  T2_PARTS,
  T2_ROW_HEADING,
  T2_ROWS,
  T3_COL_HEADING,
  T3_COLS,
  T3_GROUPS,
  T3_LEGAL_PERSON,
  T3_ROWS,
  T4_BLOCKS,
  T4_COLS,
  TABLE_TITLES,
  type TableId,
  type TemplateVersion,
} from './catalogue.ts';

export interface LayoutColumn {
  key: string;
  label: string;
  /** A printed header over this column and its neighbours (表三's 法人或其他组织). */
  group?: string;
}

export interface LayoutRow {
  key: string;
  label: string;
  /** Printed group headings the row sits under, outermost first; the row's depth is their number. */
  groups: string[];
}

export interface LayoutPart {
  /** The part's printed heading (表二's clause of Article 20), when it has one. */
  label?: string;
  columns: LayoutColumn[];
  rows: LayoutRow[];
}

export interface TableLayout {
  table: TableId;
  title: string;
  /** The header above the row labels ('' when none is printed). */
  rowHeading: string;
  /** A header printed over all the columns, when there is one. */
  colHeading?: string;
  parts: LayoutPart[];
}

function t2(template: TemplateVersion): TableLayout {
  const rows = T2_ROWS[template];
  return {
    table: 't2',
    title: TABLE_TITLES.t2,
    rowHeading: T2_ROW_HEADING,
    parts: T2_PARTS[template].map((part) => {
      const specs = part.rows.map((key) => rows.find((r) => r.key === key)!);
      const first = specs[0]!;
      return {
        label: part.label,
        columns: first.cols.map((col) => ({ key: col, label: colLabel('t2', col, first.key) })),
        rows: specs.map((r) => ({ key: r.key, label: r.label, groups: [] })),
      };
    }),
  };
}

/**
 * 表三's rows sit under headings by their printed numbering: 一、 at the top, （一） under
 * 三、本年度办理结果, 1. also under the group their key names (deny_… under （三）不予公开).
 */
function t3Groups(key: string, label: string): string[] {
  if (/^[一二三四五六七八九十]+、/.test(label)) return [];
  const results = T3_GROUPS.results!;
  if (/^[(（]/.test(label)) return [results];
  const group = T3_GROUPS[key.slice(0, key.indexOf('_'))];
  return group ? [results, group] : [results];
}

function t3(template: TemplateVersion): TableLayout {
  const legal: readonly string[] = T3_LEGAL_PERSON.cols;
  return {
    table: 't3',
    title: TABLE_TITLES.t3,
    rowHeading: '',
    colHeading: T3_COL_HEADING,
    parts: [
      {
        columns: T3_COLS.map((c) => ({
          key: c.key,
          label: c.label,
          ...(legal.includes(c.key) ? { group: T3_LEGAL_PERSON.label } : {}),
        })),
        rows: T3_ROWS[template].map((r) => ({ key: r.key, label: r.label, groups: t3Groups(r.key, r.label) })),
      },
    ],
  };
}

/** 表四 prints its three blocks side by side in one row; here each block is a row of its five columns. */
function t4(): TableLayout {
  return {
    table: 't4',
    title: TABLE_TITLES.t4,
    rowHeading: '',
    parts: [
      {
        columns: T4_COLS.map((c) => ({ key: c.key, label: c.label })),
        rows: T4_BLOCKS.map((b) => ({ key: b.key, label: b.label, groups: [] })),
      },
    ],
  };
}

export const LAYOUTS: Record<TemplateVersion, TableLayout[]> = {
  '2021': [t2('2021'), t3('2021'), t4()],
  '2019': [t2('2019'), t3('2019'), t4()],
};
