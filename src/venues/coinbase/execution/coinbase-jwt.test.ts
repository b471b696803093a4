import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildCoinbaseJwt, decodeJwt, ed25519FromSeed, jwsSignature, parseCoinbasePrivateKey, signCompactJws, verifyJwsSignature,
} from './coinbase-jwt.js';

const examples = JSON.parse(readFileSync(new URL('../fixtures/signing-examples.json', import.meta.url), 'utf8')) as {
  rfc7515_a3_es256: { jwk: Record<string, string>; protected: string; payload: string; signature: string };
  rfc8037_a4_ed25519: { jwk: Record<string, string>; header: Record<string, string>; payloadText: string; protected: string; payload: string; signature: string };
  coinbase_rest_jwt: { keyName: string; request: { method: string; host: string; path: string }; claims: { uri: string } };
};

describe('ES256 against RFC 7515 A.3', () => {
  const a3 = examples.rfc7515_a3_es256;
  const { d: _d, ...publicJwk } = a3.jwk;
  const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' });
  const privateKey = createPrivateKey({ key: a3.jwk, format: 'jwk' });
  const input = `${a3.protected}.${a3.payload}`;

  it('verifies the documented signature and refuses a changed one', () => {
    expect(verifyJwsSignature('ES256', publicKey, input, a3.signature)).toBe(true);
    const flipped = a3.signature.slice(0, -1) + (a3.signature.endsWith('Q') ? 'A' : 'Q');
    expect(verifyJwsSignature('ES256', publicKey, input, flipped)).toBe(false);
    expect(verifyJwsSignature('ES256', publicKey, `${a3.protected}.e30`, a3.signature)).toBe(false);
  });

  it('signs with the documented key in the raw r||s form the documented verifier accepts', () => {
    const signature = jwsSignature('ES256', privateKey, input);
    expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
    expect(verifyJwsSignature('ES256', publicKey, input, signature)).toBe(true);
  });
});

describe('EdDSA against RFC 8037 A.4', () => {
  const a4 = examples.rfc8037_a4_ed25519;

  it('reproduces the documented signature exactly', () => {
    const key = ed25519FromSeed(Buffer.from(a4.jwk.d!, 'base64url'));
    expect(createPublicKey(key).export({ format: 'jwk' }).x).toBe(a4.jwk.x);
    expect(signCompactJws(a4.header, a4.payloadText, 'EdDSA', key)).toBe(`${a4.protected}.${a4.payload}.${a4.signature}`);
    expect(verifyJwsSignature('EdDSA', createPublicKey(key), `${a4.protected}.${a4.payload}`, a4.signature)).toBe(true);
  });

  it('reads a Coinbase Ed25519 secret (base64 seed and public key) and refuses a mismatched public half', () => {
    const seed = Buffer.from(a4.jwk.d!, 'base64url');
    const secret = Buffer.concat([seed, Buffer.from(a4.jwk.x!, 'base64url')]).toString('base64');
    const key = parseCoinbasePrivateKey('k', secret);
    expect(key.algorithm).toBe('EdDSA');
    expect(jwsSignature('EdDSA', key.privateKey, `${a4.protected}.${a4.payload}`)).toBe(a4.signature);
    const wrong = Buffer.concat([seed, Buffer.alloc(32, 1)]).toString('base64');
    expect(() => parseCoinbasePrivateKey('k', wrong)).toThrow(/public half/);
  });
});

describe('Coinbase JWT', () => {
  const doc = examples.coinbase_rest_jwt;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'sec1', format: 'pem' }).toString();

  it('has the documented header and claims for a REST request, and verifies', () => {
    const key = parseCoinbasePrivateKey(doc.keyName, pem.replace(/\n/g, '\\n'));
    expect(key.algorithm).toBe('ES256');
    const token = buildCoinbaseJwt(key, { ...doc.request, nowSec: 1_700_000_000.7, nonce: 'ab12' });
    const decoded = decodeJwt(token)!;
    expect(decoded.header).toEqual({ alg: 'ES256', kid: doc.keyName, nonce: 'ab12', typ: 'JWT' });
    expect(decoded.claims).toEqual({ sub: doc.keyName, iss: 'cdp', nbf: 1_700_000_000, exp: 1_700_000_120, uri: doc.claims.uri });
    expect(verifyJwsSignature('ES256', createPublicKey(key.privateKey), decoded.signingInput, decoded.signature)).toBe(true);
  });

  it('leaves the uri out for a WebSocket subscribe and draws a fresh nonce each time', () => {
    const key = parseCoinbasePrivateKey(doc.keyName, pem);
    const a = decodeJwt(buildCoinbaseJwt(key, { nowSec: 1_700_000_000 }))!;
    const b = decodeJwt(buildCoinbaseJwt(key, { nowSec: 1_700_000_000 }))!;
    expect(a.claims).not.toHaveProperty('uri');
    expect(a.header.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(a.header.nonce).not.toBe(b.header.nonce);
  });

  it('refuses keys of other kinds without quoting them', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => parseCoinbasePrivateKey('k', rsa)).toThrow(/ECDSA P-256/);
    expect(() => parseCoinbasePrivateKey('k', 'not a key!')).toThrow(/neither an EC PEM/);
    expect(() => parseCoinbasePrivateKey('k', 'c2hvcnQ=')).toThrow(/64 bytes/);
    expect(() => buildCoinbaseJwt(parseCoinbasePrivateKey('k', pem), { method: 'GET', nowSec: 1 })).toThrow(/method, host and path/);
  });
});
