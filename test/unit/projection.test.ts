import { describe, expect, it } from "vitest";
import { effectiveRatio, neededSample, projectedSample, projectTarget, yearProgress } from "../../app/domain/projection";
import { resolveTarget } from "../../app/domain/targets";
import { judge } from "../../app/domain/verdict";
import { wilson, Z95 } from "../../app/domain/scoring";

describe("needed sample size", () => {
  it("p = 0,80 against 0,85: n > 1,96²·0,8·0,2 / 0,05² = 245,86 → 246", () => {
    // 3.8414588 × 0.16 / 0.0025 = 245.853…
    expect(neededSample(0.8, 0.85)).toBe(246);
    // With z = 2 exactly: 4 × 0.16 / 0.0025 = 256 → n must exceed 256.
    expect(neededSample(0.8, 0.85, 2)).toBe(257);
  });
  it("is symmetric in the side of the target and grows as the gap shrinks", () => {
    expect(neededSample(0.9, 0.85)).toBe(Math.floor((Z95 * Z95 * 0.09) / 0.0025) + 1); // 138.3 → 139
    expect(neededSample(0.9, 0.85)).toBe(139);
    expect(neededSample(0.86, 0.85)).toBeGreaterThan(neededSample(0.9, 0.85)!);
  });
  it("at the needed size the normal interval excludes the target, one less it does not", () => {
    const p = 0.82;
    const t = 0.85;
    const n = neededSample(p, t)!;
    const half = (m: number) => Z95 * Math.sqrt((p * (1 - p)) / m);
    expect(half(n)).toBeLessThan(t - p);
    expect(half(n - 1)).toBeGreaterThanOrEqual(t - p);
  });
  it("no sample size tells a value equal to the target", () => {
    expect(neededSample(0.85, 0.85)).toBeNull();
  });
});

describe("effective sample ratio from a shown interval", () => {
  it("a Wilson-sized interval gives a ratio close to 1", () => {
    const ci = wilson(0.8, 400)!;
    expect(effectiveRatio(0.8, 400, ci.low, ci.high)).toBeCloseTo(1, 1);
  });
  it("an interval twice as wide means a quarter of the effective size", () => {
    const half = Z95 * Math.sqrt((0.8 * 0.2) / 400) * 2;
    expect(effectiveRatio(0.8, 400, 0.8 - half, 0.8 + half)).toBeCloseTo(0.25, 6);
  });
  it("falls back to 1 without an interval", () => {
    expect(effectiveRatio(0.8, 10, null, null)).toBe(1);
  });
});

describe("projection of the sample to the end of the year", () => {
  it("100 responses in the first 73 days of 2025 → 500 by 31/12 (365 days)", () => {
    expect(yearProgress(2025, "2025-03-14")).toEqual({ elapsed: 73, total: 365, state: "current" });
    expect(projectedSample(100, 73, 365)).toBe(500);
  });
  it("a leap year has 366 days; a past year is closed; a future one not started", () => {
    expect(yearProgress(2024, "2024-12-31")).toEqual({ elapsed: 366, total: 366, state: "current" });
    expect(yearProgress(2024, "2025-01-01").state).toBe("past");
    expect(yearProgress(2027, "2026-11-23").state).toBe("future");
  });
});

