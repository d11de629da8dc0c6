import mammoth from 'mammoth';
import { IngestError } from '../errors.ts';
import { htmlToText } from './html.ts';

/** Word documents go through mammoth's HTML (which keeps real tables and merged cells). */
export async function docxToText(buf: Uint8Array): Promise<string> {
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(buf) }));
  } catch (e) {
    throw new IngestError(`not a readable .docx file (${(e as Error).message.split('\n')[0]})`);
  }
  return htmlToText(html);
}
