/** Every research study, in menu order. Add a study here (one import, one entry) to have it served. */
import type { Study } from './study.js';
import { hawkesStudy } from '../hawkes/hawkes-study.js';
import { hedgingStudy } from '../hedging/hedging-study.js';
import { priceDiscoveryStudy } from '../price-discovery/price-discovery-study.js';
import { optimalStoppingStudy } from '../optimal-stopping/optimal-stopping-study.js';
import { marketMakingStudy } from '../market-making/market-making-study.js';
import { pairsStudy } from '../stat-arb/pairs-study.js';
import { pcaStudy } from '../pca/pca-study.js';
import { meanReversionStudy } from '../mean-reversion/mean-reversion-study.js';
import { backtestMetricsStudy } from '../research/backtest-metrics-study.js';

export const STUDIES: Study[] = [hawkesStudy, hedgingStudy, priceDiscoveryStudy, optimalStoppingStudy, marketMakingStudy, pairsStudy, pcaStudy, meanReversionStudy, backtestMetricsStudy];

export function findStudy(name: string): Study | undefined {
  return STUDIES.find((s) => s.name === name);
}
