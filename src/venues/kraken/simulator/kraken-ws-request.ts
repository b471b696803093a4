/**
 * The request side of a Kraken WebSocket v2 session, shared by the simulator's public and
 * authenticated endpoints: parses `{method, params, req_id}`, answers malformed JSON with
 * Kraken's `Malformed request`, answers `ping` with `pong`, and builds replies that echo `req_id`
 * with `time_in` / `time_out`. Returns the subscribe/unsubscribe (or other) request still to
 * handle, or null when it was answered here.
 */
export interface KrakenWsRequest {
  readonly method: unknown;
  readonly params: Record<string, unknown>;
  readonly reply: (body: Record<string, unknown>) => void;
}

export function readKrakenWsRequest(text: string, nowIso: string, send: (message: unknown) => void): KrakenWsRequest | null {
  let msg: { method?: unknown; params?: unknown; req_id?: unknown };
  try {
    msg = JSON.parse(text) as typeof msg;
  } catch {
    send({ error: 'Malformed request', success: false, time_in: nowIso, time_out: nowIso });
    return null;
  }
  const reqId = typeof msg.req_id === 'number' ? msg.req_id : undefined;
  const reply = (body: Record<string, unknown>): void => send({ ...body, time_in: nowIso, time_out: nowIso, ...(reqId === undefined ? {} : { req_id: reqId }) });
  if (msg.method === 'ping') {
    reply({ method: 'pong' });
    return null;
  }
  const params = typeof msg.params === 'object' && msg.params !== null && !Array.isArray(msg.params) ? (msg.params as Record<string, unknown>) : {};
  return { method: msg.method, params, reply };
}
