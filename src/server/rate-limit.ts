/**
 * A per-client fixed-window rate limit kept in memory (one process or one Workers isolate;
 * a shared limit across machines needs a shared store).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** True when the client may make one more request now. A limit of 0 means no limit. */
  allow(client: string): boolean {
    if (this.perMinute <= 0) return true;
    const t = this.now();
    const w = this.windows.get(client);
    if (!w || t - w.start >= 60_000) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(client, { start: t, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.perMinute;
  }
}
