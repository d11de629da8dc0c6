/**
 * The parse sandbox's thread: reads and parses report files (and, with the local embedder,
 * indexes them), one message at a time. It holds no database; the pool that owns it enforces
 * the time and memory limits by terminating it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IngestError } from '../../../../ingest/errors.ts';
import { parseReport } from '../../../../ingest/pipeline.ts';
import { indexReport } from '../../../retrieval/index-report.ts';
import { indexingFromEnv } from '../indexing.ts';
import type { ParseReply, ParseRequest } from './parse-pool.ts';

const { index } = workerData as { index: boolean };
// The local embedder only: a remote one is called from the main thread, outside the time limit.
const indexing = index ? await indexingFromEnv({}) : null;

parentPort!.on('message', async ({ id, name, bytes }: ParseRequest) => {
  let reply: ParseReply;
  try {
    const report = await parseReport(name, bytes);
    let chunks = null;
    if (indexing) {
      indexing.segmenter.addWords([report.org, report.region].filter((w): w is string => Boolean(w)));
      chunks = await indexReport(report.text, report.sections, report.cells, indexing.segmenter, indexing.embedder);
    }
    reply = { id, ok: true, report, chunks };
  } catch (e) {
    reply = { id, ok: false, error: e instanceof IngestError ? e.message : `unexpected error: ${(e as Error).message}` };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true });
