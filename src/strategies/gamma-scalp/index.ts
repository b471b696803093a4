/** GammaScalp's public surface: factory, config schema, dashboard state. */
export { GammaScalpStrategy, createGammaScalpStrategy, type GammaScalpState, type GammaScalpPhase } from './strategy.js';
export { GammaScalpConfigSchema, parseGammaScalpConfig, type GammaScalpConfig, type GammaScalpConfigInput } from './config.js';
