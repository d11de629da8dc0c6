/**
 * PDFs printed by headless Chromium from HTML report pages (Skia output, Kangxi-radical glyph
 * maps, centred cells: a producer unlike the WPS PDF the layout was built on), for tests and the
 * ingest benchmark. One browser prints them all.
 */
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
/** Table rules as a Word-exported page draws them. */
const STYLE = '<style>table{border-collapse:collapse}td{border:1px solid;padding:4px}</style>';

export const hasChromium = () => existsSync(CHROMIUM);

/** Each HTML page as an A4 PDF. */
export async function printPdfs(pages: string[]): Promise<Uint8Array[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    const out: Uint8Array[] = [];
    for (const html of pages) {
      await page.setContent(html.replace(/<head>/i, `<head>${STYLE}`));
      out.push(new Uint8Array(await page.pdf({ format: 'A4' })));
    }
    return out;
  } finally {
    await browser.close();
  }
}
