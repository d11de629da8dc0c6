import { readFileSync } from 'node:fs';
import { parseReport } from './pipeline.ts';
import { realOtherCases, REAL_OTHER_DIR } from './test-support/real-other.ts';
const f = process.argv[2]!;
const c = realOtherCases().find((x) => x.file === f)!;
const r = await parseReport(f, readFileSync(`${REAL_OTHER_DIR}/${f}`));
const got = new Map(r.cells.map((x) => [x.key, x.value]));
for (const [k, v] of Object.entries(c.cells)) if ((got.get(k) ?? null) !== v) console.log('MISS', k, 'want', v, 'got', got.get(k));
for (const x of r.validation.filter((v) => v.status === 'FAIL' && v.rule === 'unparsed').slice(0, 6)) console.log('FAIL', x.rule, x.message);
