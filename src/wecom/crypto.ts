/**
 * WeCom callback crypto (企业微信「加解密方案」): the SHA-1 message signature and the
 * AES-256-CBC envelope shared by the self-built app and the AI bot.
 * Pure Uint8Array code so it runs on Node and on Workers alike.
 */
import { cbc } from '@noble/ciphers/aes.js';
import { bytesToHex, concatBytes, equalBytes, randomBytes, utf8ToBytes } from '@noble/ciphers/utils.js';
import { sha1 } from '@noble/hashes/legacy.js';

/** WeCom pads to 32-byte blocks, not AES's 16, so the library's own PKCS#7 layer cannot be used. */
const PAD_BLOCK = 32;

export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return bytesToHex(sha1(utf8ToBytes([token, timestamp, nonce, encrypt].sort().join(''))));
}

/** Constant-time, so a forger learns nothing from how long a wrong signature took to reject. */
export function signatureMatches(expected: string, given: string): boolean {
  return equalBytes(utf8ToBytes(expected), utf8ToBytes(given));
}

/** The AES key is base64(EncodingAESKey + "="); its first 16 bytes double as the IV. */
export function aesKey(encodingAESKey: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAESKey)) {
    throw new Error('EncodingAESKey must be 43 base64 characters (a 32-byte key)');
  }
  return fromBase64(`${encodingAESKey}=`);
}

export interface Opened {
  /** The 16 random bytes WeCom prefixed; kept so a message can be re-sealed byte for byte. */
  random: Uint8Array;
  message: string;
  receiveId: string;
}

/** Decrypts `random(16) · length(4, big-endian) · message · receiveId`; throws on any malformed part. */
export function open(key: Uint8Array, encrypt: string): Opened {
  const cipherText = fromBase64(encrypt);
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) throw new Error('ciphertext is not whole AES blocks');
  const padded = cbc(key, key.subarray(0, 16), { disablePadding: true }).decrypt(cipherText);
  const plain = unpad(padded);
  if (plain.length < 20) throw new Error('plaintext too short');
  const length = new DataView(plain.buffer, plain.byteOffset).getUint32(16);
  if (20 + length > plain.length) throw new Error('message length exceeds plaintext');
  const text = new TextDecoder('utf-8', { fatal: true });
  return {
    random: plain.slice(0, 16),
    message: text.decode(plain.subarray(20, 20 + length)),
    receiveId: text.decode(plain.subarray(20 + length)),
  };
}

/** Encrypts in the layout `open` reads; `random` is only passed to reproduce a known ciphertext. */
export function seal(
  key: Uint8Array,
  message: string,
  receiveId: string,
  random: Uint8Array = randomBytes(16),
): string {
  const body = utf8ToBytes(message);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, body.length);
  const plain = pad(concatBytes(random, length, body, utf8ToBytes(receiveId)));
  return toBase64(cbc(key, key.subarray(0, 16), { disablePadding: true }).encrypt(plain));
}

function pad(data: Uint8Array): Uint8Array {
  const n = PAD_BLOCK - (data.length % PAD_BLOCK);
  return concatBytes(data, new Uint8Array(n).fill(n));
}

function unpad(data: Uint8Array): Uint8Array {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > PAD_BLOCK || n > data.length) throw new Error('bad padding');
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) throw new Error('bad padding');
  return data.subarray(0, data.length - n);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: String.fromCharCode(...all) overflows the argument limit on large replies.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** 16 random hex digits: the nonce of our replies, the id of an AI-bot stream. */
export function randomId(): string {
  return bytesToHex(randomBytes(8));
}
