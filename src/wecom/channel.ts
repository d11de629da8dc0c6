/**
 * One WeCom callback channel (the self-built app's, or the AI bot's): checks that a request
 * really comes from WeCom and is recent, opens its envelope, and seals our replies.
 */
import type { Context as HonoContext } from 'hono';
import { errorText } from './bot.ts';
import { aesKey, open, randomId, seal, signature, signatureMatches } from './crypto.ts';

/** A request refused with an HTTP status; the routes' error handler turns it into a response. */
export class Rejection extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** WeCom stamps each callback with the current time; anything older is a replay. */
const MAX_AGE_SECONDS = 600;

export interface Sealed {
  encrypt: string;
  signature: string;
  timestamp: number;
  nonce: string;
}

export class Channel {
  readonly #key: Uint8Array;

  /** Throws when the EncodingAESKey is not a 32-byte key, so misconfiguration shows at start-up. */
  constructor(
    private readonly token: string,
    encodingAESKey: string,
    /** The corp id for the self-built app; "" for the AI bot. */
    private readonly receiveId: string,
    private readonly now: () => number,
  ) {
    this.#key = aesKey(encodingAESKey);
  }

  /** Verifies freshness and signature before decrypting, then the receive id; returns the plaintext. */
  open(query: Record<string, string>, encrypt: string): string {
    const { msg_signature: given, timestamp, nonce: once } = query;
    if (!given || !timestamp || !once) throw new Rejection(400, 'missing msg_signature, timestamp or nonce');
    const age = this.now() / 1000 - Number(timestamp);
    if (!(Math.abs(age) <= MAX_AGE_SECONDS)) throw new Rejection(403, `stale timestamp ${timestamp}`);
    if (!signatureMatches(signature(this.token, timestamp, once, encrypt), given)) {
      throw new Rejection(401, 'signature mismatch');
    }
    let opened: ReturnType<typeof open>;
    try {
      opened = open(this.#key, encrypt);
    } catch (err) {
      throw new Rejection(400, `undecryptable message: ${errorText(err)}`);
    }
    if (opened.receiveId !== this.receiveId) {
      throw new Rejection(403, `message for receive id "${opened.receiveId}", not this one`);
    }
    return opened.message;
  }

  seal(message: string): Sealed {
    const encrypt = seal(this.#key, message, this.receiveId);
    const timestamp = Math.floor(this.now() / 1000);
    const once = randomId();
    return { encrypt, signature: signature(this.token, String(timestamp), once, encrypt), timestamp, nonce: once };
  }

  /** GET URL verification: WeCom checks that we can decrypt `echostr` and echo it back verbatim. */
  verifyUrl = (c: HonoContext): Response => {
    const query = c.req.query();
    if (!query.echostr) throw new Rejection(400, 'missing echostr');
    return c.text(this.open(query, query.echostr));
  };
}
