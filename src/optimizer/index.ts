/** Public API of the optimizer area: scenarios, L-BFGS-B, Kelly/CRRA sizing, venue rounding, opportunity scanner. */
export { SeededRandom } from './seeded-random.js';
export { HaltonSequence, firstPrimes, radicalInverse, type HaltonOptions, type HaltonScrambling } from './halton.js';
export { generateScenarios, type MarginalDistribution, type ScenarioOptions, type ScenarioSet } from './scenarios.js';
export { minimizeLbfgsb, projectedGradientNorm, type LbfgsbOptions, type LbfgsbResult, type LbfgsbStatus, type ObjectiveWithGradient } from './lbfgsb.js';
export { wolfeLineSearch, type LineFunction, type WolfeLineSearchOptions, type WolfeLineSearchResult } from './wolfe-line-search.js';
export {
  minimizeWithLinearInequalities,
  type AugmentedLagrangianOptions,
  type AugmentedLagrangianResult,
  type LinearInequality,
} from './augmented-lagrangian.js';
export { crraUtility, crraMarginalUtility, crraInverseUtility, isLogUtility, sumOfLogs } from './crra-utility.js';
export { portfolioStatistics, conditionalValueAtRisk, type PortfolioStatistics } from './portfolio-statistics.js';
export { optimizeAllocation, type OptimizeAllocationInput, type AllocationResult } from './optimize-allocation.js';
export { prepareScenarios, type ScenarioMatrix, type PayoffRows } from './scenario-matrix.js';
export { solveAllocation, type AllocationSolveOptions, type AllocationSolution } from './solve-allocation.js';
export type { AllocationProblem } from './allocation-objective.js';
export { roundToVenueSteps, type VenueRoundingInput, type VenueRoundingResult } from './round-to-venue-steps.js';
export { scanOpportunities, scanBinaryMarket, scanVanillaOption } from './opportunity-scanner.js';
export type {
  BookLevel,
  BookQuote,
  BinaryMarketQuote,
  VanillaOptionQuote,
  ScannerModel,
  ScannerConfig,
  Opportunity,
  OpportunityKind,
} from './opportunity-types.js';
