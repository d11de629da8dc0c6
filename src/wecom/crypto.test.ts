import { readFileSync } from 'node:fs';
import { decrypt as officialDecrypt, encrypt as officialEncrypt } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { aesKey, open, seal, signature } from './crypto.ts';
import { parseXml } from './xml.ts';

interface Signed {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}
interface VectorSet {
  id: string;
  format: 'xml' | 'json';
  token: string;
  encodingAESKey: string;
  receiveId: string;
  verifyUrl: Signed & { echostr: string; echostr_urlencoded?: string; expected_echo_plaintext: string };
  decryptMsg: Signed & { encrypt: string; postData?: string; expected_plaintext: string; random_hex: string };
  encryptReplyExample?: { plaintext: string };
}

const { sets } = JSON.parse(readFileSync(new URL('./fixtures/vectors.json', import.meta.url), 'utf8')) as {
  sets: VectorSet[];
};

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe.each(sets)('WeCom vector set $id', (v) => {
  const key = aesKey(v.encodingAESKey);

  it('URL verification: signature over echostr, echo plaintext, receive id, byte-identical re-encryption', () => {
    const u = v.verifyUrl;
    expect(signature(v.token, u.timestamp, u.nonce, u.echostr)).toBe(u.msg_signature);
    const opened = open(key, u.echostr);
    expect(opened.message).toBe(u.expected_echo_plaintext);
    expect(opened.receiveId).toBe(v.receiveId);
    expect(seal(key, opened.message, opened.receiveId, opened.random)).toBe(u.echostr);
    if (u.echostr_urlencoded) expect(decodeURIComponent(u.echostr_urlencoded)).toBe(u.echostr);
  });

  it('message: signature, plaintext, receive id, random prefix, byte-identical re-encryption', () => {
    const m = v.decryptMsg;
    expect(signature(v.token, m.timestamp, m.nonce, m.encrypt)).toBe(m.msg_signature);
    const opened = open(key, m.encrypt);
    expect(opened.message).toBe(m.expected_plaintext);
    expect(opened.receiveId).toBe(v.receiveId);
    expect(hex(opened.random)).toBe(m.random_hex);
    expect(seal(key, opened.message, opened.receiveId, opened.random)).toBe(m.encrypt);
  });

  it.runIf(v.decryptMsg.postData !== undefined)('the posted envelope carries the same ciphertext', () => {
    const post = v.decryptMsg.postData!;
    const encrypt = v.format === 'xml' ? parseXml(post)?.Encrypt : (JSON.parse(post) as { encrypt: string }).encrypt;
    expect(encrypt).toBe(v.decryptMsg.encrypt);
  });

  it.runIf(v.format === 'xml')('the decrypted XML keeps MsgId digit for digit', () => {
    const msgId = /<MsgId>(\d+)<\/MsgId>/.exec(v.decryptMsg.expected_plaintext)![1];
    expect(parseXml(v.decryptMsg.expected_plaintext)?.MsgId).toBe(msgId);
  });

  it('a fresh reply round-trips through our code and the official library', () => {
    const plaintext = v.encryptReplyExample?.plaintext ?? v.decryptMsg.expected_plaintext;
    const ours = seal(key, plaintext, v.receiveId);
    expect(officialDecrypt(v.encodingAESKey, ours)).toMatchObject({ message: plaintext, id: v.receiveId });
    const theirs = officialEncrypt(v.encodingAESKey, plaintext, v.receiveId);
    expect(open(key, theirs)).toMatchObject({ message: plaintext, receiveId: v.receiveId });
  });

  it('a tampered signature or ciphertext does not pass', () => {
    const m = v.decryptMsg;
    expect(signature(v.token, m.timestamp, m.nonce, `${m.encrypt.slice(0, -2)}A=`)).not.toBe(m.msg_signature);
    expect(signature(`${v.token}x`, m.timestamp, m.nonce, m.encrypt)).not.toBe(m.msg_signature);
    // Flipping a byte in the last block garbles the padding (or the receive id behind it).
    const bytes = Buffer.from(m.encrypt, 'base64');
    bytes[bytes.length - 20]! ^= 0xff;
    const tampered = bytes.toString('base64');
    let outcome: string;
    try {
      outcome = open(key, tampered).receiveId;
    } catch {
      outcome = 'rejected';
    }
    expect(outcome).not.toBe(v.receiveId);
    expect(() => open(key, m.encrypt.slice(4))).toThrow();
  });
});

it('refuses an EncodingAESKey that is not a 32-byte key', () => {
  expect(() => aesKey('tooshort')).toThrow(/EncodingAESKey/);
});

it('pads to 32-byte blocks, a full block of 32 when the plaintext is already aligned', () => {
  const key = aesKey(sets[0]!.encodingAESKey);
  // 16 random + 4 length + 12 message bytes = 32: one whole block of padding follows.
  const sealed = seal(key, 'x'.repeat(12), '', new Uint8Array(16));
  expect(Buffer.from(sealed, 'base64').length).toBe(64);
  expect(open(key, sealed).message).toBe('x'.repeat(12));
});
