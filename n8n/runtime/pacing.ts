import { sleep, type INodeProperties } from 'n8n-workflow';

/*
 * Pacing a node's requests under its API's rate limits. n8n hands one execution of a node every input item
 * at once (a workflow that read 1,000 rows creates 1,000 contacts in one execution), and a node that sent
 * them as fast as it could would meet a 429 after each window's allowance. The node's credential holds each
 * limit as a field (its default is the API's published limit), and every request of the execution waits
 * for its turn under the limits that count it.
 */

/** A request as an API's counting rule reads it. */
export interface PacedRequest {
  method: string;
  /** The URL's path: `/zapier/v1/actions/create-customer`. */
  path: string;
}

/**
 * One published rate limit of an API, as a node paces its requests under it: the credential field that holds
 * the limit (a number field, its default the published limit), the window it is counted over, and which
 * requests the API counts against it.
 */
export interface RateLimit {
  field: INodeProperties & { type: 'number'; default: number };
  windowMs: number;
  counts: (request: PacedRequest) => boolean;
}

/** What the pacer reads the time from and waits with: n8n's clock and `sleep`, or a test's. */
export interface PacerClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const N8N_CLOCK: PacerClock = { now: () => Date.now(), sleep: (ms, signal) => sleep(ms, signal) };

/**
 * How often a request rechecks its turn while the window is full of requests still under way (their answers,
 * from which their window is counted, not back yet). Requests of one execution go one at a time, so this
 * happens only when an operation sends several at once.
 */
const RECHECK_MS = 50;

/** One limit's window as the pacer keeps it. */
interface Window {
  limit: number;
  windowMs: number;
  counts: RateLimit['counts'];
  /**
   * When each request counted in the last window got its answer (`Infinity` while it is under way). The API
   * counted it on arrival, which is no later than that, so a request sent a window after it can never share an
   * API window with it, whatever the API's windows are (fixed or sliding) and however long requests travel.
   */
  answered: { at: number }[];
  /** Until when the API asked this node to wait (a 429). */
  heldUntil: number;
}

/** A request's turn: how long it waited for it, and `answered()` to call once the request is over, answered or not. */
export interface Turn {
  waitedMs: number;
  answered: () => void;
}

/**
 * Paces the requests of one node execution under limits of the form "at most `limit` requests in any
 * `windowMs`": a request is sent only when fewer than `limit` of the requests its limit counts were answered
 * within the last window (or are under way), and not while the API asked to wait.
 */
export class RequestPacer {
  private readonly windows: Window[];

  constructor(
    limits: readonly { limit: number; windowMs: number; counts: RateLimit['counts'] }[],
    private readonly clock: PacerClock = N8N_CLOCK,
  ) {
    this.windows = limits.map(({ limit, windowMs, counts }) => ({ limit, windowMs, counts, answered: [], heldUntil: 0 }));
  }

  /** How long, from `now`, until `window` lets one more request through. */
  private waitFor(window: Window, now: number): number {
    window.answered = window.answered.filter(({ at }) => at + window.windowMs > now);
    let wait = window.heldUntil - now;
    if (window.answered.length >= window.limit) {
      // The request that must leave the window first for one more to fit: the (n - limit + 1)th oldest answer.
      const oldest = window.answered.map(({ at }) => at).sort((a, b) => a - b)[window.answered.length - window.limit];
      wait = Math.max(wait, oldest === Infinity ? RECHECK_MS : oldest + window.windowMs - now);
    }
    return wait;
  }

  /** Waits until `request` may be sent under every limit that counts it (n8n's cancel signal ends the wait), and counts it. */
  async turn(request: PacedRequest, signal?: AbortSignal): Promise<Turn> {
    const windows = this.windows.filter((window) => window.counts(request));
    const started = this.clock.now();
    for (;;) {
      const now = this.clock.now();
      const wait = Math.max(0, ...windows.map((window) => this.waitFor(window, now)));
      if (wait <= 0) break;
      await this.clock.sleep(wait, signal);
    }
    const slot = { at: Infinity };
    for (const window of windows) window.answered.push(slot);
    return {
      waitedMs: this.clock.now() - started,
      answered: () => {
        slot.at = this.clock.now();
      },
    };
  }

  /** The API answered `request` with a 429 asking to wait `ms`: nothing its limits count is sent before then. */
  holdFor(request: PacedRequest, ms: number): void {
    const until = this.clock.now() + ms;
    for (const window of this.windows) {
      if (window.counts(request)) window.heldUntil = Math.max(window.heldUntil, until);
    }
  }
}

/**
 * The limit a credential's field gives: a whole number of 1 or more (a fraction is rounded down); the field's
 * default (the published limit) when the credential has no value for it. Undefined for anything else.
 */
export function limitOf(rateLimit: RateLimit, credentials: Record<string, unknown>): number | undefined {
  const value = credentials[rateLimit.field.name];
  if (value === undefined || value === null || value === '') return rateLimit.field.default;
  const limit = Math.floor(Number(value));
  return Number.isFinite(limit) && limit >= 1 ? limit : undefined;
}
