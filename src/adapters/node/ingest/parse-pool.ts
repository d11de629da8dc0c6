import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ParsedReport } from '../../../domain/types.ts';
import { OCR_LIMITS } from './pdf-tools.ts';

export interface ParseRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
}

/** A parsed report, or the one-line reason it is not. */
export type ParseReply = { id: number; ok: true; report: ParsedReport } | { id: number; ok: false; error: string };

/** Sent by a worker when a file turns out to be a scan and its OCR begins. */
export interface OcrStarted {
  id: number;
  ocr: true;
}

export interface SandboxLimits {
  /** Wall-clock time to read and parse one file. */
  timeMs: number;
  /** The worker's V8 heap. */
  heapMb: number;
  /**
   * Growth of the process's resident memory while a file is parsed: typed arrays (a PDF's
   * inflated streams) live outside the V8 heap, so the heap limit alone does not bound them.
   */
  rssGrowthMb: number;
  /** Wall-clock time for a scanned file from the start of its OCR (which has its own limits). */
  ocrTimeMs?: number;
}

export const SANDBOX_LIMITS: SandboxLimits = {
  timeMs: 60_000,
  heapMb: 1024,
  rssGrowthMb: 1536,
  ocrTimeMs: OCR_LIMITS.totalMs + 60_000,
};

const CLOSE_WAIT_MS = 2000;

/** How often the pool looks at the process's memory while a file is parsed. */
const WATCH_MS = 100;

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer?: NodeJS.Timeout;
  rssAtStart: number;
}

interface Job extends ParseRequest {
  done: (r: ParseReply) => void;
}

/**
 * Worker threads that read and parse report files, so that a hostile file costs a worker, not
 * the process: each file gets a time limit, a heap limit and a resident-memory limit; a worker
 * over one is terminated, the file fails with the limit named, and a fresh worker takes the next
 * file. The main thread's event loop stays free while files are parsed. Idle workers do not keep
 * the process alive.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private watch: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: { size?: number; limits?: SandboxLimits } = {}) {}

  private get size(): number {
    return this.opts.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
  }

  private get limits(): SandboxLimits {
    return this.opts.limits ?? SANDBOX_LIMITS;
  }

  parse(name: string, bytes: Uint8Array): Promise<ParseReply> {
    if (this.closed) return Promise.resolve({ id: -1, ok: false, error: 'ingest is shutting down' });
    return new Promise((done) => {
      this.queue.push({ id: this.nextId++, name, bytes, done });
      this.dispatch();
    });
  }

  /**
   * Terminates the workers; files queued or in hand fail. Waits at most CLOSE_WAIT_MS: a worker
   * terminated while it loads a module through tsx's loader may never report its exit.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.done({ id: job.id, ok: false, error: 'ingest is shutting down' });
    const slots = [...this.slots];
    for (const slot of slots) this.retire(slot, 'ingest is shutting down');
    this.stopWatching();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(slots.map((s) => s.worker.terminate())),
      new Promise((r) => (timer = setTimeout(r, CLOSE_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  private dispatch(): void {
    while (!this.closed && this.slots.length < this.size && this.queue.length > this.slots.filter((s) => !s.job).length)
      this.spawn();
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.rssAtStart = process.memoryUsage.rss();
      this.setTimer(slot, this.limits.timeMs);
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, name: job.name, bytes: job.bytes } satisfies ParseRequest);
      this.startWatching();
    }
  }

  private setTimer(slot: Slot, ms: number): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.kill(slot, `parsing took longer than ${ms / 1000} s (limit)`), ms);
  }

  private spawn(): void {
    const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb },
    });
    const slot: Slot = { worker, ready: false, job: null, rssAtStart: 0 };
    this.slots.push(slot);
    worker.on('message', (m: ParseReply | OcrStarted | { ready: true }) => {
      if ('ready' in m) {
        slot.ready = true;
        if (!slot.job) worker.unref();
      } else if ('ocr' in m) {
        if (slot.job?.id === m.id && this.limits.ocrTimeMs) this.setTimer(slot, this.limits.ocrTimeMs);
        return;
      } else if (slot.job?.id === m.id) this.finish(slot, m);
      this.dispatch();
    });
    worker.on('error', (e) => {
      const code = (e as { code?: string }).code;
      this.retire(
        slot,
        code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `parsing needed more than ${this.limits.heapMb} MB of memory (limit)`
          : `the parser failed: ${e.message}`,
      );
    });
    worker.on('exit', (code) => this.retire(slot, `the parser exited (code ${code})`));
  }

  private finish(slot: Slot, reply: ParseReply): void {
    const job = slot.job!;
    clearTimeout(slot.timer);
    slot.job = null;
    slot.worker.unref();
    if (!this.slots.some((s) => s.job)) this.stopWatching();
    job.done(reply);
  }

  /** Ends a worker over a limit; its file fails with the reason. */
  private kill(slot: Slot, reason: string): void {
    this.retire(slot, reason);
    void slot.worker.terminate();
  }

  /** Takes a worker out of the pool (once), failing its file, and starts a replacement if needed. */
  private retire(slot: Slot, reason: string): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    clearTimeout(slot.timer);
    // A worker that dies before it is ready (its limits are too small to load the parser) fails
    // the next file instead, or the pool would start workers for ever.
    const job = slot.job ?? (slot.ready ? undefined : this.queue.shift());
    slot.job = null;
    job?.done({ id: job.id, ok: false, error: reason });
    if (!this.slots.some((s) => s.job)) this.stopWatching();
    if (!this.closed) this.dispatch();
  }

  private startWatching(): void {
    this.watch ??= setInterval(() => {
      const rss = process.memoryUsage.rss();
      for (const slot of [...this.slots]) {
        if (slot.job && rss - slot.rssAtStart > this.limits.rssGrowthMb * 1048576) {
          this.kill(slot, `parsing needed more than ${this.limits.rssGrowthMb} MB of memory (limit)`);
        }
      }
    }, WATCH_MS);
    this.watch.unref();
  }

  private stopWatching(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
  }
}
