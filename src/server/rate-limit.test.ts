import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows the limit per window and then says how long until the window ends', () => {
    let t = 1_000_000;
    const limiter = new RateLimiter(2, () => t);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    t += 15_500;
    expect(limiter.take('a')).toBe(45);
    expect(limiter.take('b')).toBe(0);
    t += 44_500;
    expect(limiter.take('a')).toBe(0);
  });

  it('never limits with a limit of 0', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(limiter.take('a')).toBe(0);
  });
});
