/** The self-built app's XML: flat `<xml>` documents in, CDATA-wrapped replies out. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Sealed } from './channel.ts';

const parser = new XMLParser({
  // Values stay strings: MsgId exceeds 2^53 and would lose digits as a number.
  parseTagValue: false,
  // WeCom wraps text in CDATA; no entity (let alone a DTD-defined one) is ever expanded.
  processEntities: false,
  htmlEntities: false,
  // WeCom's deepest documents (SendPicsInfo > PicList > item) are five levels; a deeper one is hostile.
  maxNestedTags: 16,
});

/** The string children of the root `<xml>` element, or undefined when the text is not such a document. */
export function parseXml(text: string): Record<string, string> | undefined {
  // WeCom never sends a DTD; refusing one outright rules out entity tricks in the unsigned outer XML.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return undefined;
  let parsed: { xml?: unknown };
  try {
    // Parsed first: the parser gives up at the nesting limit, before the validator walks a deep document.
    parsed = parser.parse(text) as { xml?: unknown };
  } catch {
    return undefined;
  }
  if (XMLValidator.validate(text) !== true) return undefined;
  const root: unknown = parsed.xml;
  if (typeof root !== 'object' || root === null) return undefined;
  return Object.fromEntries(
    Object.entries(root).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** Wraps text in CDATA; a "]]>" inside is split across two sections so it cannot close the first. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export function textReplyXml(to: string, from: string, createTime: number, content: string): string {
  return (
    `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content></xml>`
  );
}

export function encryptedReplyXml(sealed: Sealed): string {
  return (
    `<xml><Encrypt>${cdata(sealed.encrypt)}</Encrypt><MsgSignature>${cdata(sealed.signature)}</MsgSignature>` +
    `<TimeStamp>${sealed.timestamp}</TimeStamp><Nonce>${cdata(sealed.nonce)}</Nonce></xml>`
  );
}
