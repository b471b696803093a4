/**
 * Arbiter client order ids on Binance (`newClientOrderId`, `^[.A-Z:/a-z0-9_-]{1,36}$` on spot
 * and USDⓈ-M): an id that fits is sent unchanged; any other is sent as `arb-` plus 32 hex
 * characters of its SHA-256, which the client maps back while it runs (after a restart such an
 * order is matched by Binance's order id instead).
 */
import { createHash } from 'node:crypto';

export const BINANCE_CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

export function toBinanceClientOrderId(clientOrderId: string): string {
  if (BINANCE_CLIENT_ORDER_ID.test(clientOrderId)) return clientOrderId;
  return `arb-${createHash('sha256').update(clientOrderId).digest('hex').slice(0, 32)}`;
}
