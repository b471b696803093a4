/**
 * What every execution client does with its private stream's output: hands order updates and
 * fills to its listeners (one listener throwing never starves the others or the socket), drops a
 * fill whose trade id it already delivered (the answer, the user stream and a REST catch-up often
 * report the same trade), and logs skipped frames without flooding the log.
 */
import type { Fill, OrderUpdate } from '../../domain/order.js';
import type { Logger } from '../../engine/logger.js';

/** Trade ids remembered for deduplication; the oldest are forgotten first. */
export const DEFAULT_SEEN_TRADES = 20_000;

export class OrderUpdateFanout {
  private readonly listeners: Array<(update: OrderUpdate | Fill) => void> = [];
  private readonly seenTrades = new Set<string>();

  constructor(private readonly venue: string, private readonly logger: Logger, private readonly maxSeenTrades = DEFAULT_SEEN_TRADES) {}

  add(listener: (update: OrderUpdate | Fill) => void): void {
    this.listeners.push(listener);
  }

  emit(update: OrderUpdate | Fill): void {
    for (const listener of this.listeners) {
      try {
        listener(update);
      } catch (error) {
        this.logger.error({ err: error instanceof Error ? error.message : String(error) }, `${this.venue} order listener threw`);
      }
    }
  }

  /** Remembers a fill's trade id; false when it was delivered before (drop the fill). */
  markSeen(tradeId: string): boolean {
    if (this.seenTrades.has(tradeId)) return false;
    this.seenTrades.add(tradeId);
    if (this.seenTrades.size > this.maxSeenTrades) {
      const oldest = this.seenTrades.values().next().value;
      if (oldest !== undefined) this.seenTrades.delete(oldest);
    }
    return true;
  }
}

/** Logs the first ten skipped frames, then every thousandth (`count` is the running total). */
export function logSkippedFrame(logger: Logger, count: number, reason: string, message: string, context: Record<string, unknown> = {}): void {
  if (count <= 10 || count % 1000 === 0) logger.warn({ ...context, badFrames: count, reason }, message);
}
