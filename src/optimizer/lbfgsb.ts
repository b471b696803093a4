/**
 * L-BFGS-B: a bound-constrained limited-memory quasi-Newton minimiser. Each iteration fixes the
 * variables held at a bound by their gradient, builds a quasi-Newton direction on the free ones with
 * the two-loop recursion, and searches along it: a strong-Wolfe line search while the step stays
 * inside the box, a projected (bent) path with sufficient decrease once it would leave it.
 * Convergence tests follow scipy's L-BFGS-B (projected-gradient and relative-reduction tolerances).
 *
 * With `partialGradient` the objective is asked only for the gradient of the variables that can move
 * in the current iteration; a variable held at a bound keeps the gradient it had when it was fixed
 * and stays fixed until the next full evaluation. Full evaluations happen at the start, every ten
 * iterations, and whenever the run would end, and the run only ends if the fresh gradient agrees,
 * so the convergence tests are the same as without it.
 */
import { ArbiterError } from '../domain/errors.js';
import { LbfgsMemory } from './lbfgs-memory.js';
import { wolfeLineSearch } from './wolfe-line-search.js';

/**
 * Writes ∇f(x) into `gradient` and returns f(x). May return +Infinity (a barrier), never NaN. When
 * `needed` is given only the components i with needed[i] = 1 are read afterwards: the others may
 * be skipped (or hold anything); an objective may also ignore it and always write the whole gradient.
 */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array, needed?: Uint8Array) => number;

export interface LbfgsbOptions {
  /** Lower bounds (−Infinity for none); default none. */
  readonly lower?: ArrayLike<number>;
  /** Upper bounds (+Infinity for none); default none. */
  readonly upper?: ArrayLike<number>;
  /** Correction pairs kept. Default 10 (scipy `maxcor`). */
  readonly memory?: number;
  /** Default 15000 (scipy `maxiter`). */
  readonly maxIterations?: number;
  /** Default 15000 (scipy `maxfun`). */
  readonly maxEvaluations?: number;
  /** Stop when max_i |P(x − ∇f) − x|_i ≤ pgtol. Default 1e-5 (scipy `gtol`). */
  readonly pgtol?: number;
  /** Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol. Default 2.22e-9 (scipy `ftol`). */
  readonly ftol?: number;
  /**
   * Request only the gradient of the variables free in each iteration (pays off when the objective
   * honours `needed` and computes components separately, and many variables sit on bounds). Default false.
   */
  readonly partialGradient?: boolean;
}

export type LbfgsbStatus = 'gradient' | 'function' | 'max-iterations' | 'max-evaluations' | 'line-search';

export interface LbfgsbResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  /** Why it stopped: `gradient` and `function` are convergence, the others are limits. */
  readonly status: LbfgsbStatus;
  /** max_i |P(x − ∇f(x)) − x|_i at the returned point. */
  readonly projectedGradientNorm: number;
}

/**
 * Minimises `objective` from `x0` (projected onto the box first) subject to lower ≤ x ≤ upper.
 *
 * @example
 * const r = minimizeLbfgsb((x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; },
 *   new Float64Array([0]), { upper: [2] }); // r.x[0] === 2
 * @throws ArbiterError `ARB_INPUT_INVALID` when a bound pair is inverted or f(x0) is not finite.
 */
