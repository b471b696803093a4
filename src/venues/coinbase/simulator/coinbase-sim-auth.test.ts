import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCoinbaseJwt, signCompactJws, type CoinbaseSigningKey } from '../execution/coinbase-jwt.js';
import { CoinbaseSimAuth } from './coinbase-sim-auth.js';

const NAME = 'organizations/o/apiKeys/k';
const NOW = 1_700_000_000;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const key: CoinbaseSigningKey = { keyName: NAME, algorithm: 'ES256', privateKey: ec.privateKey };
const URI = 'POST 127.0.0.1:1/api/v3/brokerage/orders';

function auth(): CoinbaseSimAuth {
  const a = new CoinbaseSimAuth(() => NOW);
  a.registerKey(NAME, ec.publicKey);
  return a;
}
const rest = (over: { nowSec?: number; nonce?: string; path?: string } = {}): string =>
  buildCoinbaseJwt(key, { method: 'POST', host: '127.0.0.1:1', path: over.path ?? '/api/v3/brokerage/orders', nowSec: over.nowSec ?? NOW, ...(over.nonce ? { nonce: over.nonce } : {}) });

describe('the simulator JWT check', () => {
  it('accepts a good token once and refuses the same nonce again', () => {
    const a = auth();
    const token = rest({ nonce: 'n1' });
    expect(a.check(token, URI)).toBeNull();
    expect(a.check(token, URI)).toBe('nonce reused');
  });

  it('refuses expired, future, wrong-uri, unknown-key, wrong-alg and over-long tokens', () => {
    const a = auth();
    expect(a.check(rest({ nowSec: NOW - 121 }), URI)).toBe('expired');
    expect(a.check(rest({ nowSec: NOW + 60 }), URI)).toBe('not yet valid');
    expect(a.check(rest({ path: '/api/v3/brokerage/accounts' }), URI)).toBe('uri does not match the request');
    expect(a.check(buildCoinbaseJwt({ ...key, keyName: 'other' }, { nowSec: NOW }), null)).toBe('unknown key');
    const ed = generateKeyPairSync('ed25519').privateKey;
    expect(a.check(signCompactJws({ alg: 'EdDSA', kid: NAME, nonce: 'x' }, { sub: NAME, iss: 'cdp', nbf: NOW, exp: NOW + 120 }, 'EdDSA', ed), null)).toMatch(/alg EdDSA/);
    expect(a.check(signCompactJws({ alg: 'ES256', kid: NAME, nonce: 'y' }, { sub: NAME, iss: 'cdp', nbf: NOW, exp: NOW + 3600 }, 'ES256', ec.privateKey), null)).toBe('lifetime over 120 s');
    expect(a.check(signCompactJws({ alg: 'ES256', kid: NAME, nonce: 'z' }, { sub: NAME, iss: 'coinbase-cloud', nbf: NOW, exp: NOW + 60 }, 'ES256', ec.privateKey), null)).toBe('iss is not cdp');
    expect(a.check('a.b', null)).toBe('malformed JWT');
    expect(a.checkRequest(undefined, 'GET', 'h', '/')).toBe('missing JWT');
  });

  it('refuses a token whose signature was made by another key', () => {
    const forged: CoinbaseSigningKey = { ...key, privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey };
    expect(auth().check(buildCoinbaseJwt(forged, { nowSec: NOW }), null)).toBe('bad signature');
  });
});
