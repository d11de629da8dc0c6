/** The WeCom AI bot's long connection on Node: the core's channel over a `ws` WebSocket. */
import WebSocket from 'ws';
import { type LongConnectionChannel, type LongConnectionDeps, startLongConnection } from '../../../wecom/aibot-long.ts';
import type { Dial } from '../../../wecom/long-connection.ts';

/** A socket that never opens counts as a failed attempt after this long. */
const HANDSHAKE_TIMEOUT_MS = 15_000;

export const dialWs: Dial = (url, on) => {
  const ws = new WebSocket(url, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
  let error: string | undefined;
  ws.on('open', () => on.open());
  ws.on('message', (data) => on.message(data.toString()));
  // 'error' is always followed by 'close'; its message says more than the close code.
  ws.on('error', (err) => (error = err.message));
  ws.on('close', (code, reason) =>
    on.closed(error ?? `closed by WeCom (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`),
  );
  return { send: (text) => ws.send(text), close: () => ws.terminate() };
};

export function startWecomLongConnection(deps: Omit<LongConnectionDeps, 'dial'>): LongConnectionChannel {
  return startLongConnection({ ...deps, dial: dialWs });
}
