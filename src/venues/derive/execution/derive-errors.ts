/**
 * Derive's JSON-RPC error codes → what the caller does next. The venue's code and text always
 * survive (JsonRpcError keeps them as `venueCode`/`venueMessage`); the codes below are the
 * retryable ones, everything else stays a rejection (ARB_VENUE_REJECTED).
 */
import { ArbiterError } from '../../../domain/errors.js';
import { JsonRpcError } from '../../shared/json-rpc-socket.js';

/** Rate limit exceeded (-32000) and internal errors (-32603) are worth retrying after a pause. */
export const DERIVE_RETRYABLE_CODES: ReadonlySet<number> = new Set([-32000, -32603]);

/** Re-classes retryable venue errors as ARB_VENUE_TRANSIENT; returns anything else unchanged. */
export function classifyDeriveError(error: unknown): unknown {
  if (error instanceof JsonRpcError && DERIVE_RETRYABLE_CODES.has(error.venueCode)) {
    return new ArbiterError('ARB_VENUE_TRANSIENT', error.message, error.context, { cause: error });
  }
  return error;
}
