export { simulateHawkes, hawkesLogLikelihood, hawkesLogLikelihoodGrad, fitHawkes, hawkesIntensity, type HawkesParams, type HawkesFit, type FitHawkesOptions } from './hawkes.js';
export { rescaledTimes, hawkesGoodnessOfFit, ksTest, kolmogorovQ, type KsResult } from './goodness-of-fit.js';
export { simulateMultivariateHawkes, multivariateHawkesLogLikelihood, fitMultivariateHawkes, type MultiHawkesParams, type MarkedEvents, type MultiHawkesFit } from './multivariate-hawkes.js';
export { hawkesStudy } from './hawkes-study.js';
