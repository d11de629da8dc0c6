/**
 * npm run eval -- [--db FILE] [--questions FILE.jsonl ...] [--corpus PATH ...] [--out DIR] [--baseline] [--llm]
 * Default: every set under eval/questions/ against the bundled sample corpus, and the
 * aggregate set eval/generated/questions.jsonl against the seeded generated corpus.
 * `--corpus` adds files or folders to the sample corpus (a hold-out set about other reports:
 * `--questions eval/holdout/reflow.jsonl --corpus corpus/real/huaian_2024_szfgs2024.pdf`).
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, type DB } from '../src/adapters/node/db.ts';
import { createNodeDeps } from '../src/adapters/node/deps.ts';
import { EVAL_TODAY, generatedDb, ROOT, sampleDb } from './corpora.ts';
import { byKind, confusion, latency, SCORES, summarise, type Result } from './metrics.ts';
import { reportHtml, type EvalReport } from './report-html.ts';
import { runSet } from './runner.ts';

export interface EvalOptions {
  db?: string;
  questions?: string[];
  /** Files or folders ingested beside the sample corpus. */
  corpus?: string[];
  out?: string;
  baseline?: boolean;
  /** Use the LLM the environment configures (LLM_BASE_URL, LLM_MODEL); off by default for determinism. */
  llm?: boolean;
}

const GENERATED_SET = join(ROOT, 'eval', 'generated', 'questions.jsonl');

export function defaultSets(): string[] {
  const dir = join(ROOT, 'eval', 'questions');
  return [
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .map((f) => join(dir, f)),
    GENERATED_SET,
  ];
}

/** Runs the sets (each against its corpus) and returns the report and per-question results. */
export async function runEval(
  opts: EvalOptions,
): Promise<{ report: EvalReport; results: Result[]; baseline: Result[] }> {
  const sets = (opts.questions?.length ? opts.questions : defaultSets()).map((f) => resolve(f));
  const work = mkdtempSync(join(tmpdir(), 'eval-'));
  const dbs = new Map<string, DB>();
  const dbFor = async (set: string): Promise<DB> => {
    const kind = set.startsWith(join(ROOT, 'eval', 'generated')) ? 'generated' : 'samples';
    if (!dbs.has(kind))
      dbs.set(
        kind,
        opts.db && kind === 'samples'
          ? openDatabase(opts.db)
          : kind === 'generated'
            ? await generatedDb(work)
            : await sampleDb(
                work,
                opts.corpus?.map((p) => resolve(p)),
              ),
      );
    return dbs.get(kind)!;
  };
  const results: Result[] = [];
  const baseline: Result[] = [];
  for (const set of sets) {
    const deps = { ...(await createNodeDeps(await dbFor(set), opts.llm ? process.env : {})), today: () => EVAL_TODAY };
    results.push(...(await runSet(deps, set, 'ask')));
    if (opts.baseline) baseline.push(...(await runSet(deps, set, 'baseline')));
    deps.close();
  }
  for (const db of dbs.values()) db.close();
  const routes = (rs: Result[]) => ({
    confusion: confusion(
      rs.filter((r) => r.expectedRoute).map((r) => ({ expected: r.expectedRoute!, actual: r.route })),
    ),
  });
  const report: EvalReport = {
    overall: summarise(results),
    by_kind: byKind(results),
    by_set: Object.fromEntries(
      [...new Set(results.map((r) => r.set))].map((s) => [s, summarise(results.filter((r) => r.set === s))]),
    ),
    routes: routes(results),
    latency: latency(results),
    ...(opts.baseline
      ? { baseline: { overall: summarise(baseline), by_kind: byKind(baseline), routes: routes(baseline) } }
      : {}),
    generated_at: new Date().toISOString(),
  };
  return { report, results, baseline };
}

function table(report: EvalReport): string {
  const keys = SCORES;
  const f = (v: number | null | undefined) => (v === null || v === undefined ? '—' : (v * 100).toFixed(1).padStart(6));
  const lines = [`${'kind'.padEnd(14)} ${'n'.padStart(4)} ${keys.map((k) => k.slice(0, 8).padStart(8)).join(' ')}`];
  const row = (name: string, s: EvalReport['overall'], b?: EvalReport['overall']) => {
    lines.push(
      `${name.padEnd(14)} ${String(s.questions).padStart(4)} ${keys.map((k) => f(s[k]).padStart(8)).join(' ')}`,
    );
    if (b)
      lines.push(
        `${'  baseline'.padEnd(14)} ${String(b.questions).padStart(4)} ${keys.map((k) => f(b[k]).padStart(8)).join(' ')}`,
      );
  };
  row('overall', report.overall, report.baseline?.overall);
  for (const [k, s] of Object.entries(report.by_kind)) row(k, s, report.baseline?.by_kind[k]);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const opts: EvalOptions = { questions: [], corpus: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--db') opts.db = argv[++i];
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--questions')
      while (argv[i + 1] && !argv[i + 1]!.startsWith('--')) opts.questions!.push(argv[++i]!);
    else if (a === '--corpus') while (argv[i + 1] && !argv[i + 1]!.startsWith('--')) opts.corpus!.push(argv[++i]!);
    else if (a === '--baseline') opts.baseline = true;
    else if (a === '--llm') opts.llm = true;
    else {
      console.error(`eval: unknown argument ${a}`);
      return 2;
    }
  }
  const t0 = performance.now();
  const { report, results, baseline } = await runEval(opts);
  const out = resolve(opts.out ?? join('out', 'eval'));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'summary.json'), JSON.stringify(report, null, 2));
  writeFileSync(join(out, 'results.jsonl'), `${results.map((r) => JSON.stringify(r)).join('\n')}\n`);
  if (baseline.length)
    writeFileSync(join(out, 'baseline.jsonl'), `${baseline.map((r) => JSON.stringify(r)).join('\n')}\n`);
  writeFileSync(join(out, 'report.html'), reportHtml(report, results));
  console.log(table(report));
  console.log(`\nroutes (expected → actual): ${JSON.stringify(report.routes.confusion)}`);
  const by = new Map<string, number>();
  for (const r of results) by.set(r.answeredBy ?? '—', (by.get(r.answeredBy ?? '—') ?? 0) + 1);
  console.log(`answered by: ${[...by].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(
    `latency ms: ${Object.entries(report.latency)
      .map(([k, v]) => `${k} p50 ${v.p50} p95 ${v.p95} (n ${v.n})`)
      .join('; ')}`,
  );
  const failed = results.filter((r) => !r.pass);
  console.log(`\n${failed.length} failed:`);
  for (const r of failed) console.log(`- ${r.id} ${r.question} [${r.answeredBy ?? '—'}] — ${r.failures.join('; ')}`);
  console.log(`\n${results.length} questions in ${((performance.now() - t0) / 1000).toFixed(1)} s; report in ${out}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, 'eval', 'cli.ts'))
  process.exitCode = await main(process.argv.slice(2));
