/**
 * Queue position of a resting limit order at its price level, as "size ahead of us". The venue's
 * book does not show where we are, so a model decides how the recorded changes move us forward.
 * Models are pure functions of numbers; the order keeps its own `ahead`.
 */

export interface QueueModel {
  /** Size ahead of a new order joining a level that shows `levelSize`. */
  initialAhead(levelSize: number): number;
  /**
   * After a trade of `size` at the order's price: the new size ahead. A negative result means
   * that much traded beyond the queue in front, which fills the order.
   */
  afterTrade(ahead: number, size: number): number;
  /** After the level's shown size changed from `prevSize` to `nextSize` (not by a trade we saw). */
  afterDepthChange(ahead: number, prevSize: number, nextSize: number): number;
}

/**
 * Conservative: we join at the back; trades at our price eat the queue in front of us; a level
 * that shrinks is assumed to lose size behind us first, so it only moves us forward when it
 * becomes smaller than what we had ahead (`ahead = min(ahead, nextSize)`). Growth never helps.
 */
export class RiskAverseQueueModel implements QueueModel {
  initialAhead(levelSize: number): number {
    return Math.max(0, levelSize);
  }

  afterTrade(ahead: number, size: number): number {
    return ahead - size;
  }

  afterDepthChange(ahead: number, _prevSize: number, nextSize: number): number {
    return Math.min(ahead, Math.max(0, nextSize));
  }
}

/**
 * Less conservative: a shrinking level loses size evenly through the queue, so a decrease of
 * `d` moves us forward by `d · ahead / prevSize`; never past the level's new size.
 */
export class ProportionalQueueModel implements QueueModel {
  initialAhead(levelSize: number): number {
    return Math.max(0, levelSize);
  }

  afterTrade(ahead: number, size: number): number {
    return ahead - size;
  }

  afterDepthChange(ahead: number, prevSize: number, nextSize: number): number {
    if (nextSize >= prevSize || prevSize <= 0) return Math.min(ahead, Math.max(0, nextSize));
    const moved = ahead - ((prevSize - nextSize) * ahead) / prevSize;
    return Math.min(Math.max(0, moved), Math.max(0, nextSize));
  }
}
