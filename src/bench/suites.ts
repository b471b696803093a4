/** The benchmark suites `arbiter bench` runs, in order. Add a suite here to have it run. */
import type { BenchSuite } from './bench-row.js';
import { replaySuite } from '../backtest/replay.bench.js';
import { backtestSuite } from '../backtest/backtest.bench.js';
import { pricingSuite } from '../pricing/pricing.bench.js';
import { optimizerSuite } from '../optimizer/optimizer.bench.js';
import { deribitSuite } from '../venues/deribit/deribit.bench.js';
import { deriveSuite } from '../venues/derive/derive.bench.js';
import { polymarketSuite } from '../venues/polymarket/polymarket.bench.js';
import { orderbookSuite } from '../orderbook/orderbook.bench.js';
import { triangularSuite } from '../lab/triangular/triangular.bench.js';
import { hawkesSuite } from '../lab/hawkes/hawkes.bench.js';
import { dashboardSuite } from '../dashboard/dashboard.bench.js';
import { binanceSuite } from '../venues/binance/binance.bench.js';
import { binanceExecutionSuite } from '../venues/binance/execution/binance-execution.bench.js';
import { coinbaseSuite } from '../venues/coinbase/coinbase.bench.js';
import { coinbaseJwtSuite } from '../venues/coinbase/execution/coinbase-jwt.bench.js';
import { krakenSuite } from '../venues/kraken/kraken.bench.js';
import { uniswapSuite } from '../venues/uniswap/uniswap.bench.js';
import { krakenExecutionSuite } from '../venues/kraken/execution/kraken-execution.bench.js';
import { parquetSuite } from '../store/parquet/parquet.bench.js';
import { sweepSuite } from '../sweep/sweep.bench.js';
import { statArbSuite } from '../lab/stat-arb/stat-arb.bench.js';
import { polymarketFillsSuite } from '../venues/polymarket/onchain/polymarket-fills.bench.js';
import { volWeightsSuite } from '../lab/vol-weights/vol-weights.bench.js';

export const SUITES: readonly BenchSuite[] = [replaySuite, backtestSuite, pricingSuite, optimizerSuite, deribitSuite, deriveSuite, polymarketSuite, orderbookSuite, triangularSuite, hawkesSuite, dashboardSuite, binanceSuite, binanceExecutionSuite, coinbaseSuite, coinbaseJwtSuite, krakenSuite, krakenExecutionSuite, uniswapSuite, sweepSuite, parquetSuite, statArbSuite, polymarketFillsSuite, volWeightsSuite];
