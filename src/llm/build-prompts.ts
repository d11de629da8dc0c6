/**
 * Regenerates src/llm/prompts.ts from prompts/*.md (`npm run build:prompts`).
 *
 * The core runs on Cloudflare Workers too, where there is no file system and tsx has no `?raw`
 * imports, so the prompt files are bundled as string constants. This script is Node-only and is
 * never imported by the core; prompts.test.ts fails when prompts.ts is out of date.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const HEADER = '// generated from prompts/ by npm run build:prompts — do not edit; edit prompts/*.md and rerun.';

const HERE = dirname(fileURLToPath(import.meta.url));
export const PROMPTS_DIR = resolve(HERE, '../../prompts');
export const OUTPUT = join(HERE, 'prompts.ts');

/** `query-plan.v1` and the like: a kebab-case name and a version. */
const NAME = /^[a-z][a-z0-9-]*\.v\d+$/;

export interface PromptFile {
  /** File name without `.md`, e.g. "answer.v1". */
  name: string;
  text: string;
}

export function readPromptFiles(dir: string = PROMPTS_DIR): PromptFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ name: f.slice(0, -3), text: readFileSync(join(dir, f), 'utf8') }));
}

/** `answer.v1` → `ANSWER_V1`. */
export function constName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function templateLiteral(text: string): string {
  return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

/** The source of src/llm/prompts.ts for these files (deterministic: sorted, LF line ends). */
export function renderPromptsModule(files: PromptFile[]): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted) {
    if (!NAME.test(f.name)) throw new Error(`prompts/${f.name}.md: name must look like "query-plan.v1"`);
  }
  const consts = sorted.map(
    (f) =>
      `/** prompts/${f.name}.md */\nexport const ${constName(f.name)} = ${templateLiteral(f.text.replace(/\r\n?/g, '\n'))};\n`,
  );
  const record = sorted.map((f) => `  '${f.name}': ${constName(f.name)},`).join('\n');
  return [
    HEADER,
    '',
    ...consts,
    '/** Every prompt file by name (the file name without `.md`). */',
    'export const PROMPT_SOURCES: Readonly<Record<string, string>> = {',
    record,
    '};',
    '',
  ].join('\n');
}

export function buildPrompts(dir: string = PROMPTS_DIR, out: string = OUTPUT): string {
  const source = renderPromptsModule(readPromptFiles(dir));
  writeFileSync(out, source);
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = buildPrompts();
  console.log(`wrote ${out}`);
}
