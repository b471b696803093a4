/** The trading journal: durable orders, fills and reconciliation with the venues (docs/recovery.md). */
export { Journal, JOURNAL_SCHEMA_VERSION, strategyKeyOf, type JournalOrder, type JournalCounts, type ReconciliationEvent, type ReconciliationKind } from './journal.js';
export { JournaledExecutionRouter, type JournaledExecutionRouterOptions, type JournaledRouterStats } from './journaled-execution-router.js';
export { reconcile, type ReconcilableClient, type ReconcileOptions, type VenuePosition, type VenueReconciliation } from './reconcile.js';
export { positionsFromFills, type FillPosition } from './positions-from-fills.js';
