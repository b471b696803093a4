export { SignatureAccumulator, signature, signatureLength } from './signature.js';
export { signatureFeatures, fitSignatureStopping, applySignatureStopping, summarise, type PathSet, type RewardFn, type StoppingRuleOptions, type SignatureStoppingRule, type StoppingOutcome } from './signature-stopping.js';
export { simulateOuPaths, compareSpreadExitRules, type OuSpec, type SpreadExitComparison } from './spread-exit.js';
export { optimalStoppingStudy } from './optimal-stopping-study.js';
