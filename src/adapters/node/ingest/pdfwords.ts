/**
 * pdftotext's words from long-lived processes (pdfwords.cc, poppler's C++ library): pdftotext
 * starts a process and links poppler for every PDF, about 10 ms of its 25–35 ms on a report. The
 * helper is compiled on first use into node_modules/.cache (needs a C++ compiler and Debian's
 * libpoppler-cpp-dev); where it cannot be built or dies on a file, the caller falls back to
 * pdftotext. Each process reads one file at a time; a caller with a job running gets another,
 * and two idle ones are kept.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { threadId } from 'node:worker_threads';
import { IngestError } from '../../../../ingest/errors.ts';
import type { PdftotextLimits } from './pdftotext-shell.ts';
import { processCpuSeconds } from '../proc-cpu.ts';

const SOURCE = join(import.meta.dirname, 'pdfwords.cc');
const CACHE = join(import.meta.dirname, '..', '..', '..', '..', 'node_modules', '.cache', 'pdfwords');
/** Address space of one helper: poppler needs a few hundred MB for the largest real report. */
const MEMORY_KB = 2 * 1024 * 1024;
const IDLE_KEPT = 2;
/**
 * glibc's per-thread cache of freed small blocks, as large as it goes: poppler allocates and frees
 * an object for every token of a page's fonts and content, which the default cache (7 blocks a
 * size) sends to the slower shared lists; a tenth of the helper's time, for 3 MB more memory.
 */
const TUNABLES = [process.env.GLIBC_TUNABLES, 'glibc.malloc.tcache_count=65535'].filter(Boolean).join(':');
const BUILD_MS = 120_000;

/** The file poppler itself cannot open: no other poppler reader will do better. */
export class UnreadablePdf extends Error {}

let built: Promise<string | null> | undefined;
let ready: string | null = null;

/**
 * The helper's path once compiled (null where it cannot be built: no compiler or headers). The
 * build runs once per source version; a file read while it runs goes to pdftotext, so no file
 * waits for a compiler.
 */
export function buildPdfwords(): Promise<string | null> {
  built ??= (async () => {
    const source = readFileSync(SOURCE);
    const bin = join(CACHE, createHash('sha256').update(source).digest('hex').slice(0, 16), 'pdfwords');
    if (!existsSync(bin)) {
      try {
        mkdirSync(join(bin, '..'), { recursive: true });
        // Built under a name of its own and renamed: parse workers may build it at the same time.
        const tmp = `${bin}.${process.pid}.${threadId}`;
        await new Promise<void>((resolve, reject) =>
          execFile(
            'sh',
            [
              '-c',
              'c++ -O2 -o "$1" "$2" $(pkg-config --cflags --libs poppler-cpp) && mv "$1" "$3"',
              'sh',
              tmp,
              SOURCE,
              bin,
            ],
            { timeout: BUILD_MS },
            (err) => (err ? reject(err) : resolve()),
          ),
        );
      } catch {
        return null;
      }
    }
    ready = bin;
    return bin;
  })();
  return built;
}

class Helper {
  private readonly child: ChildProcess;
  private chunks: Buffer[] = [];
  private bytes = 0;
  private waiting: (() => void) | null = null;
  dead: Error | null = null;

