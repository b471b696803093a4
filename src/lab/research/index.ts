/** The research backtester and performance metrics shared by the lab studies. */
export { performanceStats, PERIODS_PER_YEAR, type PerformanceStats, type PerformanceStatsOptions } from './performance-stats.js';
export { runResearchBacktest, type PriceView, type TargetFn, type ResearchBacktestOptions, type ResearchBacktestResult } from './research-backtest.js';
export { ols, cholesky, choleskySolve, symmetricEigen, generalizedSymmetricEigen, sampleCovariance, type OlsResult, type SymmetricEigen } from './linear-algebra.js';
export { backtestMetricsStudy } from './backtest-metrics-study.js';
