/**
 * Deribit JSON-RPC error codes Arbiter acts on (docs.deribit.com "RPC Error Codes"), and the one
 * place that says which of them are worth retrying. Venue errors keep their code and message in
 * `JsonRpcError` (ARB_VENUE_REJECTED); this file only classifies them.
 */

export const DERIBIT_ERRORS = {
  authorizationRequired: { code: 10000, message: 'authorization_required' },
  qtyTooLow: { code: 10002, message: 'qty_too_low' },
  orderNotFound: { code: 10004, message: 'order_not_found' },
  notEnoughFunds: { code: 10009, message: 'not_enough_funds' },
  invalidInstrument: { code: 10020, message: 'invalid_or_unsupported_instrument' },
  invalidAmount: { code: 10021, message: 'invalid_amount' },
  invalidPrice: { code: 10023, message: 'invalid_price' },
  tooManyRequests: { code: 10028, message: 'too_many_requests' },
  retry: { code: 10040, message: 'retry' },
  settlementInProgress: { code: 10041, message: 'settlement_in_progress' },
  priceWrongTick: { code: 10043, message: 'price_wrong_tick' },
  matchingEngineQueueFull: { code: 10047, message: 'matching_engine_queue_full' },
  tooManyConcurrentRequests: { code: 10066, message: 'too_many_concurrent_requests' },
  invalidArguments: { code: 11029, message: 'invalid_arguments' },
  notOpenOrder: { code: 11044, message: 'not_open_order' },
  badRequest: { code: 11050, message: 'bad_request' },
  systemMaintenance: { code: 11051, message: 'system_maintenance' },
  postOnlyReject: { code: 11054, message: 'post_only_reject' },
  invalidCredentials: { code: 13004, message: 'invalid_credentials' },
  unauthorized: { code: 13009, message: 'unauthorized' },
  methodNotFound: { code: -32601, message: 'Method not found' },
  invalidParams: { code: -32602, message: 'Invalid params' },
} as const;

/** Codes where the same request may succeed later (rate limits, queues, maintenance, settlement). */
const RETRYABLE = new Set<number>([
  DERIBIT_ERRORS.tooManyRequests.code,
  DERIBIT_ERRORS.retry.code,
  DERIBIT_ERRORS.settlementInProgress.code,
  DERIBIT_ERRORS.matchingEngineQueueFull.code,
  DERIBIT_ERRORS.tooManyConcurrentRequests.code,
  DERIBIT_ERRORS.systemMaintenance.code,
]);

export function isRetryableDeribitCode(code: number): boolean {
  return RETRYABLE.has(code);
}
