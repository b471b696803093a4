/**
 * Cost of Coinbase's per-request authentication: JWTs built and signed per second (ES256 and
 * EdDSA keys), against bare node:crypto `sign` of a signing input of the same length with the
 * same key in the same run (the ceiling: what JSON, base64url and the nonce add on top of the
 * signature itself).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { benchRow, measureRate, type BenchRow, type BenchSuite } from '../../../bench/bench-row.js';
import { buildCoinbaseJwt, type CoinbaseSigningKey } from './coinbase-jwt.js';

function row(key: CoinbaseSigningKey): BenchRow {
  const request = { method: 'POST', host: 'api.coinbase.com', path: '/api/v3/brokerage/orders' };
  let nowSec = 1_700_000_000;
  const input = Buffer.from(buildCoinbaseJwt(key, { ...request, nowSec }).split('.').slice(0, 2).join('.'), 'ascii');
  const options = key.algorithm === 'ES256' ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' as const } : key.privateKey;
  const jwt = measureRate(() => void buildCoinbaseJwt(key, { ...request, nowSec: nowSec++ }), 1);
  const bare = measureRate(() => void sign(key.algorithm === 'ES256' ? 'sha256' : null, input, options), 1);
  return benchRow(`coinbase: ${key.algorithm} REST JWTs built and signed per second`, 'ops/s', jwt, bare, `reference: bare node:crypto sign of a ${input.length}-byte signing input with the same key`);
}

export const coinbaseJwtSuite: BenchSuite = {
  name: 'coinbase-jwt',
  async run(ctx): Promise<BenchRow[]> {
    ctx.log('signing Coinbase JWTs');
    return [
      row({ keyName: 'organizations/o/apiKeys/k', algorithm: 'ES256', privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }),
      row({ keyName: 'organizations/o/apiKeys/k', algorithm: 'EdDSA', privateKey: generateKeyPairSync('ed25519').privateKey }),
    ];
  },
};
