import { IngestError } from '../errors.ts';
import { htmlToText } from './html.ts';
import { LIMITS } from './limits.ts';
import { checkZip } from './zip-limits.ts';

/** Word documents go through mammoth's HTML (which keeps real tables and merged cells). */
export async function docxToText(buf: Uint8Array): Promise<string> {
  checkZip(buf);
  // Loaded on first use, like pdf.js. Images are not read: their text is not in the text layer,
  // and mammoth would inline them as base64.
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml(
      { buffer: Buffer.from(buf) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    ));
  } catch (e) {
    throw new IngestError(`not a readable .docx file (${(e as Error).message.split('\n')[0]})`);
  }
  if (html.length > LIMITS.textChars * 4)
    throw new IngestError(`.docx converts to ${html.length} characters of HTML (limit ${LIMITS.textChars * 4})`);
  return htmlToText(html);
}
