/**
 * Halton low-discrepancy sequences in any dimension, with seeded scrambling so that high
 * dimensions (large prime bases) do not line up with each other.
 */
import { ArbiterError } from '../domain/errors.js';
import { SeededRandom } from './seeded-random.js';

/**
 * - `permutation` (default): the leading digit of each base goes through a random permutation and
 *   every later digit through a random linear map d → (h·d + g) mod b, h ≠ 0 (Matoušek's random
 *   linear scrambling with a digital shift). Breaks the collinearity of neighbouring large bases.
 * - `shift`: a random Cranley–Patterson rotation u → frac(u + Δ) per dimension (cheap, keeps the
 *   lattice structure of the plain sequence, so high-dimensional projections stay correlated).
 * - `none`: the plain radical inverse (starts at index 1 so no coordinate is 0).
 */
export type HaltonScrambling = 'permutation' | 'shift' | 'none';

export interface HaltonOptions {
  /** Number of coordinates per point (≥ 1; any size). */
  readonly dimension: number;
  /** Seed of the scrambling (ignored for `none`); the same seed gives the same points. Default 0. */
  readonly seed?: number;
  readonly scrambling?: HaltonScrambling;
  /** Points to skip at the start (after the index-1 start of `none`). Default 0. */
  readonly skip?: number;
}

/** The first `count` primes (2, 3, 5, …). */
export function firstPrimes(count: number): Int32Array {
  const primes = new Int32Array(count);
  let found = 0;
  for (let candidate = 2; found < count; candidate++) {
    let isPrime = true;
    for (let i = 0; i < found; i++) {
      const p = primes[i]!;
      if (p * p > candidate) break;
      if (candidate % p === 0) {
        isPrime = false;
        break;
      }
    }
    if (isPrime) primes[found++] = candidate;
  }
  return primes;
}

/** Per-dimension digit maps: value = Σ_j map_j(digit_j) b^-(j+1) + tail[m] for an index with m digits. */
interface DimensionScramble {
  readonly base: number;
  readonly firstDigit: Int32Array;
  /** Linear maps for digits 1…K−1: multiplier and offset. */
  readonly multiplier: Int32Array;
  readonly offset: Int32Array;
  /** tail[m] = contribution of the mapped zero digits at positions ≥ m. */
  readonly tail: Float64Array;
}

/**
 * A Halton sequence generator; `next` writes one point, `fill` a row-major block of points.
 *
 * @example
 * const halton = new HaltonSequence({ dimension: 40, seed: 1 });
 * const points = halton.fill(1024); // 1024 × 40, every coordinate in (0, 1)
 * @throws ArbiterError `ARB_INPUT_INVALID` when the dimension is not a positive integer.
 */
export class HaltonSequence {
  readonly dimension: number;
  private readonly bases: Int32Array;
  private readonly scrambling: HaltonScrambling;
  private readonly shifts: Float64Array;
  private readonly scrambles: readonly DimensionScramble[];
  private readonly startIndex: number;
  private index: number;

  constructor(options: HaltonOptions) {
    const { dimension } = options;
    if (!Number.isInteger(dimension) || dimension < 1) {
      throw new ArbiterError('ARB_INPUT_INVALID', `Halton dimension must be a positive integer, got ${dimension}`, { dimension });
    }
    this.dimension = dimension;
    this.scrambling = options.scrambling ?? 'permutation';
    this.bases = firstPrimes(dimension);
    const rng = new SeededRandom(options.seed ?? 0);
    this.shifts = new Float64Array(dimension);
    const scrambles: DimensionScramble[] = [];
    for (let k = 0; k < dimension; k++) {
      if (this.scrambling === 'shift') this.shifts[k] = rng.nextFloat();
      if (this.scrambling === 'permutation') scrambles.push(makeScramble(this.bases[k]!, rng));
    }
    this.scrambles = scrambles;
    this.startIndex = (this.scrambling === 'permutation' ? 0 : 1) + (options.skip ?? 0);
    this.index = this.startIndex;
  }

  /** Writes the next point into `out` (length ≥ dimension); every coordinate is in [0, 1). */
  next(out: Float64Array, offset = 0): void {
    const i = this.index++;
    for (let k = 0; k < this.dimension; k++) {
      let u: number;
      if (this.scrambling === 'permutation') u = scrambledRadicalInverse(i, this.scrambles[k]!);
      else {
        u = radicalInverse(i, this.bases[k]!);
        if (this.scrambling === 'shift') {
          u += this.shifts[k]!;
          if (u >= 1) u -= 1;
        }
      }
      out[offset + k] = u < 1 ? u : ONE_BELOW;
    }
  }

  /** The next `count` points as a row-major `count × dimension` array. */
  fill(count: number): Float64Array {
    const out = new Float64Array(count * this.dimension);
    for (let n = 0; n < count; n++) this.next(out, n * this.dimension);
    return out;
  }

  /** Back to the first point. */
  reset(): void {
    this.index = this.startIndex;
  }
}

const ONE_BELOW = 1 - 2 ** -53;

/** Van der Corput radical inverse of `index` in `base`. */
export function radicalInverse(index: number, base: number): number {
  const inv = 1 / base;
  let factor = inv;
  let result = 0;
  let i = index;
  while (i > 0) {
    const digit = i % base;
    result += digit * factor;
    i = (i - digit) / base;
    factor *= inv;
  }
  return result;
}

function makeScramble(base: number, rng: SeededRandom): DimensionScramble {
  // Enough digits that b^-K is below double precision.
  const digits = Math.ceil(53 / Math.log2(base)) + 1;
  const firstDigit = new Int32Array(base);
  for (let d = 0; d < base; d++) firstDigit[d] = d;
  for (let d = base - 1; d > 0; d--) {
    const j = rng.nextInt(d + 1);
    const t = firstDigit[d]!;
    firstDigit[d] = firstDigit[j]!;
    firstDigit[j] = t;
  }
  const multiplier = new Int32Array(digits);
  const offset = new Int32Array(digits);
  for (let j = 1; j < digits; j++) {
    multiplier[j] = 1 + rng.nextInt(base - 1);
    offset[j] = rng.nextInt(base);
  }
  const tail = new Float64Array(digits + 1);
  for (let j = digits - 1; j >= 0; j--) {
    const zeroMapped = j === 0 ? firstDigit[0]! : offset[j]!;
    tail[j] = tail[j + 1]! + zeroMapped * base ** -(j + 1);
  }
  return { base, firstDigit, multiplier, offset, tail };
}

function scrambledRadicalInverse(index: number, s: DimensionScramble): number {
  const { base, multiplier, offset } = s;
  const inv = 1 / base;
  let factor = inv;
  let i = index;
  let j = 0;
  let result = 0;
  const limit = multiplier.length;
  while (i > 0 && j < limit) {
    const digit = i % base;
    const mapped = j === 0 ? s.firstDigit[digit]! : (multiplier[j]! * digit + offset[j]!) % base;
    result += mapped * factor;
    i = (i - digit) / base;
    factor *= inv;
    j++;
  }
  return result + s.tail[j]!;
}
