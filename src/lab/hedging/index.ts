export { minimumVarianceHedge, betaHedge, rollingHedgeRatio, type MinVarianceHedge, type BetaHedge } from './hedge-ratios.js';
export { backtestOptionHedge, gbmPath, type OptionLeg, type HedgeMode, type OptionHedgeInput, type OptionHedgeResult } from './option-hedging.js';
export { hedgingStudy } from './hedging-study.js';
