/**
 * The matrix–vector products of the allocation objective, restricted to a list of columns of a
 * column-major scenarios × assets matrix (see scenario-matrix.ts). V8 does not vectorise, so the
 * loops are shaped for its scalar code: several columns per pass over the scenario vector (one
 * load of it serves them all; sums stay in registers), several independent sums per column (one
 * running sum would wait on the add latency), and no term in the inner loop that can be hoisted.
 */

/** out_s += Σ_k coef_k · column(index_k)_s for k in [from, to). */
export function addScaledColumns(columns: Float64Array, scenarios: number, index: Int32Array, coef: Float64Array, from: number, to: number, out: Float64Array): void {
  let k = from;
  for (; k + 8 <= to; k += 8) {
    const o0 = index[k]! * scenarios, o1 = index[k + 1]! * scenarios, o2 = index[k + 2]! * scenarios, o3 = index[k + 3]! * scenarios;
    const o4 = index[k + 4]! * scenarios, o5 = index[k + 5]! * scenarios, o6 = index[k + 6]! * scenarios, o7 = index[k + 7]! * scenarios;
    const c0 = coef[k]!, c1 = coef[k + 1]!, c2 = coef[k + 2]!, c3 = coef[k + 3]!;
    const c4 = coef[k + 4]!, c5 = coef[k + 5]!, c6 = coef[k + 6]!, c7 = coef[k + 7]!;
    for (let s = 0; s < scenarios; s++) {
      out[s]! +=
        c0 * columns[o0 + s]! + c1 * columns[o1 + s]! + (c2 * columns[o2 + s]! + c3 * columns[o3 + s]!) +
        (c4 * columns[o4 + s]! + c5 * columns[o5 + s]! + (c6 * columns[o6 + s]! + c7 * columns[o7 + s]!));
    }
  }
  if (k + 4 <= to) {
    const o0 = index[k]! * scenarios, o1 = index[k + 1]! * scenarios, o2 = index[k + 2]! * scenarios, o3 = index[k + 3]! * scenarios;
    const c0 = coef[k]!, c1 = coef[k + 1]!, c2 = coef[k + 2]!, c3 = coef[k + 3]!;
    for (let s = 0; s < scenarios; s++) out[s]! += c0 * columns[o0 + s]! + c1 * columns[o1 + s]! + (c2 * columns[o2 + s]! + c3 * columns[o3 + s]!);
    k += 4;
  }
  if (k + 2 <= to) {
    const o0 = index[k]! * scenarios, o1 = index[k + 1]! * scenarios;
    const c0 = coef[k]!, c1 = coef[k + 1]!;
    for (let s = 0; s < scenarios; s++) out[s]! += c0 * columns[o0 + s]! + c1 * columns[o1 + s]!;
    k += 2;
  }
  if (k < to) {
    const o = index[k]! * scenarios;
    const c = coef[k]!;
    for (let s = 0; s < scenarios; s++) out[s]! += c * columns[o + s]!;
  }
}

/** out_k = Σ_s m_s · column(index_k)_s for k in [from, to). */
export function columnDots(columns: Float64Array, scenarios: number, m: Float64Array, index: Int32Array, from: number, to: number, out: Float64Array): void {
  let k = from;
  for (; k + 8 <= to; k += 8) {
    const o0 = index[k]! * scenarios, o1 = index[k + 1]! * scenarios, o2 = index[k + 2]! * scenarios, o3 = index[k + 3]! * scenarios;
    const o4 = index[k + 4]! * scenarios, o5 = index[k + 5]! * scenarios, o6 = index[k + 6]! * scenarios, o7 = index[k + 7]! * scenarios;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    for (let s = 0; s < scenarios; s++) {
      const ms = m[s]!;
      a0 += ms * columns[o0 + s]!;
      a1 += ms * columns[o1 + s]!;
      a2 += ms * columns[o2 + s]!;
      a3 += ms * columns[o3 + s]!;
      a4 += ms * columns[o4 + s]!;
      a5 += ms * columns[o5 + s]!;
      a6 += ms * columns[o6 + s]!;
      a7 += ms * columns[o7 + s]!;
    }
    out[k] = a0; out[k + 1] = a1; out[k + 2] = a2; out[k + 3] = a3;
    out[k + 4] = a4; out[k + 5] = a5; out[k + 6] = a6; out[k + 7] = a7;
  }
  for (; k + 2 <= to; k += 2) {
    const o0 = index[k]! * scenarios, o1 = index[k + 1]! * scenarios;
    let a0 = 0, a1 = 0, b0 = 0, b1 = 0;
    let s = 0;
    for (; s + 2 <= scenarios; s += 2) {
      const m0 = m[s]!, m1 = m[s + 1]!;
      a0 += m0 * columns[o0 + s]!;
      a1 += m0 * columns[o1 + s]!;
      b0 += m1 * columns[o0 + s + 1]!;
      b1 += m1 * columns[o1 + s + 1]!;
    }
    if (s < scenarios) {
      a0 += m[s]! * columns[o0 + s]!;
      a1 += m[s]! * columns[o1 + s]!;
    }
    out[k] = a0 + b0;
    out[k + 1] = a1 + b1;
  }
  if (k < to) {
    const o = index[k]! * scenarios;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    let s = 0;
    for (; s + 4 <= scenarios; s += 4) {
      a0 += m[s]! * columns[o + s]!;
      a1 += m[s + 1]! * columns[o + s + 1]!;
      a2 += m[s + 2]! * columns[o + s + 2]!;
      a3 += m[s + 3]! * columns[o + s + 3]!;
    }
    for (; s < scenarios; s++) a0 += m[s]! * columns[o + s]!;
    out[k] = a0 + a1 + (a2 + a3);
  }
}

