/**
 * A strong-Wolfe line search (bracketing then zoom with safeguarded cubic interpolation, Nocedal and
 * Wright 2006, Algorithms 3.5–3.6). A non-finite objective (a barrier such as log of a non-positive
 * wealth) counts as "too far": the step is cut back, never accepted.
 */

/** Evaluates φ(α) = f(x + α·d) and φ′(α); writes out[0] = φ(α), out[1] = φ′(α). */
export type LineFunction = (alpha: number, out: Float64Array) => void;

export interface WolfeLineSearchOptions {
  /** Largest step allowed (e.g. the distance to the first bound); Infinity for none. */
  readonly alphaMax: number;
  /** Sufficient-decrease constant. Default 1e-4. */
  readonly c1?: number;
  /** Curvature constant. Default 0.9 (quasi-Newton). */
  readonly c2?: number;
  /** Relative rounding noise of f tolerated in the decrease test. Default 1e-14. */
  readonly noise?: number;
  /** Evaluation budget. Default 30. */
  readonly maxEvaluations?: number;
}

export interface WolfeLineSearchResult {
  /** Accepted step, 0 when the search failed. */
  readonly alpha: number;
  readonly f: number;
  readonly evaluations: number;
  /** `wolfe`: both conditions hold; `max-step`: sufficient decrease at alphaMax; `decrease`: only sufficient decrease. */
  readonly status: 'wolfe' | 'max-step' | 'decrease' | 'failed';
  /** Whether the last call to `evaluate` was at the accepted step (so the caller's buffers hold it). */
  readonly lastEvaluatedIsAccepted: boolean;
}

/**
 * Finds α > 0 with φ(α) ≤ φ(0) + c1·α·φ′(0) and |φ′(α)| ≤ c2·|φ′(0)|, starting from `alpha0`.
 * Requires φ′(0) < 0.
 */
export function wolfeLineSearch(
  evaluate: LineFunction,
  f0: number,
  slope0: number,
  alpha0: number,
  options: WolfeLineSearchOptions,
): WolfeLineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const maxEvaluations = options.maxEvaluations ?? 30;
  let alphaMax = options.alphaMax;
  const buf = new Float64Array(2);
  let evaluations = 0;
  let lastAlpha = Number.NaN;
  const probe = (alpha: number): void => {
    evaluate(alpha, buf);
    evaluations++;
    lastAlpha = alpha;
  };
  // Sufficient decrease relaxed by the rounding noise of f, so that near the optimum, where f can no
  // longer resolve the decrease, the curvature (derivative) condition still drives the search.
  const noise = (options.noise ?? 1e-14) * Math.max(1, Math.abs(f0));
  const armijo = (alpha: number, f: number): boolean => Number.isFinite(f) && f <= f0 + c1 * alpha * slope0 + noise;
  const done = (alpha: number, f: number, status: WolfeLineSearchResult['status']): WolfeLineSearchResult => ({
    alpha,
    f,
    evaluations,
    status,
    lastEvaluatedIsAccepted: alpha === lastAlpha,
  });

  let prevAlpha = 0;
  let prevF = f0;
  let prevSlope = slope0;
  let alpha = Math.min(alpha0, alphaMax);
  // Bracketing phase.
  let lo = 0, loF = f0, loSlope = slope0, hi = 0, hiF = 0, hiSlope = 0;
  let bracketed = false;
  while (evaluations < maxEvaluations) {
    probe(alpha);
    const f = buf[0]!;
    const slope = buf[1]!;
    if (!armijo(alpha, f) || (evaluations > 1 && f > prevF + noise)) {
      lo = prevAlpha; loF = prevF; loSlope = prevSlope;
      hi = alpha; hiF = f; hiSlope = slope;
      if (!Number.isFinite(f)) alphaMax = alpha;
      bracketed = true;
      break;
    }
    if (Math.abs(slope) <= -c2 * slope0) return done(alpha, f, 'wolfe');
    if (slope >= 0) {
      lo = alpha; loF = f; loSlope = slope;
      hi = prevAlpha; hiF = prevF; hiSlope = prevSlope;
      bracketed = true;
      break;
    }
    if (alpha >= alphaMax) return done(alpha, f, 'max-step');
    prevAlpha = alpha; prevF = f; prevSlope = slope;
    alpha = Math.min(alphaMax, 4 * alpha);
  }
  if (!bracketed) return prevAlpha > 0 ? done(prevAlpha, prevF, 'decrease') : done(0, f0, 'failed');

  // Zoom phase: lo always satisfies sufficient decrease and has the lowest value seen.
  while (evaluations < maxEvaluations) {
    const width = Math.abs(hi - lo);
    if (width <= 1e-16 * Math.max(1, Math.abs(hi))) break;
    let trial = cubicMinimizer(lo, loF, loSlope, hi, hiF, hiSlope);
    const a = Math.min(lo, hi) + 0.1 * width;
    const b = Math.max(lo, hi) - 0.1 * width;
    if (!(trial >= a && trial <= b)) trial = 0.5 * (lo + hi);
    probe(trial);
    const f = buf[0]!;
    const slope = buf[1]!;
    if (!armijo(trial, f) || f > loF + noise) {
      hi = trial; hiF = f; hiSlope = slope;
      continue;
    }
    if (Math.abs(slope) <= -c2 * slope0) return done(trial, f, 'wolfe');
    if (slope * (hi - lo) >= 0) {
      hi = lo; hiF = loF; hiSlope = loSlope;
    }
    lo = trial; loF = f; loSlope = slope;
  }
  return lo > 0 ? done(lo, loF, 'decrease') : done(0, f0, 'failed');
}

/** Minimiser of the cubic through (a, fa, ga) and (b, fb, gb); NaN when it does not exist. */
function cubicMinimizer(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  if (!Number.isFinite(fb) || !Number.isFinite(gb)) return Number.NaN;
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (disc < 0) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (gb + d2 - d1)) / (gb - ga + 2 * d2);
}
