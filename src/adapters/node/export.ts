import type { ReportInfo } from '../../domain/ports.ts';
import type { DB } from './db.ts';

/** One report of `npm run export -- --json`: its metadata, every cell and its validation. */
export interface ExportedReport extends Omit<ReportInfo, 'id'> {
  cells: Record<string, number | null>;
  validation: { rule: string; status: string; message: string }[];
}

/** Every report with all its canonical cells (NULL ones as null) and validation results. */
export function exportReports(db: DB): ExportedReport[] {
  const reports = db
    .prepare(
      'SELECT id, file, title, org, region, level, year, template, published FROM reports ORDER BY org, year, file',
    )
    .all() as ReportInfo[];
  const cells = db.prepare('SELECT key, value FROM cells WHERE report_id = ? ORDER BY key');
  const rules = db.prepare('SELECT rule, status, message FROM validation WHERE report_id = ? ORDER BY rowid');
  return reports.map(({ id, ...r }) => ({
    ...r,
    cells: Object.fromEntries((cells.all(id) as { key: string; value: number | null }[]).map((c) => [c.key, c.value])),
    validation: rules.all(id) as ExportedReport['validation'],
  }));
}
