/**
 * The simulator's check of Coinbase CDP JWTs, as the venue does it: a registered key name (`kid`,
 * equal to `sub`), the key's algorithm (ES256 or EdDSA), a valid signature under the registered
 * public key, `iss` "cdp", `nbf`/`exp` around now with at most 120 s between them, a nonce not
 * seen before, and for REST a `uri` claim equal to "METHOD host/path" of the request. Failures
 * are the 401 answer (`{"error":"UNAUTHENTICATED","code":16,"message":"Unauthorized: …"}`).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { COINBASE_JWT_LIFETIME_SEC, coinbaseJwtUri, decodeJwt, verifyJwsSignature, type JwsAlgorithm } from '../execution/coinbase-jwt.js';

export interface CoinbaseSimKey {
  readonly algorithm: JwsAlgorithm;
  readonly publicKey: KeyObject;
}

/** Clock slack allowed on nbf, seconds. */
const SKEW_SEC = 5;

export class CoinbaseSimAuth {
  /** Rejected tokens by reason (tests assert on them). */
  readonly rejections = new Map<string, number>();
  private readonly keys = new Map<string, CoinbaseSimKey>();
  private readonly nonces = new Map<string, number>();

  constructor(private readonly nowSec: () => number = () => Date.now() / 1000) {}

  /** Registers a key name with its public key (or the private key, whose public half is taken). */
  registerKey(keyName: string, key: KeyObject): void {
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    const algorithm: JwsAlgorithm = publicKey.asymmetricKeyType === 'ed25519' ? 'EdDSA' : 'ES256';
    this.keys.set(keyName, { algorithm, publicKey });
  }

  /**
   * Null when the token is good for this request, else the reason. `uri` is the expected claim
   * for REST (null for a WebSocket subscribe, where no uri is required).
   */
  check(token: string | undefined, uri: string | null): string | null {
    const reason = this.reason(token, uri);
    if (reason !== null) this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
    return reason;
  }

  /** The REST check on an `Authorization: Bearer …` header. */
  checkRequest(authorization: string | undefined, method: string, host: string | undefined, path: string): string | null {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    return this.check(token, coinbaseJwtUri(method, host ?? '', path));
  }

  private reason(token: string | undefined, uri: string | null): string | null {
    if (token === undefined || token === '') return 'missing JWT';
    const jwt = decodeJwt(token);
    if (jwt === null) return 'malformed JWT';
    const { header, claims } = jwt;
    const kid = header.kid;
    if (typeof kid !== 'string') return 'no kid';
    const key = this.keys.get(kid);
    if (key === undefined) return 'unknown key';
    if (header.alg !== key.algorithm) return `alg ${String(header.alg)} does not match the key`;
    if (!verifyJwsSignature(key.algorithm, key.publicKey, jwt.signingInput, jwt.signature)) return 'bad signature';
    if (claims.iss !== 'cdp') return 'iss is not cdp';
    if (claims.sub !== kid) return 'sub does not match kid';
    const nbf = claims.nbf;
    const exp = claims.exp;
    if (typeof nbf !== 'number' || typeof exp !== 'number') return 'nbf/exp missing';
    const now = this.nowSec();
    if (nbf > now + SKEW_SEC) return 'not yet valid';
    if (exp <= now) return 'expired';
    if (exp - nbf > COINBASE_JWT_LIFETIME_SEC) return 'lifetime over 120 s';
    if (uri !== null && claims.uri !== uri) return 'uri does not match the request';
    const nonce = header.nonce;
    if (typeof nonce !== 'string' || nonce === '') return 'no nonce';
    for (const [n, until] of this.nonces) if (until < now) this.nonces.delete(n);
    if (this.nonces.has(nonce)) return 'nonce reused';
    this.nonces.set(nonce, exp);
    return null;
  }
}
