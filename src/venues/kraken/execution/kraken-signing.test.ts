import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KrakenNonce, krakenApiSign } from './kraken-signing.js';

interface Example { privateKey: string; nonce: string; encodedPayload: string; uriPath: string; apiSign: string }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/signing-examples.json', import.meta.url), 'utf8')) as { examples: Example[] };

describe('Kraken API-Sign', () => {
  it('reproduces the documented example signature', () => {
    expect(fixture.examples.length).toBeGreaterThan(0);
    for (const e of fixture.examples) expect(krakenApiSign(e.uriPath, e.nonce, e.encodedPayload, e.privateKey)).toBe(e.apiSign);
  });

  it('changes when the path, nonce or body changes', () => {
    const e = fixture.examples[0]!;
    const base = krakenApiSign(e.uriPath, e.nonce, e.encodedPayload, e.privateKey);
    expect(krakenApiSign('/0/private/CancelOrder', e.nonce, e.encodedPayload, e.privateKey)).not.toBe(base);
    expect(krakenApiSign(e.uriPath, '1616492376595', e.encodedPayload, e.privateKey)).not.toBe(base);
    expect(krakenApiSign(e.uriPath, e.nonce, e.encodedPayload.replace('1.25', '1.26'), e.privateKey)).not.toBe(base);
  });

  it('rejects a private key that is not base64 without echoing it', () => {
    expect(() => krakenApiSign('/0/private/Balance', '1', 'nonce=1', 'not base64!secret')).toThrow(/not base64/);
    try {
      krakenApiSign('/0/private/Balance', '1', 'nonce=1', 'not base64!secret');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('secret');
    }
  });
});

describe('KrakenNonce', () => {
  it('is strictly increasing within one millisecond and follows the clock in microseconds', () => {
    let now = 1_700_000_000_000;
    const nonce = new KrakenNonce(() => now);
    const a = nonce.next();
    const b = nonce.next();
    const c = nonce.next();
    expect(a).toBe(1_700_000_000_000_000);
    expect(b).toBe(a + 1);
    expect(c).toBe(a + 2);
    now += 1;
    expect(nonce.next()).toBe(1_700_000_000_001_000);
  });

  it('never goes back when the clock steps backwards', () => {
    let now = 1_700_000_000_000;
    const nonce = new KrakenNonce(() => now);
    const a = nonce.next();
    now -= 5_000;
    expect(nonce.next()).toBe(a + 1);
    expect(Number.isSafeInteger(nonce.next())).toBe(true);
  });
});
