/** PCA of returns. */
export { pca, type PcaResult } from './pca.js';
export { pcaStudy, syntheticFactorReturns } from './pca-study.js';