/**
 * Log utility with equal weights, one pass for the last four columns of a step: with
 * v_s = w_s + Σ_k coef_k·column(index_k)_s (k = from…from+3), stores w_s = v_s and
 * m_s = 1/(base + v_s) and sets out_k = Σ_s m_s·column(index_k)_s. Returns Σ_s m_s, or NaN when some
 * base + v_s ≤ 0. Fusing saves a pass over w and m and a second load of the four columns.
 */
export function logStepFourColumns(
  columns: Float64Array,
  scenarios: number,
  index: Int32Array,
  coef: Float64Array,
  from: number,
  base: number,
  w: Float64Array,
  m: Float64Array,
  out: Float64Array,
): number {
  const o0 = index[from]! * scenarios, o1 = index[from + 1]! * scenarios, o2 = index[from + 2]! * scenarios, o3 = index[from + 3]! * scenarios;
  const c0 = coef[from]!, c1 = coef[from + 1]!, c2 = coef[from + 2]!, c3 = coef[from + 3]!;
  let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
  let sum = 0;
  let solvent = true;
  for (let s = 0; s < scenarios; s++) {
    const a0 = columns[o0 + s]!, a1 = columns[o1 + s]!, a2 = columns[o2 + s]!, a3 = columns[o3 + s]!;
    const v = w[s]! + (c0 * a0 + c1 * a1 + (c2 * a2 + c3 * a3));
    w[s] = v;
    const total = base + v;
    if (!(total > 0)) solvent = false;
    const r = 1 / total;
    m[s] = r;
    sum += r;
    d0 += r * a0;
    d1 += r * a1;
    d2 += r * a2;
    d3 += r * a3;
  }
  out[from] = d0;
  out[from + 1] = d1;
  out[from + 2] = d2;
  out[from + 3] = d3;
  return solvent ? sum : Number.NaN;
}

/**
 * logStepFourColumns for six columns (index_from…from+5): one pass instead of a four-column pass
 * plus separate passes for two more; more columns per pass run out of registers in V8.
 */
export function logStepSixColumns(
  columns: Float64Array,
  scenarios: number,
  index: Int32Array,
  coef: Float64Array,
  from: number,
  base: number,
  w: Float64Array,
  m: Float64Array,
  out: Float64Array,
): number {
  const o0 = index[from]! * scenarios, o1 = index[from + 1]! * scenarios, o2 = index[from + 2]! * scenarios;
  const o3 = index[from + 3]! * scenarios, o4 = index[from + 4]! * scenarios, o5 = index[from + 5]! * scenarios;
  const c0 = coef[from]!, c1 = coef[from + 1]!, c2 = coef[from + 2]!, c3 = coef[from + 3]!, c4 = coef[from + 4]!, c5 = coef[from + 5]!;
  let d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0;
  let sum = 0;
  let solvent = true;
  for (let s = 0; s < scenarios; s++) {
    const a0 = columns[o0 + s]!, a1 = columns[o1 + s]!, a2 = columns[o2 + s]!;
    const a3 = columns[o3 + s]!, a4 = columns[o4 + s]!, a5 = columns[o5 + s]!;
    const v = w[s]! + (c0 * a0 + c1 * a1 + (c2 * a2 + c3 * a3) + (c4 * a4 + c5 * a5));
    w[s] = v;
    const total = base + v;
    if (!(total > 0)) solvent = false;
    const r = 1 / total;
    m[s] = r;
    sum += r;
    d0 += r * a0;
    d1 += r * a1;
    d2 += r * a2;
    d3 += r * a3;
    d4 += r * a4;
    d5 += r * a5;
  }
  out[from] = d0;
  out[from + 1] = d1;
  out[from + 2] = d2;
  out[from + 3] = d3;
  out[from + 4] = d4;
  out[from + 5] = d5;
  return solvent ? sum : Number.NaN;
}
