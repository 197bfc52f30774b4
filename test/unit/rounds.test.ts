import { describe, expect, it } from "vitest";
import { allocate, postStratify, quotaProgress, sampleSize, varianceFromSums } from "../../app/domain/rounds";

describe("sample size", () => {
  it("without a population: n0 = 1.96²·0.25/0.05² = 384.15 → 385", () => {
    const s = sampleSize({ confidence: 0.95, margin: 0.05 });
    expect(s.n0).toBeCloseTo(384.146, 3);
    expect(s.n).toBe(385);
  });
  it("with the finite population correction: N = 1000 → 384.146/(1+383.146/1000) = 277.74 → 278", () => {
    expect(sampleSize({ confidence: 0.95, margin: 0.05, population: 1000 }).n).toBe(278);
  });
  it("99 % and ±3 points: 2.5758²·0.25/0.0009 = 1843.0 → 1844; for 1 926 000 people 1843.03/1.000956 = 1841.3 → 1842", () => {
    const s = sampleSize({ confidence: 0.99, margin: 0.03 });
    expect(s.n0).toBeCloseTo(1843.03, 1);
    expect(s.n).toBe(1844);
    expect(sampleSize({ confidence: 0.99, margin: 0.03, population: 1_926_000 }).n).toBe(1842);
  });
  it("90 % and p = 0.2: 1.6449²·0.16/0.0025 = 173.2 → 174", () => {
    expect(sampleSize({ confidence: 0.9, margin: 0.05, p: 0.2 }).n).toBe(174);
  });
  it("refuses a confidence level it has no quantile for", () => {
    expect(() => sampleSize({ confidence: 0.8, margin: 0.05 })).toThrow(RangeError);
  });
});

describe("allocation", () => {
  it("proportional with largest remainder: 100 over 500/300/200 → 50/30/20; 10 over 1/1/1 → 4/3/3", () => {
    expect(allocate(100, [500, 300, 200], "proportional")).toEqual([50, 30, 20]);
    expect(allocate(10, [1, 1, 1], "proportional")).toEqual([4, 3, 3]);
  });
  it("proportional sums to the total: 7 over 600/300/100 = 4.2/2.1/0.7 → 4/2/1", () => {
    expect(allocate(7, [600, 300, 100], "proportional")).toEqual([4, 2, 1]);
  });
  it("equal: 10 over three units → 4/3/3, the extra one to the largest population", () => {
    expect(allocate(10, [100, 900, 500], "equal")).toEqual([3, 4, 3]);
  });
});

describe("post-stratified estimate", () => {
  it("three strata, one empty: weights renormalised over the two with data", () => {
    // A: N 600, n 10, ȳ 0.8, s² 0.16; B: N 300, n 5, ȳ 0.5, s² 0.25; C: N 100, no data.
    const r = postStratify([
      { code: "A", population: 600, n: 10, mean: 0.8, variance: 0.16 },
      { code: "B", population: 300, n: 5, mean: 0.5, variance: 0.25 },
      { code: "C", population: 100, n: 0, mean: null, variance: null },
    ]);
    // W_A = 600/900 = 2/3, W_B = 1/3; value = 2/3·0.8 + 1/3·0.5 = 0.7
    expect(r.value).toBeCloseTo(0.7, 12);
    expect(r.weights.A).toBeCloseTo(2 / 3, 12);
    expect(r.empty).toEqual(["C"]);
    expect(r.coverage).toBeCloseTo(0.9, 12);
    // SE² = (4/9)·0.16/10 + (1/9)·0.25/5 = 0.0071111 + 0.0055556 = 0.0126667
    expect(r.se).toBeCloseTo(Math.sqrt(0.0126666667), 9);
    expect(r.n).toBe(15);
  });
  it("no data anywhere: no value, coverage 0", () => {
    const r = postStratify([{ code: "A", population: 10, n: 0, mean: null, variance: null }]);
    expect(r.value).toBeNull();
    expect(r.coverage).toBe(0);
  });
  it("a stratum with one respondent has no variance: the standard error is not claimed", () => {
    const r = postStratify([{ code: "A", population: 10, n: 1, mean: 1, variance: null }, { code: "B", population: 10, n: 3, mean: 0, variance: 0 }]);
    expect(r.value).toBeCloseTo(0.5, 12);
    expect(r.se).toBeNull();
  });
  it("variance from sums and quota progress", () => {
    // scores 1, 0, 1, 1: mean 0.75, s² = (3 − 9/4)/3 = 0.25
    expect(varianceFromSums(4, 3, 3)).toBeCloseTo(0.25, 12);
    expect(varianceFromSums(1, 1, 1)).toBeNull();
    expect(quotaProgress(2, 8)).toBe(0.25);
    expect(quotaProgress(3, 0)).toBe(0);
  });
});
