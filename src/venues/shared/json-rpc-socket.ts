/**
 * JSON-RPC 2.0 over a ReconnectingSocket (Deribit, Derive): requests get ids and promises,
 * responses resolve them, errors keep the venue's own code and message, anything else (the
 * subscription notifications, heartbeats) goes to `onMessage` already decoded. A request whose
 * answer is lost to a disconnect rejects with ARB_VENUE_UNKNOWN_OUTCOME: never assume it failed
 * or succeeded.
 */
import { ArbiterError, excerpt } from '../../domain/errors.js';
import type { VenueId } from '../../domain/venue.js';
import { ReconnectingSocket, type ReconnectingSocketOptions } from './reconnecting-socket.js';

export interface JsonRpcSocketOptions extends Omit<ReconnectingSocketOptions, 'onFrame' | 'onClose'> {
  readonly venue: VenueId;
  /** Every decoded non-response message with its receive time (notifications, heartbeats). */
  readonly onMessage: (message: unknown, tsLocal: number) => void;
  /** Every raw frame before decoding (for the recorder). */
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  /** Text frames that are not JSON. */
  readonly onBadFrame?: (text: string, reason: string) => void;
  readonly requestTimeoutMs?: number;
}

export class JsonRpcError extends ArbiterError {
  constructor(venue: VenueId, method: string, readonly venueCode: number, venueMessage: string, data?: unknown) {
    super('ARB_VENUE_REJECTED', `${venue} ${method} failed: ${venueCode} ${venueMessage}${data === undefined ? '' : ` (${excerpt(JSON.stringify(data), 160)})`}`, {
      venue, method, venueCode, venueMessage,
    });
    this.name = 'JsonRpcError';
  }
}

interface Pending {
  readonly method: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout;
}

export class JsonRpcSocket {
  readonly socket: ReconnectingSocket;
  private nextId = 1;
  private readonly pending = new Map<number | string, Pending>();

  constructor(private readonly options: JsonRpcSocketOptions) {
    this.socket = new ReconnectingSocket({
      ...options,
      onFrame: (text, tsLocal) => this.onFrame(text, tsLocal),
      onClose: () => this.failPending(),
    });
  }

  start(): Promise<void> {
    return this.socket.start();
  }

  stop(): Promise<void> {
    this.failPending();
    return this.socket.stop();
  }

  /**
   * Sends a request and resolves with its `result`.
   * @throws JsonRpcError (ARB_VENUE_REJECTED) with the venue's code; ArbiterError ARB_VENUE_TRANSIENT when
   * not connected; ARB_VENUE_UNKNOWN_OUTCOME on timeout or disconnect after sending.
   */
  request<T = unknown>(method: string, params: Record<string, unknown> = {}, timeoutMs = this.options.requestTimeoutMs ?? 10_000): Promise<T> {
    const id = this.nextId++;
    const text = JSON.stringify({ jsonrpc: '2.0', id, method, params });
    return new Promise<T>((resolve, reject) => {
      if (!this.socket.send(text)) {
        reject(new ArbiterError('ARB_VENUE_TRANSIENT', `${this.options.venue} ${method}: not connected`, { venue: this.options.venue, method }));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', `${this.options.venue} ${method}: no answer within ${timeoutMs} ms`, { venue: this.options.venue, method }));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
    });
  }

  /** Sends without waiting for an answer (e.g. replies to heartbeats). */
  notify(method: string, params: Record<string, unknown> = {}): boolean {
    return this.socket.send(JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }));
  }

  private onFrame(text: string, tsLocal: number): void {
    this.options.onRawFrame?.(text, tsLocal);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.options.onBadFrame?.(text, 'not JSON');
      return;
    }
    if (typeof message === 'object' && message !== null && 'id' in message && !('method' in message)) {
      const m = message as { id: number | string; result?: unknown; error?: { code?: number; message?: string; data?: unknown } };
      const p = this.pending.get(m.id);
      if (p) {
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.error) p.reject(new JsonRpcError(this.options.venue, p.method, m.error.code ?? 0, m.error.message ?? 'error', m.error.data));
        else p.resolve(m.result);
        return;
      }
    }
    this.options.onMessage(message, tsLocal);
  }

  private failPending(): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', `${this.options.venue} ${p.method}: connection lost before the answer`, { venue: this.options.venue, method: p.method }));
      this.pending.delete(id);
    }
  }
}
