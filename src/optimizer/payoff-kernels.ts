/**
 * The two matrix–vector products of the allocation objective on a row-major scenarios × assets
 * matrix, blocked by 8 columns so that 8 coefficients or 8 sums live in registers while the rows
 * stream past (about 2× a plain row-by-row loop in V8).
 */

/** out_s = base + Σ_j c_j · P_sj. Columns with c_j = 0 are skipped. */
export function combineColumns(payoffs: Float64Array, assets: number, c: Float64Array, base: number, out: Float64Array): void {
  const scenarios = out.length;
  out.fill(base);
  let j0 = 0;
  for (; j0 + 8 <= assets; j0 += 8) {
    const c0 = c[j0]!, c1 = c[j0 + 1]!, c2 = c[j0 + 2]!, c3 = c[j0 + 3]!;
    const c4 = c[j0 + 4]!, c5 = c[j0 + 5]!, c6 = c[j0 + 6]!, c7 = c[j0 + 7]!;
    if (c0 === 0 && c1 === 0 && c2 === 0 && c3 === 0 && c4 === 0 && c5 === 0 && c6 === 0 && c7 === 0) continue;
    for (let s = 0, k = j0; s < scenarios; s++, k += assets) {
      out[s]! +=
        c0 * payoffs[k]! + c1 * payoffs[k + 1]! + (c2 * payoffs[k + 2]! + c3 * payoffs[k + 3]!) +
        (c4 * payoffs[k + 4]! + c5 * payoffs[k + 5]! + (c6 * payoffs[k + 6]! + c7 * payoffs[k + 7]!));
    }
  }
  for (let j = j0; j < assets; j++) {
    const cj = c[j]!;
    if (cj === 0) continue;
    for (let s = 0, k = j; s < scenarios; s++, k += assets) out[s]! += cj * payoffs[k]!;
  }
}

/** out_j = Σ_s m_s · P_sj for every column j. */
export function weightedColumnSums(payoffs: Float64Array, assets: number, m: Float64Array, out: Float64Array): void {
  const scenarios = m.length;
  let j0 = 0;
  for (; j0 + 8 <= assets; j0 += 8) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    for (let s = 0, k = j0; s < scenarios; s++, k += assets) {
      const ms = m[s]!;
      a0 += ms * payoffs[k]!;
      a1 += ms * payoffs[k + 1]!;
      a2 += ms * payoffs[k + 2]!;
      a3 += ms * payoffs[k + 3]!;
      a4 += ms * payoffs[k + 4]!;
      a5 += ms * payoffs[k + 5]!;
      a6 += ms * payoffs[k + 6]!;
      a7 += ms * payoffs[k + 7]!;
    }
    out[j0] = a0; out[j0 + 1] = a1; out[j0 + 2] = a2; out[j0 + 3] = a3;
    out[j0 + 4] = a4; out[j0 + 5] = a5; out[j0 + 6] = a6; out[j0 + 7] = a7;
  }
  for (let j = j0; j < assets; j++) {
    let a = 0;
    for (let s = 0, k = j; s < scenarios; s++, k += assets) a += m[s]! * payoffs[k]!;
    out[j] = a;
  }
}
