import { ask } from '../../qa/ask.ts';
import { dbPathFromEnv, openDatabase } from './db.ts';
import { createNodeDeps } from './deps.ts';

/** npm run ask -- [--db FILE] [--json] "问题" */
async function main(argv: string[]): Promise<number> {
  let dbFlag: string | undefined;
  let json = false;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--db') dbFlag = argv[++i];
    else if (argv[i] === '--json') json = true;
    else words.push(argv[i]!);
  }
  const question = words.join(' ').trim();
  if (!question) {
    console.error('usage: npm run ask -- [--db FILE] [--json] "问题"');
    return 2;
  }
  const db = openDatabase(dbPathFromEnv(dbFlag));
  const deps = await createNodeDeps(db);
  const answer = await ask(deps, question);
  if (json) console.log(JSON.stringify(answer, null, 2));
  else {
    console.log(answer.answer);
    if (answer.citations.length) {
      console.log('\n引用：');
      for (const c of answer.citations)
        console.log(`[${c.n}] 《${c.title}》${c.section}：「${c.quote.replace(/\s+/g, ' ')}」`);
    }
    if (answer.warnings?.length) console.log(`\n注意：\n${answer.warnings.map((w) => `- ${w}`).join('\n')}`);
    if (answer.sql) console.log(`\nSQL: ${answer.sql}\n参数: ${JSON.stringify(answer.params)}`);
    console.log(`\n(${answer.route}, ${answer.timings.totalMs} ms)`);
  }
  deps.close();
  db.close();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
