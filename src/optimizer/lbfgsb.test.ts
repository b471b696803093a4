import { describe, expect, it } from 'vitest';
import { minimizeLbfgsb, projectedGradientNorm, type ObjectiveWithGradient } from './lbfgsb.js';

// Reference optima: scipy 1.17 minimize(method='L-BFGS-B', ftol=1e-15, gtol=1e-11), produced by
// src/optimizer/reference/lbfgsb_reference.py (same problem formulas as below).
const SCIPY = {
  rosenbrock2Bounded: { x: [0.8, 0.6400000000000001], f: 0.03999999999999998 },
  rosenbrock5Bounded: {
    x: [0.9, 0.8285090931085136, 0.6965625012708031, 0.49029635463229543, 0.2403905153848985],
    f: 0.4384100789991179,
  },
  quadratic8: {
    x: [0.9653248557716055, -1.0, 1.542131889912271, -1.0, 1.6987868828124162, -1.0, 1.8005093054886199, -1.0],
    f: -57.29093063943509,
  },
  utility16x3: { x: [0.11686431856278745, 0.3156107851847758, 0.3624402599461408], f: -0.049054402210524525 },
};

const TIGHT = { pgtol: 1e-11, ftol: 0 };

const rosenbrock: ObjectiveWithGradient = (x, g) => {
  const n = x.length;
  let f = 0;
  g.fill(0);
  for (let i = 0; i < n - 1; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    f += 100 * a * a + b * b;
    g[i]! += -400 * x[i]! * a - 2 * b;
    g[i + 1]! += 200 * a;
  }
  return f;
};

function quadratic(n: number): ObjectiveWithGradient {
  const a = (i: number, j: number): number => 1 / (1 + Math.abs(i - j)) + (i === j ? i + 1 : 0);
  const b = (i: number): number => (-1) ** i * (i + 1) * 2;
  return (x, g) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += a(i, j) * x[j]!;
      g[i] = ax - b(i);
      f += 0.5 * x[i]! * ax - b(i) * x[i]!;
    }
    return f;
  };
}

function negativeLogUtility(scenarios: number, assets: number): ObjectiveWithGradient {
  const r = (s: number, j: number): number => 0.9 * Math.sin(1.7 * s + 2.3 * j + 0.5 * s * j) + 0.05 * (j + 1);
  return (y, g) => {
    g.fill(0);
    let f = 0;
    for (let s = 0; s < scenarios; s++) {
      let w = 1;
      for (let j = 0; j < assets; j++) w += r(s, j) * y[j]!;
      if (!(w > 0)) return Infinity;
      f -= Math.log(w) / scenarios;
      for (let j = 0; j < assets; j++) g[j]! -= r(s, j) / w / scenarios;
    }
    return f;
  };
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(tol);
}

describe('minimizeLbfgsb', () => {
  it('finds the Rosenbrock minimum without bounds', () => {
    const r = minimizeLbfgsb(rosenbrock, [-1.2, 1], TIGHT);
    expectClose(r.x, [1, 1], 1e-7);
    expect(r.f).toBeLessThan(1e-14);
    expect(r.status).not.toBe('line-search');
  });

  it('solves a 100-dimensional Rosenbrock', () => {
    const r = minimizeLbfgsb(rosenbrock, new Float64Array(100).fill(-1), { ...TIGHT, maxIterations: 5000 });
    expectClose(r.x, new Array<number>(100).fill(1), 1e-6);
  });

  it('matches scipy on a 2-D Rosenbrock whose upper bound is active', () => {
    const r = minimizeLbfgsb(rosenbrock, [-1.2, 1], { lower: [-1.5, -0.5], upper: [0.8, 2], ...TIGHT });
    expect(r.x[0]).toBe(0.8);
    expectClose(r.x, SCIPY.rosenbrock2Bounded.x, 1e-9);
    expect(Math.abs(r.f - SCIPY.rosenbrock2Bounded.f)).toBeLessThan(1e-12);
  });

  it('matches scipy on a 5-D Rosenbrock with mixed bounds', () => {
    const r = minimizeLbfgsb(rosenbrock, new Float64Array(5).fill(-1), {
      lower: new Array<number>(5).fill(-2),
      upper: [0.9, 2, 2, 0.7, 2],
      ...TIGHT,
    });
    expect(r.x[0]).toBe(0.9);
    expectClose(r.x, SCIPY.rosenbrock5Bounded.x, 1e-7);
    expect(Math.abs(r.f - SCIPY.rosenbrock5Bounded.f)).toBeLessThan(1e-12);
  });

  it('matches scipy on a bounded quadratic with half of the bounds active', () => {
    const r = minimizeLbfgsb(quadratic(8), new Float64Array(8), { lower: new Array<number>(8).fill(-1), upper: new Array<number>(8).fill(2.5), ...TIGHT });
    expectClose(r.x, SCIPY.quadratic8.x, 1e-9);
    for (const i of [1, 3, 5, 7]) expect(r.x[i]).toBe(-1);
    expect(Math.abs(r.f - SCIPY.quadratic8.f)).toBeLessThan(1e-11);
  });

  it('matches scipy on a log-utility problem with a barrier', () => {
    const r = minimizeLbfgsb(negativeLogUtility(16, 3), new Float64Array(3), { lower: [0, 0, 0], upper: [0.5, 0.5, 0.5], ...TIGHT });
    expectClose(r.x, SCIPY.utility16x3.x, 1e-8);
    expect(Math.abs(r.f - SCIPY.utility16x3.f)).toBeLessThan(1e-13);
  });

  it('backs off from an infinite objective instead of failing', () => {
    // f = −log(1 − x) − 5x on x < 1, +∞ beyond: minimum at x = 0.8; steps toward the pole overshoot.
    const f: ObjectiveWithGradient = (x, g) => {
      const v = x[0]!;
      if (v >= 1) return Infinity;
      g[0] = 1 / (1 - v) - 5;
      return -Math.log(1 - v) - 5 * v;
    };
    const r = minimizeLbfgsb(f, [-20], TIGHT);
    expect(Math.abs(r.x[0]! - 0.8)).toBeLessThan(1e-9);
    expect(Number.isFinite(r.f)).toBe(true);
  });

  it('stops at once when the start is optimal and reports why', () => {
    const r = minimizeLbfgsb(quadratic(2), [0, 0], { lower: [0, 0], upper: [0, 0] });
    expect(r.status).toBe('gradient');
    expect(r.iterations).toBe(0);
  });

  it('rejects an empty box and a non-finite start', () => {
    expect(() => minimizeLbfgsb(rosenbrock, [0, 0], { lower: [1, 0], upper: [0, 1] })).toThrow(/empty/);
    expect(() => minimizeLbfgsb(() => Infinity, [0])).toThrow(/not finite/);
  });
});