  constructor(bin: string) {
    this.child = spawn('sh', ['-c', `ulimit -v ${MEMORY_KB} && exec "$1"`, 'sh', bin], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, GLIBC_TUNABLES: TUNABLES },
    });
    this.child.stdout!.on('data', (d: Buffer) => {
      this.chunks.push(d);
      this.bytes += d.length;
      this.waiting?.();
    });
    const die = (e: Error) => {
      this.dead ??= e;
      this.waiting?.();
    };
    this.child.on('error', die);
    this.child.on('exit', (code, signal) => die(new Error(`pdfwords exited (${signal ?? code})`)));
    this.child.stdin!.on('error', die);
    this.idle(true);
  }

  /** An idle helper must not keep the process alive. */
  idle(on: boolean) {
    for (const h of [this.child, this.child.stdin as Socket, this.child.stdout as Socket]) on ? h.unref() : h.ref();
  }

  /** The k-th byte of the output so far from its end (1 for the last), or -1. */
  private fromEnd(k: number): number {
    for (let i = this.chunks.length - 1; i >= 0; i--) {
      const c = this.chunks[i]!;
      if (k <= c.length) return c[c.length - k]!;
      k -= c.length;
    }
    return -1;
  }

  /** Whether the output so far is one whole reply: the rows and a line "E", or "X" and a reason. */
  private complete(): boolean {
    if (this.fromEnd(1) !== 0x0a) return false;
    return this.chunks[0]![0] === 0x58 || (this.fromEnd(2) === 0x45 && this.fromEnd(3) === 0x0a);
  }

  /** The TSV of one PDF; an IngestError over a limit (the helper is then closed). */
  async run(pdf: Uint8Array, limits: PdftotextLimits): Promise<string> {
    this.chunks = [];
    this.bytes = 0;
    this.child.stdin!.write(`${pdf.length} ${limits.lastPage}\n`);
    this.child.stdin!.write(pdf);
    const deadline = Date.now() + limits.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      while (!this.complete()) {
        if (this.dead) throw this.dead;
        if (this.bytes > limits.maxBytes) {
          this.close();
          throw new IngestError(`pdftotext output more than ${limits.maxBytes} bytes (limit)`);
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          this.close();
          throw new IngestError(`pdftotext took longer than ${limits.timeoutMs / 1000} s (limit)`);
        }
        await new Promise<void>((resolve) => {
          this.waiting = resolve;
          timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
        this.waiting = null;
      }
    } finally {
      clearTimeout(timer);
    }
    const out = Buffer.concat(this.chunks).toString('utf8');
    this.chunks = [];
    if (out.startsWith('X\t')) throw new UnreadablePdf(`not a readable PDF (poppler: ${out.slice(2).trim()})`);
    return out;
  }

  close() {
    this.dead ??= new Error('pdfwords closed');
    this.child.kill('SIGKILL');
  }

  /** CPU seconds of the helper (Linux /proc; 0 elsewhere). */
  cpuSeconds(): number {
    return processCpuSeconds(this.child.pid);
  }
}

const idle: Helper[] = [];
const live = new Set<Helper>();
process.on('exit', () => {
  for (const h of live) h.close();
});

/**
 * `pdftotext -tsv`'s page and word rows for a PDF, by a warm helper; null while the helper is not
 * built. Fails with an IngestError over a limit, an UnreadablePdf for a file poppler cannot open,
 * and a plain Error if the helper died on the file.
 */
export async function pdfwordsTsv(pdf: Uint8Array, limits: PdftotextLimits): Promise<string | null> {
  void buildPdfwords();
  const bin = ready;
  if (!bin) return null;
  let found = idle.pop();
  while (found?.dead) {
    live.delete(found);
    found = idle.pop();
  }
  const helper = found ?? new Helper(bin);
  live.add(helper);
  helper.idle(false);
  const release = (keep: boolean) => {
    if (keep && !helper.dead && idle.length < IDLE_KEPT) {
      helper.idle(true);
      idle.push(helper);
    } else {
      live.delete(helper);
      helper.close();
    }
  };
  try {
    const tsv = await helper.run(pdf, limits);
    release(true);
    return tsv;
  } catch (e) {
    // A file poppler cannot open leaves the helper as it was; anything else may not have.
    release(e instanceof UnreadablePdf);
    throw e;
  }
}

/** CPU seconds of the helpers now alive (a benchmark's accounting). */
export function pdfwordsCpuSeconds(): number {
  return [...live].reduce((s, h) => s + h.cpuSeconds(), 0);
}
