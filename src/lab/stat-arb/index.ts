/** Pairs trading / statistical arbitrage: ADF, Engle–Granger, OU fit, hedge ratios, Bertram thresholds, z-score backtest. */
export { adfTest, mackinnonCriticalValues, mackinnonPValue, type AdfOptions, type AdfResult, type CriticalValues } from './adf.js';
export { engleGranger, type EngleGrangerResult } from './engle-granger.js';
export { fitOU, simulateOU, type OuFit } from './fit-ou.js';
export { kalmanHedge, rollingOlsHedge, type HedgePath, type KalmanHedgeOptions, type KalmanHedgePath } from './hedge-ratio.js';
export { bertramThresholds, erfi, ouExpectedCycleTime, seedHeuristicThresholds, type OuThresholds } from './ou-thresholds.js';
export { pairsBacktest, type PairsBacktestOptions, type PairsBacktestResult } from './pairs-backtest.js';
export { syntheticPair, type SyntheticPairOptions } from './synthetic-pair.js';
export { pairsStudy } from './pairs-study.js';
