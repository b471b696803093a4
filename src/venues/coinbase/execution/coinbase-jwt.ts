/**
 * Coinbase Developer Platform (CDP) API-key authentication: one short-lived JWT per REST request
 * (claim `uri` = "METHOD host/path", no query) and per WebSocket subscribe (no `uri`). Header
 * `{alg, kid: key name, nonce, typ: "JWT"}`, claims `{sub: key name, iss: "cdp", nbf, exp: nbf + 120}`.
 * Keys are ECDSA P-256 ("-----BEGIN EC PRIVATE KEY-----" PEM, ES256) or Ed25519 (base64 of the
 * 32-byte seed followed by the 32-byte public key, EdDSA). Signing and verification use
 * node:crypto only; ES256 signatures are the raw r‖s form JWS requires (`ieee-p1363`), not DER.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { ConfigError } from '../../../domain/errors.js';

export type JwsAlgorithm = 'ES256' | 'EdDSA';

/** A CDP API key ready to sign: its name (`organizations/{org}/apiKeys/{id}`) and private key. */
export interface CoinbaseSigningKey {
  readonly keyName: string;
  readonly algorithm: JwsAlgorithm;
  readonly privateKey: KeyObject;
}

/** Lifetime Coinbase allows for a JWT, seconds. */
export const COINBASE_JWT_LIFETIME_SEC = 120;

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/**
 * Reads a CDP private key: an EC P-256 PEM (escaped `\n` accepted, as keys pasted into one
 * environment line have them) or a base64 Ed25519 key (64 bytes seed‖public, or a 32-byte seed).
 * @throws ConfigError saying which form was expected (the key itself is never quoted).
 */
export function parseCoinbasePrivateKey(keyName: string, secret: string): CoinbaseSigningKey {
  if (keyName.trim() === '') throw new ConfigError('Coinbase API key name is empty', { variable: 'COINBASE_API_KEY_NAME' });
  const text = secret.trim().replace(/\\n/g, '\n');
  if (text.startsWith('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPrivateKey(text);
    } catch {
      throw new ConfigError('Coinbase private key is a PEM block that node:crypto cannot read', { variable: 'COINBASE_API_PRIVATE_KEY' });
    }
    if (key.asymmetricKeyType === 'ed25519') return { keyName, algorithm: 'EdDSA', privateKey: key };
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new ConfigError(`Coinbase private key must be ECDSA P-256 (ES256) or Ed25519, got ${key.asymmetricKeyType ?? 'unknown'} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trim(), { variable: 'COINBASE_API_PRIVATE_KEY' });
    }
    return { keyName, algorithm: 'ES256', privateKey: key };
  }
  if (!/^[A-Za-z0-9+/=_-]+$/.test(text)) {
    throw new ConfigError('Coinbase private key is neither an EC PEM block nor a base64 Ed25519 key', { variable: 'COINBASE_API_PRIVATE_KEY' });
  }
  const raw = Buffer.from(text, 'base64');
  if (raw.length !== 64 && raw.length !== 32) {
    throw new ConfigError(`Coinbase Ed25519 key must decode to 64 bytes (seed and public key) or a 32-byte seed, got ${raw.length}`, { variable: 'COINBASE_API_PRIVATE_KEY' });
  }
  const seed = raw.subarray(0, 32);
  const privateKey = ed25519FromSeed(seed);
  if (raw.length === 64) {
    const derived = createPublicKey(privateKey).export({ format: 'jwk' }).x;
    if (derived !== b64url(raw.subarray(32))) throw new ConfigError('Coinbase Ed25519 key: the public half does not belong to the seed', { variable: 'COINBASE_API_PRIVATE_KEY' });
  }
  return { keyName, algorithm: 'EdDSA', privateKey };
}

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410): the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 private key from its 32-byte seed (RFC 8032). */
export function ed25519FromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The JWS signature (base64url) of `signingInput` ("header.payload", already encoded). */
export function jwsSignature(algorithm: JwsAlgorithm, privateKey: KeyObject, signingInput: string): string {
  const data = Buffer.from(signingInput, 'ascii');
  const signature = algorithm === 'ES256' ? sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }) : sign(null, data, privateKey);
  return b64url(signature);
}

/** Whether `signature` (base64url) signs `signingInput` under `publicKey` with `algorithm`. */
export function verifyJwsSignature(algorithm: JwsAlgorithm, publicKey: KeyObject, signingInput: string, signature: string): boolean {
  const data = Buffer.from(signingInput, 'ascii');
  const sig = Buffer.from(signature, 'base64url');
  try {
    return algorithm === 'ES256'
      ? sig.length === 64 && verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig)
      : sig.length === 64 && verify(null, data, publicKey, sig);
  } catch {
    return false;
  }
}

/** A compact JWS over a JSON header and a payload (JSON-encoded unless it is a string). */
export function signCompactJws(header: Readonly<Record<string, unknown>>, payload: unknown, algorithm: JwsAlgorithm, privateKey: KeyObject): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  return `${input}.${jwsSignature(algorithm, privateKey, input)}`;
}

export interface CoinbaseJwtRequest {
  /** REST: method, host (with port when not the default) and path without the query. Omit all three for WebSocket. */
  readonly method?: string;
  readonly host?: string;
  readonly path?: string;
  /** Epoch seconds used for nbf. */
  readonly nowSec: number;
  /** Header nonce (default: 16 random bytes, hex). */
  readonly nonce?: string;
}

/**
 * A signed Coinbase JWT for one request (or one WebSocket subscribe).
 * @throws ConfigError when only some of method/host/path are given.
 */
export function buildCoinbaseJwt(key: CoinbaseSigningKey, request: CoinbaseJwtRequest): string {
  const parts = [request.method, request.host, request.path].filter((x) => x !== undefined).length;
  if (parts !== 0 && parts !== 3) throw new ConfigError('a Coinbase REST JWT needs method, host and path (a WebSocket JWT none)', {});
  const nbf = Math.floor(request.nowSec);
  const claims: Record<string, unknown> = { sub: key.keyName, iss: 'cdp', nbf, exp: nbf + COINBASE_JWT_LIFETIME_SEC };
  if (parts === 3) claims.uri = coinbaseJwtUri(request.method!, request.host!, request.path!);
  const header = { alg: key.algorithm, kid: key.keyName, nonce: request.nonce ?? randomBytes(16).toString('hex'), typ: 'JWT' };
  return signCompactJws(header, claims, key.algorithm, key.privateKey);
}

/** The `uri` claim: "GET api.coinbase.com/api/v3/brokerage/accounts". */
export function coinbaseJwtUri(method: string, host: string, path: string): string {
  return `${method.toUpperCase()} ${host}${path}`;
}

/** Header and claims of a compact JWT, without checking anything; null when it is not three base64url JSON parts. */
export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown>; signingInput: string; signature: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (typeof header !== 'object' || header === null || typeof claims !== 'object' || claims === null) return null;
    return { header: header as Record<string, unknown>, claims: claims as Record<string, unknown>, signingInput: `${parts[0]}.${parts[1]}`, signature: parts[2]! };
  } catch {
    return null;
  }
}
