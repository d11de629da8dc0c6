import { dbPathFromEnv, openDatabase } from './db.ts';
import { exportReports } from './export.ts';

/** npm run export -- [--db FILE] --json */
const argv = process.argv.slice(2);
const at = argv.indexOf('--db');
if (!argv.includes('--json')) {
  console.error('usage: npm run export -- [--db FILE] --json');
  process.exitCode = 2;
} else {
  const db = openDatabase(dbPathFromEnv(at >= 0 ? argv[at + 1] : undefined), { readonly: true });
  process.stdout.write(`${JSON.stringify(exportReports(db), null, 1)}\n`);
  db.close();
}
