/**
 * What the panel received from the background, by the background's own numbering, so that a
 * restart of the background (an MV3 service worker is stopped and started again at the
 * browser's will) loses nothing silently. Each start of the background has a boot id; each
 * exchange it observed for a tab has a sequence number in that boot (1, 2, …). The panel:
 * - drops what it already has (a replay of the background's buffer after a reconnect repeats
 *   what was delivered live);
 * - counts the numbers it never received: exchanges the background observed but could not
 *   deliver. Of the boot the panel first met, what came before its first delivery is history
 *   from before the panel opened, not a loss; of every later boot, all of it counts from 1;
 * - counts the requests a stopped boot reported as started whose exchange never came: a worker
 *   being stopped loses what it posts in its last moments (measured in Chromium 156: 6 of 500
 *   exchanges in one run), which no numbering of a dead boot can show. Their request headers,
 *   kept here, go back into the exchange when the next boot completes the request.
 * Pure: no clock, no browser API; the boot's start time is data from the background.
 */

export interface BackgroundBoot {
  /** Unique per start of the background. */
  readonly id: string;
  /** When that start happened, ms since the epoch (the browser's clock). */
  readonly startedAt: number;
}

/** Numbers received out of order are remembered up to this many per boot; beyond, the holes count as lost for good. */
const MAX_AHEAD = 10_000;

class BootLedger {
  /** Every number up to this one was received (or given up as lost). */
  private upTo: number;
  /** Numbers received beyond `upTo`. */
  private readonly ahead = new Set<number>();
  private highest: number;
  /** Holes given up on to bound `ahead`. */
  private lost = 0;

  constructor(floor: number) {
    this.upTo = floor - 1;
    this.highest = floor - 1;
  }

  /** False when `seq` was already received. */
  take(seq: number): boolean {
    if (seq <= this.upTo || this.ahead.has(seq)) return false;
    this.ahead.add(seq);
    if (seq > this.highest) this.highest = seq;
    while (this.ahead.delete(this.upTo + 1)) this.upTo++;
    if (this.ahead.size > MAX_AHEAD) this.giveUp();
    return true;
  }

  private giveUp(): void {
    const lowest = Math.min(...this.ahead);
    this.lost += lowest - this.upTo - 1;
    this.upTo = lowest - 1;
    while (this.ahead.delete(this.upTo + 1)) this.upTo++;
  }

  get missing(): number {
    return this.lost + (this.highest - this.upTo - this.ahead.size);
  }
}

export interface DeliveryGap {
  /** Exchanges the background observed for the tab, or requests it saw start, that never reached the panel. */
  readonly missing: number;
  /** When the background last restarted (its new boot's start), ms since the epoch. */
  readonly restartedAt?: number;
}

/** Requests seen to start and not yet delivered, at most (the oldest are forgotten first). */
const MAX_STARTED = 5_000;

/** What the panel does with one delivered exchange: keep it if fresh, with what its start left. */
export interface Delivered<T> {
  readonly fresh: boolean;
  /** What the background sent when the request started (its request headers), if it did. */
  readonly started?: T;
}

/**
 * `T`: what the background sends when a request starts (its request headers), held here until
 * the request's exchange arrives: a background restarted meanwhile completes the exchange
 * without them, and a request whose start came from a stopped background and whose exchange
 * never came is counted as missing.
 */
export class DeliveryLedger<T = unknown> {
  private readonly boots = new Map<string, BootLedger>();
  private readonly startedAt = new Map<string, number>();
  private firstBoot: string | undefined;
  private current: BackgroundBoot | undefined;
  private readonly started = new Map<string, { readonly boot: string; readonly piece: T }>();
  /** Numbering gaps from before the list was last cleared: no longer the list's concern. */
  private forgotten = 0;

  private meet(boot: BackgroundBoot): void {
    if (this.startedAt.has(boot.id)) return;
    this.startedAt.set(boot.id, boot.startedAt);
    this.firstBoot ??= boot.id;
    if (this.current === undefined || boot.startedAt >= this.current.startedAt) this.current = boot;
  }

  /** A request of the tab started in `boot` (its request headers went out). */
  start(boot: BackgroundBoot, requestId: string, piece: T): void {
    this.meet(boot);
    this.started.delete(requestId);
    this.started.set(requestId, { boot: boot.id, piece });
    if (this.started.size > MAX_STARTED) {
      const oldest = this.started.keys().next().value;
      if (oldest !== undefined) this.started.delete(oldest);
    }
  }

  /**
   * One delivery: the exchanges numbered `first`, `first + 1`, … in `boot`, of the requests
   * `requestIds` (the browser's ids, which outlive a restart of the background).
   */
  accept(boot: BackgroundBoot, first: number, requestIds: readonly string[]): Delivered<T>[] {
    const isFirst = this.firstBoot === undefined || this.firstBoot === boot.id;
    this.meet(boot);
    let ledger = this.boots.get(boot.id);
    if (!ledger) {
      // Of the boot the panel first met, what came before is history from before the panel opened.
      ledger = new BootLedger(isFirst ? first : 1);
      this.boots.set(boot.id, ledger);
    }
    return requestIds.map((requestId, k) => {
      const fresh = ledger.take(first + k);
      const s = this.started.get(requestId);
      this.started.delete(requestId);
      return s === undefined ? { fresh } : { fresh, started: s.piece };
    });
  }

  private numberingGaps(): number {
    let n = 0;
    for (const b of this.boots.values()) n += b.missing;
    return n;
  }

  /** Requests that started in a background since stopped and never arrived. */
  private orphans(): number {
    let n = 0;
    for (const s of this.started.values()) if (s.boot !== this.current?.id) n++;
    return n;
  }

  get gap(): DeliveryGap {
    const missing = this.numberingGaps() - this.forgotten + this.orphans();
    const restarted = this.current !== undefined && this.current.id !== this.firstBoot;
    return restarted ? { missing, restartedAt: this.current!.startedAt } : { missing };
  }

  /** The list was cleared: what went missing before is no longer counted. */
  forget(): void {
    this.forgotten = this.numberingGaps();
    for (const [id, s] of this.started) if (s.boot !== this.current?.id) this.started.delete(id);
  }
}
