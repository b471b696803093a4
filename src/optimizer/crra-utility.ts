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
