/**
 * Pricing through the public API: Black–Scholes prices and greeks for a small strike ladder, then
 * the implied vol recovered from each price (it must match the vol that priced it).
 *
 *   node --import tsx examples/pricing-implied-vol.ts
 */
import { bsGreeks, bsPrice, impliedVol } from '../src/index.js';

const spot = 60_000;
const years = 30 / 365;
const vol = 0.55;
process.stdout.write('strike  type   price       delta    vega      implied vol\n');
let worst = 0;
for (const strike of [50_000, 55_000, 60_000, 65_000, 70_000]) {
  for (const type of ['call', 'put'] as const) {
    const option = { type, spot, strike, years, vol, rate: 0.03 };
    const price = bsPrice(option);
    const g = bsGreeks(option);
    const iv = impliedVol({ type, price, spot, strike, years, rate: 0.03 });
    if (iv === null) throw new Error(`no implied vol for ${type} ${strike}`);
    worst = Math.max(worst, Math.abs(iv - vol));
    process.stdout.write(`${String(strike).padEnd(8)}${type.padEnd(7)}${price.toFixed(2).padStart(9)}  ${g.delta.toFixed(4).padStart(7)}  ${g.vega.toFixed(1).padStart(8)}  ${iv.toFixed(10)}\n`);
  }
}
process.stdout.write(`largest implied-vol round-trip error: ${worst.toExponential(2)}\n`);
if (worst > 1e-8) process.exitCode = 1;
