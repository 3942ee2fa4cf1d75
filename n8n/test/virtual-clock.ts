/**
 * A clock for runs whose waits would take minutes: `Date.now()` reads real time plus an offset, and a wait
 * with n8n's `sleep` moves the offset forward instead of waiting. The sandbox in the same process counts its
 * rate-limit windows with `Date.now()` too, so the node's pacing and the API's windows share one clock. A test
 * file puts it in place of n8n-workflow's `sleep` with
 *
 *   jest.mock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), sleep: (ms, signal) => require('./virtual-clock').virtualClock.sleep(ms, signal) }));
 */
export class VirtualClock {
  /** How far the clock is ahead of real time. */
  private offsetMs = 0;
  private readonly realNow = Date.now;

  /** Makes `Date.now()` read this clock (replaced by hand: a Jest spy would keep every one of its many calls). */
  install(): void {
    Date.now = () => this.realNow.call(Date) + this.offsetMs;
  }

  uninstall(): void {
    Date.now = this.realNow;
  }

  /** n8n's `sleep` on this clock: the time passes at once; an aborted signal rejects with its reason, as n8n's does. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.offsetMs += Math.max(0, ms);
    // Let what the wait would have let happen meanwhile (answers arriving, a cancel) run first.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export const virtualClock = new VirtualClock();
