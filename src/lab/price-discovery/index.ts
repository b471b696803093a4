export { fitVecm, priceDiscovery, sharesFrom, informationShares, orthogonalComplement, simulateTwoVenues, crossCorrelation, type VecmFit, type PriceDiscovery } from './price-discovery.js';
export { priceDiscoveryStudy } from './price-discovery-study.js';