/** Wraps f so that every gradient entry the solver did not ask for comes back NaN, and counts partial calls. */
function honouringNeeded(f: ObjectiveWithGradient): { objective: ObjectiveWithGradient; partialCalls: () => number } {
  let partial = 0;
  const objective: ObjectiveWithGradient = (x, g, needed) => {
    const value = f(x, g);
    if (needed && needed.includes(0)) {
      partial++;
      for (let i = 0; i < g.length; i++) if (!needed[i]) g[i] = Number.NaN;
    }
    return value;
  };
  return { objective, partialCalls: () => partial };
}

describe('minimizeLbfgsb with partialGradient', () => {
  it('reaches the scipy optima without reading a gradient entry it did not ask for', () => {
    const q = honouringNeeded(quadratic(8));
    const r = minimizeLbfgsb(q.objective, new Float64Array(8), { lower: new Array<number>(8).fill(-1), upper: new Array<number>(8).fill(2.5), ...TIGHT, partialGradient: true });
    expectClose(r.x, SCIPY.quadratic8.x, 1e-9);
    expect(Math.abs(r.f - SCIPY.quadratic8.f)).toBeLessThan(1e-11);
    expect(q.partialCalls()).toBeGreaterThan(0);
    expect(r.gradient.every(Number.isFinite)).toBe(true);
    const u = honouringNeeded(negativeLogUtility(16, 3));
    const ru = minimizeLbfgsb(u.objective, new Float64Array(3), { lower: [0, 0, 0], upper: [0.5, 0.5, 0.5], ...TIGHT, partialGradient: true });
    expectClose(ru.x, SCIPY.utility16x3.x, 1e-8);
  });

  it('releases a variable held at its bound by a stale gradient when the fresh one pulls it inward', () => {
    // f = ½(x₀ − 1)² + ½x₁² − ½x₀x₁ + 0.2x₁ on x ≥ 0: at the start ∂f/∂x₁ = 0.2 > 0 holds x₁ at 0, but
    // once x₀ has moved ∂f/∂x₁ = −0.5x₀ + 0.2 < 0; the optimum is interior, (1.2, 0.4).
    const f: ObjectiveWithGradient = (x, g) => {
      const [a, b] = [x[0]!, x[1]!];
      g[0] = a - 1 - 0.5 * b;
      g[1] = b - 0.5 * a + 0.2;
      return 0.5 * (a - 1) ** 2 + 0.5 * b * b - 0.5 * a * b + 0.2 * b;
    };
    for (const stopping of [TIGHT, {}]) {
      const wrapped = honouringNeeded(f);
      const r = minimizeLbfgsb(wrapped.objective, [0, 0], { lower: [0, 0], ...stopping, partialGradient: true });
      const tol = stopping === TIGHT ? 1e-9 : 1e-4;
      expectClose(r.x, [1.2, 0.4], tol);
      expect(wrapped.partialCalls()).toBeGreaterThan(0);
      expect(r.projectedGradientNorm).toBe(projectedGradientNorm(r.x, r.gradient, new Float64Array([0, 0]), new Float64Array([Infinity, Infinity])));
    }
  });
});
