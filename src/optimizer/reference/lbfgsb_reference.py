"""Reference optima for src/optimizer/lbfgsb.test.ts, from scipy.optimize.minimize(method='L-BFGS-B').

Run: python3 src/optimizer/reference/lbfgsb_reference.py  (numpy 2.4, scipy 1.17)
Tight tolerances so the reference is the optimum itself, not scipy's default stopping point.
The problems are defined by formulas that the TypeScript test repeats exactly.
"""
import json
import numpy as np
from scipy.optimize import minimize

OPTS = {"ftol": 1e-15, "gtol": 1e-11, "maxiter": 100000, "maxfun": 100000}


def rosen(x):
    f = np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)
    g = np.zeros_like(x)
    g[:-1] += -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    return f, g


def quadratic_problem(n):
    i = np.arange(n)
    a = 1.0 / (1.0 + np.abs(i[:, None] - i[None, :])) + np.diag(i + 1.0)
    b = ((-1.0) ** i) * (i + 1.0) * 2.0
    return a, b


def utility_problem(scenarios, assets):
    s = np.arange(scenarios)[:, None]
    j = np.arange(assets)[None, :]
    # Deterministic returns in (-1, 2): a sine pattern with a small positive drift per asset.
    r = 0.9 * np.sin(1.7 * s + 2.3 * j + 0.5 * s * j) + 0.05 * (j + 1)
    return r


def solve(fun, x0, bounds=None):
    res = minimize(fun, x0, jac=True, method="L-BFGS-B", bounds=bounds, options=OPTS)
    return {"x": res.x.tolist(), "f": float(res.fun), "nit": int(res.nit)}


out = {}
out["rosenbrock2"] = solve(rosen, np.array([-1.2, 1.0]))
out["rosenbrock2Bounded"] = solve(rosen, np.array([-1.2, 1.0]), [(-1.5, 0.8), (-0.5, 2.0)])
lo5 = [-2.0] * 5
hi5 = [0.9, 2.0, 2.0, 0.7, 2.0]
out["rosenbrock5Bounded"] = solve(rosen, np.full(5, -1.0), list(zip(lo5, hi5)))
a, b = quadratic_problem(8)
out["quadratic8"] = solve(lambda x: (0.5 * x @ a @ x - b @ x, a @ x - b), np.zeros(8), [(-1.0, 2.5)] * 8)
out["quadratic8Free"] = {"x": np.linalg.solve(a, b).tolist()}
r = utility_problem(16, 3)


def neg_log_utility(y):
    w = 1.0 + r @ y
    if np.any(w <= 0):
        return np.inf, np.zeros_like(y)
    return -np.mean(np.log(w)), -(r.T @ (1.0 / w)) / len(w)


out["utility16x3"] = solve(neg_log_utility, np.zeros(3), [(0.0, 0.5)] * 3)
print(json.dumps(out, indent=1))