export function minimizeLbfgsb(objective: ObjectiveWithGradient, x0: ArrayLike<number>, options: LbfgsbOptions = {}): LbfgsbResult {
  const n = x0.length;
  const lower = new Float64Array(n).fill(-Infinity);
  const upper = new Float64Array(n).fill(Infinity);
  if (options.lower) for (let i = 0; i < n; i++) lower[i] = options.lower[i] ?? -Infinity;
  if (options.upper) for (let i = 0; i < n; i++) upper[i] = options.upper[i] ?? Infinity;
  for (let i = 0; i < n; i++) {
    if (!(lower[i]! <= upper[i]!)) throw new ArbiterError('ARB_INPUT_INVALID', `bound ${i} is empty: [${lower[i]}, ${upper[i]}]`, { index: i });
  }
  const pgtol = options.pgtol ?? 1e-5;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const maxIterations = options.maxIterations ?? 15000;
  const maxEvaluations = options.maxEvaluations ?? 15000;
  const memory = new LbfgsMemory(n, options.memory ?? 10);

  let x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = clamp(x0[i]!, lower[i]!, upper[i]!);
  let g = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new ArbiterError('ARB_INPUT_INVALID', `objective is not finite at the starting point (${f})`, { f });
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const free = new Int32Array(n);
  let iterations = 0;
  let status: LbfgsbStatus = 'max-iterations';
  let retriedSteepest = false;
  let fLast = f;
  const partial = options.partialGradient === true;
  // needed[i] = 1 for the variables free in this iteration; the others' gradient entries are carried.
  const needed = new Uint8Array(n).fill(1);
  let carried = 0; // how many entries of g were carried over rather than evaluated at x
  let lastFull = 0; // iteration of the last full gradient

  const evaluateAt = (alpha: number, project: boolean): number => {
    for (let i = 0; i < n; i++) {
      const v = x[i]! + alpha * d[i]!;
      xNew[i] = project || v < lower[i]! || v > upper[i]! ? clamp(v, lower[i]!, upper[i]!) : v;
    }
    evaluations++;
    if (!partial) fLast = objective(xNew, gNew);
    else {
      fLast = objective(xNew, gNew, needed);
      for (let i = 0; i < n; i++) if (!needed[i]) gNew[i] = g[i]!;
    }
    return fLast;
  };
  /** Evaluates the carried entries of g at x; returns the largest projected-gradient entry among them. */
  const refresh = (): number => {
    for (let i = 0; i < n; i++) needed[i] = needed[i] ? 0 : 1;
    f = objective(x, gNew, needed); // into scratch: entries not needed may come back overwritten
    evaluations++;
    carried = 0;
    lastFull = iterations;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      if (!needed[i]) continue;
      g[i] = gNew[i]!;
      worst = Math.max(worst, Math.abs(clamp(x[i]! - g[i]!, lower[i]!, upper[i]!) - x[i]!));
    }
    needed.fill(1);
    return worst;
  };

  for (;;) {
    // Carried entries also get a periodic check, so that a bound that stopped holding does not steer
    // a long run until its end.
    if (carried > 0 && iterations - lastFull >= FULL_GRADIENT_INTERVAL) refresh();
    if (projectedGradientNorm(x, g, lower, upper) <= pgtol) {
      if (carried > 0) {
        refresh();
        continue;
      }
      status = 'gradient';
      break;
    }
    if (iterations >= maxIterations) {
      status = 'max-iterations';
      break;
    }
    if (evaluations >= maxEvaluations) {
      status = 'max-evaluations';
      break;
    }
    // Free set: variables not held at a bound by the gradient.
    let freeCount = 0;
    for (let i = 0; i < n; i++) {
      const atLower = x[i]! <= lower[i]! && g[i]! > 0;
      const atUpper = x[i]! >= upper[i]! && g[i]! < 0;
      if (!atLower && !atUpper) free[freeCount++] = i;
      if (partial) needed[i] = atLower || atUpper ? 0 : 1;
    }
    memory.direction(g, free, freeCount, d);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      memory.reset();
      memory.direction(g, free, freeCount, d);
      slope = dot(g, d);
    }
    const dNorm = Math.sqrt(dot(d, d));
    const alpha0 = memory.length === 0 ? Math.min(1, 1 / dNorm) : 1;
    const alphaBreak = firstBreakpoint(x, d, lower, upper);
    const fOld = f;
    let accepted = false;
    if (alpha0 <= alphaBreak) {
      const search = wolfeLineSearch(
        (alpha, out) => {
          out[0] = evaluateAt(alpha, false);
          out[1] = dot(gNew, d);
        },
        f,
        slope,
        alpha0,
        { alphaMax: Number.isFinite(alphaBreak) ? alphaBreak : 1e20, maxEvaluations: 30 },
      );
      if (search.status !== 'failed') {
        if (!search.lastEvaluatedIsAccepted) evaluateAt(search.alpha, false);
        accepted = true;
      }
    } else {
      // Projected path: halve α until P(x + αd) gives sufficient decrease.
      let alpha = alpha0;
      for (let trial = 0; trial < 40; trial++) {
        const fTrial = evaluateAt(alpha, true);
        let decrease = 0;
        for (let i = 0; i < n; i++) decrease += g[i]! * (xNew[i]! - x[i]!);
        if (Number.isFinite(fTrial) && decrease < 0 && fTrial <= f + 1e-4 * decrease) {
          accepted = true;
          break;
        }
        alpha *= 0.5;
      }
    }
    if (!accepted) {
      if (carried > 0) {
        // The free set came partly from carried gradients: retry with fresh ones before giving up.
        refresh();
        continue;
      }
      if (memory.length > 0 && !retriedSteepest) {
        memory.reset();
        retriedSteepest = true;
        continue;
      }
      status = 'line-search';
      break;
    }
    retriedSteepest = false;
    const fNew = fLast; // the last evaluation is always at the accepted point
    memory.push(xNew, x, gNew, g);
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    iterations++;
    if (partial) carried = n - freeCount;
    if (fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) {
      // Stop only if no variable held at a bound by a carried gradient would now be released.
      if (carried > 0 && refresh() > pgtol) continue;
      status = 'function';
      break;
    }
  }
  if (carried > 0) refresh();
  return { x, f, gradient: g, iterations, evaluations, status, projectedGradientNorm: projectedGradientNorm(x, g, lower, upper) };
}

/** Iterations between full gradients with `partialGradient` (besides those before stopping). */
const FULL_GRADIENT_INTERVAL = 10;

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** max_i |clamp(x_i − g_i) − x_i|. */
export function projectedGradientNorm(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(clamp(x[i]! - g[i]!, lower[i]!, upper[i]!) - x[i]!));
  return m;
}

/** Largest α with x + α·d inside the box. */
function firstBreakpoint(x: Float64Array, d: Float64Array, lower: Float64Array, upper: Float64Array): number {
  let t = Infinity;
  for (let i = 0; i < x.length; i++) {
    const di = d[i]!;
    if (di < 0) t = Math.min(t, (lower[i]! - x[i]!) / di);
    else if (di > 0) t = Math.min(t, (upper[i]! - x[i]!) / di);
  }
  return t;
}
