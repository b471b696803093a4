/**
 * The markets JSONL the fill reconstruction needs: one CLOB market object per line (as `GET /markets`
 * returns them in `data[]`), giving token id → condition id, and the instruments for the replay
 * catalog. Markets with an empty condition id or empty token ids are skipped (counted); a market
 * with other than two tokens, or a condition id or token id seen twice, is an error naming the lines.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ArbiterError, excerpt } from '../../../domain/errors.js';
import { fromClobMarket, type PolymarketMarket } from '../catalog/map-market.js';

export interface MarketsIndex {
  /** Token id → condition id. */
  readonly tokens: ReadonlyMap<string, string>;
  /** Condition id → market (for the catalog snapshot). */
  readonly markets: ReadonlyMap<string, PolymarketMarket>;
  /** Lines skipped for an empty condition id or token id. */
  readonly skipped: number;
}

const CONDITION_ID = /^0x[0-9a-fA-F]{64}$/;

function lineError(path: string, line: number, why: string): ArbiterError {
  return new ArbiterError('ARB_INPUT_FILE', `${path}:${line}: ${why}`, { file: path, line });
}

/**
 * Reads a markets JSONL file.
 * @throws ArbiterError ARB_INPUT_FILE naming the file and line (both lines for duplicates).
 */
export async function loadMarketsFile(path: string): Promise<MarketsIndex> {
  const tokens = new Map<string, string>();
  const tokenLine = new Map<string, number>();
  const markets = new Map<string, PolymarketMarket>();
  const marketLine = new Map<string, number>();
  let skipped = 0;
  let n = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      n++;
      if (text.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw lineError(path, n, `not valid JSON: ${excerpt(text, 60)}`);
      }
      const cid = (raw as { condition_id?: unknown } | null)?.condition_id;
      const rawTokens = (raw as { tokens?: unknown } | null)?.tokens;
      if (cid === '' || (Array.isArray(rawTokens) && rawTokens.some((t) => (t as { token_id?: unknown } | null)?.token_id === ''))) {
        skipped++;
        continue;
      }
      let market: PolymarketMarket;
      try {
        market = fromClobMarket(raw);
      } catch (error) {
        throw lineError(path, n, `not a CLOB market (${(error as Error).message})`);
      }
      if (!CONDITION_ID.test(market.conditionId)) throw lineError(path, n, `condition id is not 0x + 64 hex digits: ${excerpt(market.conditionId, 80)}`);
      if (market.tokens.length !== 2) throw lineError(path, n, `market ${market.conditionId} has ${market.tokens.length} tokens; a binary market has 2`);
      const seen = marketLine.get(market.conditionId);
      if (seen !== undefined) throw lineError(path, n, `duplicate condition id ${market.conditionId} (first on line ${seen})`);
      for (const t of market.tokens) {
        if (!/^[0-9]+$/.test(t.tokenId)) throw lineError(path, n, `token id is not a decimal integer: ${excerpt(t.tokenId, 80)}`);
        const id = BigInt(t.tokenId).toString();
        const first = tokenLine.get(id);
        if (first !== undefined) throw lineError(path, n, `duplicate token id ${id} (first on line ${first})`);
        tokenLine.set(id, n);
        tokens.set(id, market.conditionId);
      }
      marketLine.set(market.conditionId, n);
      markets.set(market.conditionId, market);
    }
  } catch (error) {
    if (error instanceof ArbiterError) throw error;
    throw new ArbiterError('ARB_INPUT_FILE', `cannot read markets file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: path }, { cause: error });
  }
  return { tokens, markets, skipped };
}

/** The bucket a market's fills go to: MD5 of the condition id as a 128-bit big-endian integer, mod `buckets`. */
export function bucketOf(conditionId: string, buckets: number): number {
  const digest = createHash('md5').update(conditionId).digest('hex');
  return Number(BigInt(`0x${digest}`) % BigInt(buckets));
}
