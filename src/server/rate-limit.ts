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

  /**
   * Counts one request of the client: 0 when it may go ahead, else the whole seconds until its
   * window ends (for Retry-After). A limit of 0 means no limit.
   */
  take(client: string): number {
    if (this.perMinute <= 0) return 0;
    const t = this.now();
    const w = this.windows.get(client);
    if (!w || t - w.start >= 60_000) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(client, { start: t, count: 1 });
      return 0;
    }
    w.count++;
    return w.count <= this.perMinute ? 0 : Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000));
  }
}
