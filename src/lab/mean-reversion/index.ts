/** Mean-reverting portfolios after d'Aspremont (2011): VAR(1)/Box–Tiao, greedy sparse search, CARA sizing with costs, basket backtest. */
export { fitVar1, predictability, boxTiaoDense, greedySparseBoxTiao, type Var1Fit, type BasketWeights } from './box-tiao.js';
export { caraWeights, ouCaraPosition, type CaraOptions } from './cara-sizing.js';
export { basketBacktest, type BasketBacktestOptions } from './basket-backtest.js';
export { syntheticBasket, type SyntheticBasketOptions } from './synthetic-basket.js';
export { meanReversionStudy } from './mean-reversion-study.js';
