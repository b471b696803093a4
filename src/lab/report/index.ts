/** Reports and parameter handling shared by every lab study: CLI, HTML report, dashboard. */
export * from './study-params.js';
export * from './study-data-csv.js';
export * from './study-chart-svg.js';
export * from './study-report.js';
