/**
 * What the panel received from the background, by the background's own numbering, so that a
 * restart of the background (an MV3 service worker is stopped and started again at the
 * browser's will) loses nothing silently. Each start of the background has a boot id; each
 * exchange it observed for a tab has a sequence number in that boot (1, 2, …). The panel:
 * - drops what it already has (a replay of the background's buffer after a reconnect repeats
 *   what was delivered live);
 * - counts the numbers it never received: exchanges the background observed but could not
 *   deliver. Of the boot the panel first met, what came before its first delivery is history
 *   from before the panel opened, not a loss; of every later boot, all of it counts from 1.
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
  /** Exchanges the background observed for the tab that the panel never received. */
  readonly missing: number;
  /** When the background last restarted (its new boot's start), ms since the epoch. */
  readonly restartedAt?: number;
}

export class DeliveryLedger {
  private readonly boots = new Map<string, BootLedger>();
  private firstBoot: string | undefined;
  private restartedAt: number | undefined;
  /** Missing before the list was last cleared: no longer the list's concern. */
  private forgotten = 0;

  /**
   * One delivery: `count` exchanges numbered `first`, `first + 1`, … in `boot`. Returns, per
   * item, whether it is new.
   */
  accept(boot: BackgroundBoot, first: number, count: number): boolean[] {
    let ledger = this.boots.get(boot.id);
    if (!ledger) {
      const isFirst = this.firstBoot === undefined;
      if (isFirst) this.firstBoot = boot.id;
      else if (this.restartedAt === undefined || boot.startedAt > this.restartedAt) this.restartedAt = boot.startedAt;
      ledger = new BootLedger(isFirst ? first : 1);
      this.boots.set(boot.id, ledger);
    }
    const fresh: boolean[] = [];
    for (let k = 0; k < count; k++) fresh.push(ledger.take(first + k));
    return fresh;
  }

  get gap(): DeliveryGap {
    let missing = -this.forgotten;
    for (const b of this.boots.values()) missing += b.missing;
    return this.restartedAt === undefined ? { missing } : { missing, restartedAt: this.restartedAt };
  }

  /** The list was cleared: what went missing before is no longer counted. */
  forget(): void {
    this.forgotten += this.gap.missing;
  }
}
