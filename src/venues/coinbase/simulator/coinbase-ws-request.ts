/**
 * The request side of a Coinbase Advanced Trade WebSocket session, shared by the simulator's
 * market-data and `user` endpoints: parses `{type, channel, …}` and answers malformed JSON and a
 * type other than subscribe/unsubscribe with Coinbase's `error` messages. Returns the request
 * still to handle, or null when it was answered here.
 */
import type { WebSocket } from 'ws';

export interface CoinbaseWsRequest {
  readonly subscribe: boolean;
  readonly message: Record<string, unknown>;
}

export function sendCoinbaseWsError(socket: WebSocket, message: string): void {
  socket.send(JSON.stringify({ type: 'error', message }));
}

export function readCoinbaseWsRequest(socket: WebSocket, text: string): CoinbaseWsRequest | null {
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(text) as Record<string, unknown>;
  } catch {
    sendCoinbaseWsError(socket, 'failure to parse message');
    return null;
  }
  const subscribe = message.type === 'subscribe';
  if (!subscribe && message.type !== 'unsubscribe') {
    sendCoinbaseWsError(socket, `unknown message type ${String(message.type)}`);
    return null;
  }
  return { subscribe, message };
}
