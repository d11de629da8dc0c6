/**
 * The workers tests' pre-step (npm run test:workers runs it first), all into out/cf-test
 * (git-ignored):
 *  - the sample corpus ingested on Node, and `export:d1` of it (d1/d1.sql, d1/vectors…ndjson),
 *    and in two shards (`--shard-by province --shards 2`: shards/shard-<i>/…);
 *  - node-answers.json: the Node build's answers to every eval question set (follow-ups after
 *    their history);
 *  - segmentation.json: the export's jieba-wasm cut of every chunk's index text and of every
 *    eval question, which the Worker's jieba-wasm must reproduce;
 *  - the assets directory (out/cf-assets).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jiebaNode from 'jieba-wasm/node';
import { numbersIn } from '../../../../eval/score.ts';
import { ROOT, sampleDb } from '../../../../eval/corpora.ts';
import { createNodeDeps } from '../../node/deps.ts';
import { openDatabase } from '../../node/db.ts';
import { ask } from '../../../qa/ask.ts';
import { buildAssets } from '../build-assets.mjs';
import type { Turn } from '../../../domain/types.ts';
import { exportD1, writeD1Export } from '../export-d1.ts';
import { exportShards, writeShardedExport } from '../export-shards.ts';
import { parseShardBy } from '../shard-plan.ts';
import { wasmSegmenter, type JiebaWasm } from '../segmenter.ts';

export const FIXTURE_DIR = join(ROOT, 'out', 'cf-test');
export const QUESTION_SETS = ['numeric', 'narrative', 'facts', 'list', 'unanswerable', 'followups'] as const;

export interface NodeAnswer {
  id: string;
  set: (typeof QUESTION_SETS)[number];
  kind: string;
  question: string;
  /** Questions asked before this one in the same conversation. */
  history?: string[];
  expected: unknown;
  /** The answer as JSON, without timings. */
  answer: Record<string, unknown>;
  numbers: number[];
}

export async function prepare(dir = FIXTURE_DIR): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const db = await sampleDb(dir);
  db.close();
  const ro = openDatabase(join(dir, 'samples.db'), { readonly: true });
  const e = await exportD1(ro);
  ro.close();
  writeD1Export(join(dir, 'd1'), e);
  const ro2 = openDatabase(join(dir, 'samples.db'), { readonly: true });
  const sharded = await exportShards(ro2, parseShardBy('province'), { count: 2 });
  ro2.close();
  writeShardedExport(join(dir, 'shards'), sharded);

  const deps = await createNodeDeps(openDatabase(join(dir, 'samples.db')), {});
  const answers: NodeAnswer[] = [];
  const questions: string[] = [];
  for (const set of QUESTION_SETS) {
    for (const line of readFileSync(join(ROOT, 'eval', 'questions', `${set}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)) {
      const q = JSON.parse(line) as {
        id: string;
        kind: string;
        question: string;
        history?: string[];
        expected: unknown;
      };
      const history: Turn[] = [];
      for (const h of q.history ?? []) {
        const a = await ask(deps, h, history);
        history.push({ role: 'user', content: h }, { role: 'assistant', content: a.answer });
      }
      const { timings: _t, ...a } = await ask(deps, q.question, history);
      answers.push({
        id: q.id,
        set,
        kind: q.kind,
        ...(q.history ? { history: q.history } : {}),
        question: q.question,
        expected: q.expected,
        answer: JSON.parse(JSON.stringify(a)) as Record<string, unknown>,
        numbers: numbersIn(a.answer),
      });
    }
  }
  deps.close();
  writeFileSync(join(dir, 'node-answers.json'), JSON.stringify(answers));

  // The export added the corpus's names to this (module-wide) jieba-wasm: cut the questions too.
  const seg = wasmSegmenter(jiebaNode as JiebaWasm);
  for (const f of QUESTION_SETS) {
    for (const line of readFileSync(join(ROOT, 'eval', 'questions', `${f}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean))
      questions.push((JSON.parse(line) as { question: string }).question);
  }
  const segmentation = [...e.segmented, ...questions.map((text) => ({ text, words: seg.cut(text) }))];
  writeFileSync(join(dir, 'segmentation.json'), JSON.stringify(segmentation));
  buildAssets();
  console.log(
    `workers fixture in ${dir}: ${e.statements.length} D1 statements (${sharded.shards.length} shards: ${sharded.shards.map((x) => x.statements.length).join(' + ')}), ${e.vectors?.lines.length ?? 0} vectors, ${answers.length} Node answers, ${segmentation.length} segmented texts (${Math.round(performance.now() - t0)} ms)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await prepare();
