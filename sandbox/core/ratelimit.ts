/**
 * Fixed-window counters. Hand-written rather than @fastify/rate-limit because Serebro needs two
 * windows at once (burst and UTC day) and its own five headers without `Retry-After`, which that
 * plugin cannot express; Sergio and Cerbo use the same counters with `Retry-After`.
 */
export interface WindowState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until this window resets. */
  resetInMs: number;
}

export class FixedWindow {
  private readonly counts = new Map<string, { start: number; used: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly windowStart: (now: number) => number = (now) => now - (now % windowMs),
  ) {}

  take(key: string, now = Date.now()): WindowState {
    const start = this.windowStart(now);
    let entry = this.counts.get(key);
    if (!entry || entry.start !== start) {
      entry = { start, used: 0 };
      this.counts.set(key, entry);
    }
    const allowed = entry.used < this.limit;
    if (allowed) entry.used += 1;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - entry.used),
      resetInMs: start + this.windowMs - now,
    };
  }

  /** Uses up the window, as a 429 storm does. */
  exhaust(key: string, now = Date.now()): void {
    this.counts.set(key, { start: this.windowStart(now), used: this.limit });
  }

  reset(): void {
    this.counts.clear();
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A window aligned on UTC midnight. */
export function utcDayWindow(limit: number): FixedWindow {
  return new FixedWindow(limit, DAY_MS, (now) => now - (now % DAY_MS));
}

/** A published limit multiplied by the sandbox's `rateLimitScale`: rounded, and never below one request. */
export function scaledLimit(limit: number, scale: number): number {
  return Math.max(1, Math.round(limit * scale));
}

export function retryAfterSeconds(state: WindowState): string {
  return String(Math.max(1, Math.ceil(state.resetInMs / 1000)));
}
