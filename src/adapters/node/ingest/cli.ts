import { SingleBar } from 'cli-progress';
import { dbPathFromEnv, openDatabase } from '../db.ts';
import { indexingFromEnv } from '../indexing.ts';
import { dbSummary } from '../report-writer.ts';
import { closeParsers, ingestFiles, listReportFiles } from './ingest-files.ts';

/** npm run ingest -- [--db FILE] PATH... */
async function main(argv: string[]): Promise<number> {
  let dbFlag: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--db') dbFlag = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log(
        'usage: npm run ingest -- [--db FILE] PATH...   (files or folders; default DB data/reports.db or $DB_PATH)',
      );
      return 0;
    } else paths.push(argv[i]!);
  }
  if (paths.length === 0) {
    console.error('ingest: give at least one file or folder');
    return 2;
  }
  let files: string[];
  try {
    files = listReportFiles(paths);
  } catch (e) {
    console.error(`ingest: ${(e as Error).message}`);
    return 2;
  }
  const db = openDatabase(dbPathFromEnv(dbFlag));
  const tty = Boolean(process.stdout.isTTY);
  const bar = tty ? new SingleBar({ format: '{bar} {value}/{total} {file}', hideCursor: true }) : null;
  bar?.start(files.length, 0, { file: '' });
  const lines: string[] = [];
  // Ctrl-C or SIGTERM stops after the files already parsed, which are committed; a line is
  // printed for a file only once its report is committed. (`npm run ingest` runs node with tsx's
  // loader rather than the tsx CLI, which SIGKILLs its child unless the child's event loop
  // answers a signal within ~60 ms, too short on a busy machine.)
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) console.error(`\n${signal}: stopping after the files in hand…`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const results = await ingestFiles(
    db,
    files,
    await indexingFromEnv(),
    (r, i) => {
      const line =
        r.outcome === 'error'
          ? `ERROR ${r.path}: ${r.error}`
          : `${r.outcome} ${r.path} (${r.cells} cells, ${r.failed} failed rules${r.warnings.length ? `; ${r.warnings.length} warnings` : ''})${r.replaced ? ` in place of ${r.replaced}` : ''}`;
      if (bar) {
        bar.update(i + 1, { file: r.path.slice(-40) });
        if (r.outcome === 'error' || r.outcome === 'replaced') lines.push(line);
      } else console.log(line);
    },
    stop.signal,
  );
  await closeParsers();
  bar?.stop();
  for (const l of lines) console.log(l);
  const s = dbSummary(db);
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  const errors = count('error');
  console.log(
    `summary: ${stop.signal.aborted ? `stopped after ${results.length} of ${files.length}` : files.length} files — stored ${count('added')} added, ${count('replaced')} replaced, ${count('unchanged')} unchanged; ${errors} failed; database: ${s.reports} reports, ${s.cells} cells, ${s.failed} failed rules`,
  );
  db.close();
  if (stop.signal.aborted) return 130;
  return errors > 0 && errors === files.length ? 1 : 0;
}

// Exits at once: the database is closed, and parse workers need not wind down.
process.exit(await main(process.argv.slice(2)));
