/**
 * Constant relative risk aversion (CRRA) utility u_γ(w) = (w^(1−γ) − 1)/(1 − γ), with the log utility
 * (Kelly) as γ = 1. Wealth w is relative to the starting wealth, so u(1) = 0 for every γ.
 */

/** |γ − 1| below this is treated as log utility. */
const LOG_TOLERANCE = 1e-12;

/** True when γ is treated as exactly 1 (log utility). */
export function isLogUtility(riskAversion: number): boolean {
  return Math.abs(riskAversion - 1) < LOG_TOLERANCE;
}

/** u_γ(w); −Infinity for w ≤ 0 (ruin is never acceptable, whatever γ). */
export function crraUtility(wealth: number, riskAversion: number): number {
  if (!(wealth > 0)) return -Infinity;
  if (isLogUtility(riskAversion)) return Math.log(wealth);
  return (wealth ** (1 - riskAversion) - 1) / (1 - riskAversion);
}

/** u′_γ(w) = w^−γ; +Infinity for w ≤ 0. */
export function crraMarginalUtility(wealth: number, riskAversion: number): number {
  if (!(wealth > 0)) return Infinity;
  return isLogUtility(riskAversion) ? 1 / wealth : wealth ** -riskAversion;
}

/**
 * The wealth whose utility is `utility` (u⁻¹), i.e. the certainty equivalent of an expected utility.
 * Returns 0 when the utility is below what any positive wealth reaches (γ > 1 and u ≤ −1/(γ − 1)).
 */
export function crraInverseUtility(utility: number, riskAversion: number): number {
  if (isLogUtility(riskAversion)) return Math.exp(utility);
  const base = 1 + (1 - riskAversion) * utility;
  return base > 0 ? base ** (1 / (1 - riskAversion)) : 0;
}

/**
 * Eight factors above 1e-36 have every partial product above 1e-288 (no underflow, no subnormal),
 * and an overflowing partial product makes the whole product +Infinity, which the upper test catches.
 */
const FACTOR_LOW = 1e-36;
const PRODUCT_HIGH = 1e288;

/**
 * Σ_s ln(offset + w_s) with one Math.log per eight scenarios (the log of their product), about half
 * the cost of a log per scenario. The product of eight normal numbers carries at most seven
 * roundings, so each block's log is within 8e-16 of the sum of its eight logs. A block with a
 * factor below 1e-36 or a product above 1e288 is summed term by term instead.
 * Returns NaN when some offset + w_s ≤ 0 or is NaN.
 */
export function sumOfLogs(w: Float64Array, offset = 0): number {
  const count = w.length;
  let total = 0;
  let s = 0;
  for (; s + 8 <= count; s += 8) {
    const a = offset + w[s]!, b = offset + w[s + 1]!, c = offset + w[s + 2]!, d = offset + w[s + 3]!;
    const e = offset + w[s + 4]!, f = offset + w[s + 5]!, g = offset + w[s + 6]!, h = offset + w[s + 7]!;
    if (a > FACTOR_LOW && b > FACTOR_LOW && c > FACTOR_LOW && d > FACTOR_LOW && e > FACTOR_LOW && f > FACTOR_LOW && g > FACTOR_LOW && h > FACTOR_LOW) {
      const product = a * b * (c * d) * (e * f * (g * h));
      if (product < PRODUCT_HIGH) {
        total += Math.log(product);
        continue;
      }
    }
    for (let k = s; k < s + 8; k++) {
      const v = offset + w[k]!;
      if (!(v > 0)) return Number.NaN;
      total += Math.log(v);
    }
  }
  for (; s < count; s++) {
    const v = offset + w[s]!;
    if (!(v > 0)) return Number.NaN;
    total += Math.log(v);
  }
  return total;
}
