export * from './portfolio-history.js';
export * from './backtest-metrics.js';
export * from './backtest-report.js';
export * from './history-csv.js';
export * from './svg-chart.js';
export * from './html-report.js';
export * from './write-backtest-report.js';
