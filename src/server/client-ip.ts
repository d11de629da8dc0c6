/**
 * The client a request is counted against. X-Forwarded-For is believed only when the peer is a
 * trusted proxy: then the client is the nearest hop that is not one of ours (a client can put
 * anything at the left of the header, but not past our proxies). Anyone else gets their own address.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: ReadonlySet<string>,
): string {
  const self = normalise(peer ?? '') || 'unknown';
  if (!trusted.has(self) || !forwardedFor) return self;
  const hops = forwardedFor
    .split(',')
    .map((h) => normalise(h.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return hops[0] ?? self;
}

/** TRUSTED_PROXIES: comma-separated addresses. */
export function trustedProxies(setting: string | undefined): string[] {
  return (setting ?? '')
    .split(',')
    .map((a) => normalise(a.trim()))
    .filter(Boolean);
}

/** An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d; it is the same client. */
function normalise(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}
