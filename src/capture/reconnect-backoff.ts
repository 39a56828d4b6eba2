/**
 * How long the panel waits before it connects to the background again. The first retry is
 * quick (a Chromium service worker that was stopped starts again for the connection), each
 * failed one doubles the wait up to a cap, so that a background that cannot start (extension
 * reloaded, context gone) is not hammered; a connection that proved itself (it delivered a
 * message) starts the sequence over. Pure: no clock, no timers.
 */

export interface BackoffPolicy {
  /** The first wait, ms. */
  readonly firstMs: number;
  /** No wait is longer, ms. */
  readonly capMs: number;
}

export const PANEL_RECONNECT: BackoffPolicy = { firstMs: 100, capMs: 5_000 };

export class ReconnectBackoff {
  private failures = 0;

  constructor(private readonly policy: BackoffPolicy = PANEL_RECONNECT) {}

  /** The wait before the next attempt; each call counts one more lost connection. */
  next(): number {
    // Past 2^16 × firstMs the cap has long been reached: stop doubling before the number grows useless.
    const delay = Math.min(this.policy.capMs, this.policy.firstMs * 2 ** Math.min(this.failures, 16));
    this.failures++;
    return delay;
  }

  /** The connection worked: the next loss waits the first delay again. */
  reset(): void {
    this.failures = 0;
  }
}
