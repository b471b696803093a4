/** PCA of returns. */
export { pca, type PcaResult } from './pca.js';
