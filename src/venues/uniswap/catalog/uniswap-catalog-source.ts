/**
 * The uniswap catalog: the configured v2 pairs as spot instruments (`WETH-USDC`: base WETH, quote
 * and price currency USDC), read over HTTP JSON-RPC with `eth_call` (the pair's token0/token1 and
 * reserves, each token's symbol and decimals) through a viem public client. No tick or size step:
 * a pool takes any amount.
 */
import { createPublicClient, getAddress, http, type PublicClient } from 'viem';
import type { Instrument, SpotInstrument } from '../../../domain/instrument.js';
import type { CatalogSource } from '../../../engine/market-feed.js';
import { silentLogger, type Logger } from '../../../engine/logger.js';
import { readErc20, readUniswapV2Pair } from '../../../lab/uniswap/read-pool.js';
import { DEFAULT_UNISWAP_PAIRS, normalizePairAddress, pairNaming, type UniswapPairConfig } from './uniswap-pairs.js';

/** A local node's default HTTP endpoint; live use names its provider's URL. */
export const UNISWAP_DEFAULT_RPC_URL = 'http://127.0.0.1:8545';

export interface UniswapCatalogSourceOptions {
  readonly restUrl?: string;
  readonly pairs?: readonly UniswapPairConfig[];
  readonly logger?: Logger;
  readonly timeoutMs?: number;
}

export class UniswapCatalogSource implements CatalogSource {
  readonly venue = 'uniswap' as const;
  private readonly client: PublicClient;
  private readonly pairs: readonly UniswapPairConfig[];
  private readonly logger: Logger;

  constructor(options: UniswapCatalogSourceOptions = {}) {
    this.client = createPublicClient({ transport: http(options.restUrl ?? UNISWAP_DEFAULT_RPC_URL, { timeout: options.timeoutMs ?? 10_000, retryCount: 0 }) });
    this.pairs = (options.pairs ?? DEFAULT_UNISWAP_PAIRS).map((p) => ({ ...p, address: normalizePairAddress(p.address) }));
    this.logger = options.logger ?? silentLogger;
  }

  /** @throws ArbiterError ARB_VENUE_TRANSIENT when the node fails; ARB_INPUT_INVALID when an address is not a v2 pair. */
  async load(): Promise<readonly Instrument[]> {
    const out: SpotInstrument[] = [];
    for (const p of this.pairs) {
      const pair = await readUniswapV2Pair(this.client, getAddress(p.address));
      const [t0, t1] = await Promise.all([readErc20(this.client, pair.token0), readErc20(this.client, pair.token1)]);
      const { symbol, baseIndex } = pairNaming(t0.symbol, t1.symbol, p.base);
      const [base, quote] = baseIndex === 0 ? [t0.symbol, t1.symbol] : [t1.symbol, t0.symbol];
      out.push({ venue: 'uniswap', kind: 'spot', symbol, base, quote, priceCurrency: quote });
    }
    this.logger.debug({ venue: 'uniswap', instruments: out.length }, 'uniswap catalog loaded');
    return out;
  }
}
