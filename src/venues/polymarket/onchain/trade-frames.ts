/**
 * A reconstructed trade → recording frames shaped like the market channel's `last_trade_price`
 * message (fixtures/ws-last-trade-price.json), one per maker, on the taker's outcome token, so the
 * Polymarket frame parser replays them as trades. A maker on the complementary outcome (shares
 * minted or merged) trades at 1 − its price on the taker's token. The side is the taker's
 * (aggressor) side; sizes are the maker's shares; `fee_rate_bps` is left out (not on chain).
 */
import { formatRecordedFrame } from '../../../store/recording/recording-format.js';
import type { ReconstructedTrade } from './reconstruct-trade.js';

/** Wire shape of the frames written (a subset of the documented `last_trade_price` message plus `transaction_hash`). */
export interface LastTradePriceFrame {
  readonly asset_id: string;
  readonly event_type: 'last_trade_price';
  readonly market: string;
  readonly price: string;
  readonly side: 'BUY' | 'SELL';
  readonly size: string;
  readonly timestamp: string;
  readonly transaction_hash: string;
}

/** Shortest decimal text of a price, at most 10 decimals (prices of on-chain fills can be repeating fractions). */
function priceText(p: number): string {
  return String(Number(p.toFixed(10)));
}

/** The `last_trade_price` messages of a trade, in maker order; a maker that moved no shares makes no frame. */
export function tradeFrames(trade: ReconstructedTrade, conditionId: string): LastTradePriceFrame[] {
  const side = trade.taker.action === 'bought' ? 'BUY' : 'SELL';
  return trade.makers.filter((m) => m.shares > 0).map((m) => ({
    asset_id: trade.taker.outcome,
    event_type: 'last_trade_price',
    market: conditionId,
    price: priceText(m.outcome === trade.taker.outcome ? m.price : 1 - m.price),
    side,
    size: String(m.shares),
    timestamp: String(trade.timestamp),
    transaction_hash: trade.transaction_hash,
  }));
}

/** The recording lines (format v1, no trailing newline) of a trade; receive and venue time are the block time. */
export function tradeRecordLines(trade: ReconstructedTrade, conditionId: string): string[] {
  return tradeFrames(trade, conditionId).map((frame) => formatRecordedFrame({ venue: 'polymarket', tsLocal: trade.timestamp, tsVenue: trade.timestamp, frame }));
}
