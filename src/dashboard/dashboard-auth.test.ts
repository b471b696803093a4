import { describe, expect, it } from 'vitest';
import { checkAccess, presentedToken, requiredToken } from './dashboard-auth.js';

const TOKEN = 'a-very-secret-token-123';

describe('dashboard access', () => {
  it('needs no token on loopback but demands one (naming the variable) on any other address', () => {
    expect(requiredToken('127.0.0.1', undefined)).toBeNull();
    expect(() => requiredToken('0.0.0.0', undefined)).toThrow(/ARBITER_DASHBOARD_TOKEN/);
    expect(() => requiredToken('192.168.1.5', '')).toThrow(/ARBITER_DASHBOARD_TOKEN/);
    expect(() => requiredToken('0.0.0.0', 'short')).toThrow(/too short/);
    expect(requiredToken('0.0.0.0', TOKEN)).toBe(TOKEN);
  });

  it('reads the token from a bearer header or the cookie', () => {
    expect(presentedToken({ authorization: `Bearer ${TOKEN}` })).toBe(TOKEN);
    expect(presentedToken({ cookie: `x=1; arbiter_token=${encodeURIComponent(TOKEN)}; y=2` })).toBe(TOKEN);
    expect(presentedToken({ cookie: 'arbiter_tokenx=1' })).toBeUndefined();
    expect(presentedToken({})).toBeUndefined();
  });

  it('refuses a missing or wrong token, a foreign origin, and on loopback a non-loopback Host (DNS rebinding)', () => {
    const guarded = { token: TOKEN, loopback: false };
    const host = '10.0.0.2:8079';
    expect(checkAccess({ headers: { host } }, guarded)).toMatchObject({ ok: false, status: 401 });
    expect(checkAccess({ headers: { host, authorization: 'Bearer nope-nope-nope-nope' } }, guarded)).toMatchObject({ ok: false, status: 401 });
    expect(checkAccess({ headers: { host, authorization: `Bearer ${TOKEN}` } }, guarded)).toEqual({ ok: true });
    expect(checkAccess({ headers: { host, authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' } }, guarded)).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess({ headers: { host, authorization: `Bearer ${TOKEN}`, origin: `http://${host}` } }, guarded)).toEqual({ ok: true });
    const local = { token: null, loopback: true };
    expect(checkAccess({ headers: { host: '127.0.0.1:8079' } }, local)).toEqual({ ok: true });
    expect(checkAccess({ headers: { host: 'localhost:8079' } }, local)).toEqual({ ok: true });
    expect(checkAccess({ headers: { host: 'attacker.example:8079' } }, local)).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess({ headers: { host: '127.0.0.1:8079', origin: 'null' } }, local)).toMatchObject({ ok: false, status: 403 });
  });
});