describe("outlook of an open year", () => {
  const base = { year: 2025, today: "2025-03-14" };
  const open = (value: number, n: number, ci: { low: number; high: number }) => judge({ value, n, ciLow: ci.low, ciHigh: ci.high }, { threshold: 0.85 }, false).status;
  it("uncertain, and the projected sample is enough: likely met / likely missed", () => {
    // p = 0,88 against 0,85 with 100 respondents (Wilson-sized interval): needs 451, 500 projected.
    const ci = wilson(0.88, 100)!;
    const verdict = open(0.88, 100, ci);
    expect(verdict).toBe("uncertain");
    const p = projectTarget({ ...base, value: 0.88, n: 100, ciLow: ci.low, ciHigh: ci.high, threshold: 0.85, verdict });
    expect(p.outlook).toBe("likely_met");
    expect(p.projected).toBe(500);
    expect(p.needed).toBeGreaterThan(400);
    expect(p.needed).toBeLessThanOrEqual(500);
    expect(p.more).toBe(p.needed! - 100);
    // p = 0,81: needs ⌈1,96²·0,81·0,19/0,04²⌉ = 370 (Wilson-sized), 500 projected.
    const below = wilson(0.81, 100)!;
    expect(projectTarget({ ...base, value: 0.81, n: 100, ciLow: below.low, ciHigh: below.high, threshold: 0.85, verdict: open(0.81, 100, below) }).outlook).toBe("likely_missed");
  });
  it("uncertain and too close to tell by the end of the year: undecided, with how many more", () => {
    const ci = wilson(0.86, 100)!;
    const p = projectTarget({ ...base, value: 0.86, n: 100, ciLow: ci.low, ciHigh: ci.high, threshold: 0.85, verdict: "uncertain" });
    expect(p.outlook).toBe("undecided");
    expect(p.needed).toBeGreaterThan(4000);
    expect(p.more).toBe(p.needed! - 100);
  });
  it("on or off track needs no projection; no data cannot be projected", () => {
    expect(projectTarget({ ...base, value: 0.95, n: 500, ciLow: 0.93, ciHigh: 0.97, threshold: 0.85, verdict: "on_track" }).outlook).toBe("on_track");
    expect(projectTarget({ ...base, value: 0.7, n: 500, ciLow: 0.66, ciHigh: 0.74, threshold: 0.85, verdict: "off_track" }).outlook).toBe("off_track");
    expect(projectTarget({ ...base, value: null, n: 0, ciLow: null, ciHigh: null, threshold: 0.85, verdict: "no_data" }).outlook).toBe("no_data");
    expect(projectTarget({ ...base, value: 0.8, n: 40, ciLow: 0.5, ciHigh: 0.9, threshold: null, verdict: "no_target" }).outlook).toBe("no_target");
  });
  it("below the minimum sample in an open year: how many responses until a verdict", () => {
    const p = projectTarget({ ...base, value: 0.8, n: 12, ciLow: 0.5, ciHigh: 0.95, threshold: 0.85, verdict: "insufficient" });
    expect(p).toMatchObject({ outlook: "insufficient", needed: 30, more: 18 });
  });
  it("a closed year has no outlook and asks for no more responses, whatever the interval", () => {
    const ci = wilson(0.86, 100)!;
    const verdict = judge({ value: 0.86, n: 100, ciLow: ci.low, ciHigh: ci.high }, { threshold: 0.85 }, true);
    expect(verdict).toMatchObject({ status: "met", uncertain: true });
    const p = projectTarget({ year: 2024, today: "2026-11-23", value: 0.86, n: 100, ciLow: ci.low, ciHigh: ci.high, threshold: 0.85, verdict: verdict.status });
    expect(p).toMatchObject({ outlook: "closed", needed: null, more: null, yearState: "past" });
    expect(projectTarget({ year: 2024, today: "2026-11-23", value: 0.86, n: 12, ciLow: 0.6, ciHigh: 0.96, threshold: 0.85, verdict: "insufficient" }).outlook).toBe("closed");
  });
});

describe("each target kind with stated and measured baselines, through to a verdict", () => {
  // 400 respondents at 0,84 (Wilson interval ≈ 0,801 – 0,872), mid-March.
  const ci = wilson(0.84, 400)!;
  const run = (t: Parameters<typeof resolveTarget>[0], measured: number | null) => {
    const r = resolveTarget(t, measured);
    const status = judge({ value: 0.84, n: 400, ciLow: ci.low, ciHigh: ci.high }, r, false).status;
    return { threshold: r.threshold, status, verdict: projectTarget({ year: 2025, today: "2025-03-14", value: 0.84, n: 400, ciLow: ci.low, ciHigh: ci.high, threshold: r.threshold, verdict: status }).outlook };
  };
  it("absolute 85 %: uncertain, too close to tell", () => {
    expect(run({ kind: "absolute", value: 0.85, baselineSource: "measured", baselineValue: null }, null)).toEqual({ threshold: 0.85, status: "uncertain", verdict: "undecided" });
  });
  it("delta_pp +3 over a stated 81,57 %: threshold 84,57 %", () => {
    const r = run({ kind: "delta_pp", value: 0.03, baselineSource: "stated", baselineValue: 0.8157 }, 0.7);
    expect(r.threshold).toBeCloseTo(0.8457, 12);
    expect(r.status).toBe("uncertain");
  });
  it("delta_pp +3 over a measured 75 %: threshold 78 %, on track", () => {
    const r = run({ kind: "delta_pp", value: 0.03, baselineSource: "measured", baselineValue: null }, 0.75);
    expect(r.threshold).toBeCloseTo(0.78, 12);
    expect(r).toMatchObject({ status: "on_track", verdict: "on_track" });
  });
  it("delta_rel +3 % of a stated 80 %: threshold 82,4 %; of a measured 85 %: 87,55 %, above the whole interval", () => {
    expect(run({ kind: "delta_rel", value: 0.03, baselineSource: "stated", baselineValue: 0.8 }, null)).toMatchObject({ threshold: expect.closeTo(0.824, 12), status: "uncertain" });
    const r = run({ kind: "delta_rel", value: 0.03, baselineSource: "measured", baselineValue: null }, 0.85);
    expect(r.threshold).toBeCloseTo(0.8755, 12);
    expect(r).toMatchObject({ status: "off_track", verdict: "off_track" });
  });
  it("improve on a stated 81,54 %: strict; on a measured 90 %: off track", () => {
    expect(run({ kind: "improve", value: null, baselineSource: "stated", baselineValue: 0.8154 }, null).status).toBe("uncertain");
    expect(run({ kind: "improve", value: null, baselineSource: "measured", baselineValue: null }, 0.9)).toMatchObject({ status: "off_track", verdict: "off_track" });
  });
  it("a measured baseline without last year's data cannot be resolved", () => {
    expect(run({ kind: "delta_pp", value: 0.03, baselineSource: "measured", baselineValue: null }, null)).toEqual({ threshold: null, status: "no_target", verdict: "no_target" });
  });
});
