/**
 * Survey rounds (đợt khảo sát) in the PAPI style: a sample size, quotas per unit, progress per
 * quota and the post-stratified estimate (each unit weighted by its population). Pure functions.
 */

/** Two-sided normal quantiles for the confidence levels a round may use. */
const Z_BY_CONFIDENCE: Record<string, number> = { "0.9": 1.6448536269514722, "0.95": 1.959963984540054, "0.99": 2.5758293035489004 };
export const CONFIDENCES = [0.9, 0.95, 0.99] as const;

function zFor(confidence: number): number {
  const z = Z_BY_CONFIDENCE[String(confidence)];
  if (z === undefined) throw new RangeError(`confidence must be one of ${CONFIDENCES.join(", ")}`);
  return z;
}

interface SampleSize {
  /** n₀ = z²·p(1−p)/e², before the finite population correction (not rounded). */
  n0: number;
  /** With the finite population correction n₀/(1+(n₀−1)/N) when N is given; rounded up. */
  n: number;
}

/**
 * The sample size to estimate a proportion p within ±margin at a confidence level; with a
 * population N, the finite population correction. p = 0.5 is the safe (largest) choice.
 */
export function sampleSize(o: { confidence: number; margin: number; p?: number; population?: number | null }): SampleSize {
  const p = o.p ?? 0.5;
  if (!(o.margin > 0 && o.margin < 1)) throw new RangeError("margin must be in (0, 1)");
  if (!(p > 0 && p < 1)) throw new RangeError("p must be in (0, 1)");
  const z = zFor(o.confidence);
  const n0 = (z * z * p * (1 - p)) / (o.margin * o.margin);
  const N = o.population ?? null;
  const n = N && N > 0 ? n0 / (1 + (n0 - 1) / N) : n0;
  // A tiny epsilon keeps float noise (e.g. 384.00000000000006) from adding one respondent.
  return { n0, n: Math.ceil(n - 1e-9) };
}

export type Allocation = "proportional" | "equal";

/**
 * Splits a total sample over strata: proportional to population or equal; rounded by largest
 * remainder so the quotas add up to the total exactly (ties go to the larger population).
 */
export function allocate(total: number, populations: number[], how: Allocation): number[] {
  if (populations.length === 0) return [];
  const sumN = populations.reduce((a, b) => a + b, 0);
  const exact = populations.map((N) => (how === "equal" || sumN === 0 ? total / populations.length : (total * N) / sumN));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, r: x - Math.floor(x), N: populations[i] }))
    .sort((a, b) => b.r - a.r || b.N - a.N || a.i - b.i);
  for (const o of order) {
    if (left <= 0) break;
    out[o.i] += 1;
    left -= 1;
  }
  return out;
}

export interface Stratum {
  code: string;
  population: number;
  /** Respondents in the stratum (0: no data). */
  n: number;
  /** The stratum's figure (a share 0–1), null without data. */
  mean: number | null;
  /** Sample variance of the respondents' scores, null when unknown (fewer than 2 respondents). */
  variance: number | null;
}

interface PostStratified {
  value: number | null;
  /** √Σ W_h² s_h²/n_h; null when a stratum with data has no variance (fewer than 2 respondents). */
  se: number | null;
  /** Weights used (over the strata with data, renormalised to add up to 1). */
  weights: Record<string, number>;
  /** Strata without data: left out, the weights renormalised over the others. */
  empty: string[];
  /** Share of the total population in strata with data (1 = all strata covered). */
  coverage: number;
  n: number;
}

/**
 * The post-stratified estimate Σ W_h·ȳ_h with W_h = N_h/ΣN over the strata that have data.
 * Empty strata are left out and the remaining weights renormalised (the result then stands for
 * the covered population only; `empty` and `coverage` say so). Variance Σ W_h² s_h²/n_h.
 */
export function postStratify(strata: Stratum[]): PostStratified {
  const total = strata.reduce((a, s) => a + s.population, 0);
  const withData = strata.filter((s) => s.n > 0 && s.mean !== null);
  const empty = strata.filter((s) => !(s.n > 0 && s.mean !== null)).map((s) => s.code);
  const covered = withData.reduce((a, s) => a + s.population, 0);
  const n = withData.reduce((a, s) => a + s.n, 0);
  if (withData.length === 0 || covered <= 0) return { value: null, se: null, weights: {}, empty, coverage: 0, n };
  const weights: Record<string, number> = {};
  let value = 0;
  let v = 0;
  let seKnown = true;
  for (const s of withData) {
    const w = s.population / covered;
    weights[s.code] = w;
    value += w * s.mean!;
    if (s.variance === null) seKnown = false;
    else v += (w * w * s.variance) / s.n;
  }
  return { value, se: seKnown ? Math.sqrt(v) : null, weights, empty, coverage: total > 0 ? covered / total : 0, n };
}

/** Sample variance from rollup sums (n, Σx, Σx²); null below 2 respondents. */
export function varianceFromSums(n: number, sum: number, sumSq: number): number | null {
  if (n < 2) return null;
  return Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
}

/** Progress of a quota: done ÷ target (may exceed 1), 0 for a zero target. */
export function quotaProgress(done: number, target: number): number {
  return target > 0 ? done / target : 0;
}
