/**
 * The parse sandbox's thread: reads and parses report files, one message at a time. It loads no
 * native addon (indexing with nodejieba stays on the main thread): terminating a worker inside a
 * nodejieba call aborts the whole process, and the pool terminates workers over their limits.
 */
import { parentPort } from 'node:worker_threads';
import { IngestError } from '../../../../ingest/errors.ts';
import { parseReport } from '../../../../ingest/pipeline.ts';
import type { OcrStarted, ParseReply, ParseRequest } from './parse-pool.ts';
import { nodePdfReaders } from './pdf-tools.ts';

parentPort!.on('message', async ({ id, name, bytes }: ParseRequest) => {
  let reply: ParseReply;
  // OCR takes minutes, not seconds: the pool gives the file OCR's time limit when it begins.
  const readers = nodePdfReaders(() => parentPort!.postMessage({ id, ocr: true } satisfies OcrStarted));
  try {
    reply = { id, ok: true, report: await parseReport(name, bytes, readers) };
  } catch (e) {
    reply = {
      id,
      ok: false,
      error: e instanceof IngestError ? e.message : `unexpected error: ${(e as Error).message}`,
    };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true });
