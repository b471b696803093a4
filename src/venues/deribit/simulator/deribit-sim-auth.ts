/**
 * The simulator's `public/auth`: client credentials, client signature (HMAC-SHA256 of
 * `timestamp\nnonce\ndata`, timestamp within 60 s, nonce used once) and refresh tokens, answering
 * `13004 invalid_credentials` as Deribit does. Tokens are random and live for `tokenTtlSec`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { deribitSignature } from '../execution/deribit-auth.js';
import { DERIBIT_ERRORS } from '../errors.js';
import { SimRpcError } from './deribit-sim-orders.js';

export class SimAuth {
  private readonly access = new Map<string, number>(); // token → expiry (wall ms)
  private readonly refresh = new Set<string>();
  private readonly nonces = new Set<string>();

  constructor(private readonly clientId: string, private readonly clientSecret: string, private readonly tokenTtlSec: number) {}

  /** @throws SimRpcError 13004 invalid_credentials, or -32602 for an unknown grant type. */
  authenticate(p: Record<string, unknown>, nowMs: number): Record<string, unknown> {
    const grant = p.grant_type;
    if (grant === 'client_credentials') {
      if (p.client_id !== this.clientId || !sameText(p.client_secret, this.clientSecret)) throw invalid();
    } else if (grant === 'client_signature') {
      const timestamp = Number(p.timestamp);
      const nonce = typeof p.nonce === 'string' ? p.nonce : '';
      const data = typeof p.data === 'string' ? p.data : '';
      if (p.client_id !== this.clientId || !Number.isFinite(timestamp) || Math.abs(nowMs - timestamp) > 60_000 || nonce === '' || this.nonces.has(`${timestamp}:${nonce}`)) throw invalid();
      if (!sameText(p.signature, deribitSignature(this.clientSecret, timestamp, nonce, data))) throw invalid();
      this.nonces.add(`${timestamp}:${nonce}`);
    } else if (grant === 'refresh_token') {
      if (typeof p.refresh_token !== 'string' || !this.refresh.delete(p.refresh_token)) throw invalid();
    } else {
      throw new SimRpcError(DERIBIT_ERRORS.invalidParams.code, DERIBIT_ERRORS.invalidParams.message, { param: 'grant_type', reason: 'wrong format' });
    }
    const accessToken = `${nowMs}.${randomBytes(24).toString('hex')}`;
    const refreshToken = `${nowMs}.${randomBytes(24).toString('hex')}`;
    this.access.set(accessToken, nowMs + this.tokenTtlSec * 1000);
    this.refresh.add(refreshToken);
    return { access_token: accessToken, expires_in: this.tokenTtlSec, refresh_token: refreshToken, scope: 'connection mainaccount', enabled_features: [], token_type: 'bearer' };
  }

  valid(token: unknown, nowMs: number): boolean {
    if (typeof token !== 'string') return false;
    const expiry = this.access.get(token);
    return expiry !== undefined && expiry > nowMs;
  }
}

function invalid(): SimRpcError {
  return new SimRpcError(DERIBIT_ERRORS.invalidCredentials.code, DERIBIT_ERRORS.invalidCredentials.message);
}

function sameText(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
