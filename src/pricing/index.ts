/** Public API of the pricing area: normal distribution, closed-form pricers, implied vol, smiles, surfaces, distributions, vol time. */
export { normCdf, normCdfMany, normPdf, normPpf } from './normal.js';
export type { OptionType, OptionInput, OptionGreeks } from './option-input.js';
export { bsPrice, bsPriceMany, bsGreeks, digitalPrice, type OptionBatch } from './black-scholes.js';
export { black76Price, black76Greeks, type Black76Input } from './black76.js';
export { inverseOptionPrice, inverseOptionDelta, inverseToUsd, usdToInverse, type InverseOptionInput } from './inverse-option.js';
export { impliedVol, impliedVolBlack76, type ImpliedVolInput, type ImpliedVolBlack76Input } from './implied-vol.js';
export { CalendarVolTime, WeightedVolTime, hourOfWeek, hourWeightsFromVols } from './vol-time.js';
export type { VolTime, VolEvent, VolRegime, WeightedVolTimeOptions } from './vol-time.js';
export { VolSmile, MAX_WING_SLOPE, type SmilePoint, type VolSmileInput } from './vol-smile.js';
export { VolSurface, type VolSurfaceInput, type VolSurfaceSmileInput } from './vol-surface.js';
export { PriceDistribution, probabilityAboveFromSmile, probabilityBelowFromSmile, type SmileSlice } from './price-distribution.js';
export { diagnoseArbitrage, butterflyDensityFactor, type ArbitrageKind, type ArbitrageViolation } from './vol-arbitrage.js';
export { volSurfaceFromQuotes, type OptionQuote, type VolSurfaceFromQuotesInput } from './vol-surface-from-quotes.js';
export { sampleSkewedSurface } from './sample-surfaces.js';
