/** The risk engine: limits, trading state (kill switch), market-data gates. */
export { MarketWatch, feedStatusOf, type FeedStatus, type QuoteCheck, type QuoteProblem } from './market-watch.js';
export { createNotionalValuer, type NotionalOptions } from './order-notional.js';
export { RiskGate, RiskRejectedError, type RiskGateOptions, type RiskLimitName, type RiskRejection, type RiskStats } from './risk-gate.js';
export { DEFAULT_RISK_LIMITS, TRADING_STATES, type RiskLimits, type TradingState, type VenueRiskLimits } from './risk-limits.js';
export { RiskControl } from './risk-control.js';
export { createAccountRisk, type AccountRiskOptions } from './create-risk-gate.js';
