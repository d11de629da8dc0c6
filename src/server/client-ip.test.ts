import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxies } from './client-ip.ts';

describe('clientAddress', () => {
  const proxies = new Set(trustedProxies('10.0.0.1, 10.0.0.2'));

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', proxies)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', '1.2.3.4', new Set())).toBe('203.0.113.9');
    expect(clientAddress(undefined, '1.2.3.4', new Set())).toBe('unknown');
  });

  it('takes the nearest untrusted hop when the peer is a trusted proxy', () => {
    expect(clientAddress('10.0.0.1', '198.51.100.7', proxies)).toBe('198.51.100.7');
    // A forged left-hand entry does not move the client away from what our proxy saw.
    expect(clientAddress('10.0.0.1', '1.1.1.1, 198.51.100.7, 10.0.0.2', proxies)).toBe('198.51.100.7');
    expect(clientAddress('::ffff:10.0.0.1', '198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.1', undefined, proxies)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '10.0.0.2', proxies)).toBe('10.0.0.2');
  });
});
