/**
 * For tests: the five sample reports as a Store without a database — their texts, cells, prose
 * facts and ingest's checks, read by the pure pipeline (ids 1–5 in file order, as sampleInfos).
 * The reads the collection and arithmetic answers use; the others say they are not here.
 */
import { parsedSamples, sampleInfos } from './samples.ts';
import type { FactRow, ReportCheck, ReportFilter, ReportInfo, Store } from '../../src/domain/ports.ts';
import { READ_STATUSES } from '../../src/domain/types.ts';

const READ = new Set<string>(READ_STATUSES);

export interface SampleStore extends Store {
  /** The filters reportChecks was called with, in order. */
  checkFilters: ReportFilter[];
}

/** `checks` replaces some reports' checks (a report made to lack a table). */
export function sampleStore(checks: Map<number, Partial<ReportCheck>> = new Map()): SampleStore {
  const parsed = parsedSamples();
  const infos = sampleInfos();
  const picked = (f: ReportFilter): ReportInfo[] =>
    infos.filter(
      (r) =>
        (!f.org?.length || (r.org !== null && f.org.includes(r.org))) &&
        (!f.year?.length || (r.year !== null && f.year.includes(r.year))),
    );
  const missing = (name: string) => async () => {
    throw new Error(`${name} is not in the in-memory sample store`);
  };
  const checkFilters: ReportFilter[] = [];
  return {
    checkFilters,
    reports: async (f = {}) => picked(f),
    report: async (id) => infos[id - 1] ?? null,
    reportText: async (id) => parsed[id - 1]?.text ?? null,
    cells: async (id, keys) => (parsed[id - 1]?.cells ?? []).filter((c) => !keys || keys.includes(c.key)),
    validation: async (id) => parsed[id - 1]?.validation ?? [],
    facts: async (f) =>
      picked(f).flatMap((r) =>
        parsed[r.id - 1]!.facts.map(
          (x): FactRow => ({
            reportId: r.id,
            value: x.value,
            unit: x.unit,
            approx: x.approx,
            subject: x.subject,
            start: x.start,
            end: x.end,
            sentenceStart: x.sentenceStart,
            sentenceEnd: x.sentenceEnd,
            sentence: parsed[r.id - 1]!.text.slice(x.sentenceStart, x.sentenceEnd),
          }),
        ),
      ),
    reportChecks: async (f) => {
      checkFilters.push(f);
      return picked(f).map((r) => {
        const p = parsed[r.id - 1]!;
        return {
          reportId: r.id,
          failed: p.validation.filter((v) => v.status === 'FAIL').map(({ rule, message }) => ({ rule, message })),
          tables: (['t2', 't3', 't4'] as const).filter((t) => p.cells.some((c) => c.table === t && READ.has(c.status))),
          ...checks.get(r.id),
        };
      });
    },
    reportPage: missing('reportPage'),
    sections: missing('sections'),
    query: missing('query'),
    termStats: missing('termStats'),
    searchText: missing('searchText'),
    passages: missing('passages'),
  };
}
