"""Reference optima for src/optimizer/optimize-allocation.test.ts (scipy 1.17, numpy 2.4).

Run: python3 src/optimizer/reference/allocation_reference.py
Independent binaries are enumerated exactly over all 2^n outcomes. Variables are fractions of wealth
y_j = units_j * price_j / wealth; relative wealth w_s = 1 + sum_j y_j (payoff_sj / price_j - 1).
Bound-only problems use L-BFGS-B; problems with a binding budget/exposure use SLSQP, each with tight tolerances.
"""
import itertools
import json
import numpy as np
from scipy.optimize import minimize


def enumerate_binaries(p):
    outcomes = np.array(list(itertools.product([1.0, 0.0], repeat=len(p))))
    weights = np.prod(np.where(outcomes == 1.0, p, 1.0 - np.asarray(p)), axis=1)
    return outcomes, weights


def objective(payoffs, prices, weights, gamma):
    r = payoffs / prices - 1.0

    def f(y):
        w = 1.0 + r @ y
        if np.any(w <= 0):
            return np.inf, np.zeros_like(y)
        if gamma == 1.0:
            u, m = np.log(w), 1.0 / w
        else:
            u, m = (w ** (1 - gamma) - 1) / (1 - gamma), w ** (-gamma)
        return -(weights @ u), -(r.T @ (weights * m))

    return f


def lbfgsb(f, n, cap):
    res = minimize(f, np.zeros(n), jac=True, method="L-BFGS-B", bounds=[(0.0, cap)] * n,
                   options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 100000})
    return res


def slsqp(f, n, cap, total):
    res = minimize(lambda y: f(y)[0], np.full(n, 0.01), jac=lambda y: f(y)[1], method="SLSQP",
                   bounds=[(0.0, cap)] * n,
                   constraints=[{"type": "ineq", "fun": lambda y: total - y.sum(), "jac": lambda y: -np.ones_like(y)}],
                   options={"ftol": 1e-15, "maxiter": 1000})
    return res


out = {}
p = [0.55, 0.62, 0.48, 0.30]
q = [0.50, 0.55, 0.40, 0.25]
pay, w = enumerate_binaries(p)
for gamma in (1.0, 2.0, 5.0):
    res = lbfgsb(objective(pay, np.array(q), w, gamma), 4, 1.0)
    out[f"fourBinariesGamma{int(gamma)}"] = {"y": res.x.tolist(), "eu": -float(res.fun), "status": res.message}

# Large edges: Kelly stakes ~97 % of wealth, so a 60 % gross exposure cap binds.
p2 = [0.80, 0.75, 0.70]
q2 = [0.40, 0.35, 0.30]
pay2, w2 = enumerate_binaries(p2)
# Three mutually exclusive outcomes priced below 1 in total: log utility invests all wealth, y = p.
res = slsqp(objective(np.eye(3), np.array([0.4, 0.25, 0.15]), np.array([0.5, 0.3, 0.2]), 1.0), 3, 1.0, 1.0)
out["budgetBinding"] = {"y": res.x.tolist(), "eu": -float(res.fun), "sum": float(res.x.sum())}
res = slsqp(objective(pay2, np.array(q2), w2, 1.0), 3, 1.0, 0.6)
out["exposureBinding"] = {"y": res.x.tolist(), "eu": -float(res.fun), "sum": float(res.x.sum())}
print(json.dumps(out, indent=1))
