import { describe, expect, it } from "vitest";
import { parsePointsRule, pointsFor, pointsSummary, rateForPoints, type PointsRule } from "../../app/domain/par-points";
import { parPoints } from "../../app/domain/scoring";

const bands: PointsRule = { kind: "bands", bands: [{ min: 0.8, share: 0.8 }, { min: 0.9, share: 1 }, { min: 0, share: 0.5 }] };

describe("points of one sub-index", () => {
  it("linear (default): 2,5 × 83,97 % = 2,09925", () => {
    expect(pointsFor(0.8397, 2.5)).toBeCloseTo(2.09925, 10);
    expect(parPoints(0.8397, 2.5)).toBeCloseTo(2.09925, 10);
  });
  it("bands: 91 % → all 1,5 points; 85 % → 80 % of 1,5 = 1,2; 79,99 % → half = 0,75; exactly 80 % → 1,2", () => {
    expect(pointsFor(0.91, 1.5, bands)).toBeCloseTo(1.5, 12);
    expect(pointsFor(0.85, 1.5, bands)).toBeCloseTo(1.2, 12);
    expect(pointsFor(0.7999, 1.5, bands)).toBeCloseTo(0.75, 12);
    expect(pointsFor(0.8, 1.5, bands)).toBeCloseTo(1.2, 12);
    expect(parPoints(0.85, 1.5, bands)).toBeCloseTo(1.2, 12);
  });
  it("below every band: 0 points", () => {
    expect(pointsFor(0.5, 2, { kind: "bands", bands: [{ min: 0.6, share: 1 }] })).toBe(0);
  });
  it("no value or no maximum: no points", () => {
    expect(pointsFor(null, 2)).toBeNull();
    expect(pointsFor(0.8, null)).toBeNull();
  });
});

describe("the rate a point target needs", () => {
  it("linear: 2 of 2,5 points need 80 %; 1,5 of 1,5 need 100 %", () => {
    expect(rateForPoints(2, 2.5)).toBeCloseTo(0.8, 12);
    expect(rateForPoints(1.5, 1.5)).toBeCloseTo(1, 12);
  });
  it("bands: 1,2 of 1,5 (80 % of the points) needs the 80 % band; 1,5 needs 90 %", () => {
    expect(rateForPoints(1.2, 1.5, bands)).toBe(0.8);
    expect(rateForPoints(1.5, 1.5, bands)).toBe(0.9);
    expect(rateForPoints(3, 1.5, bands)).toBeNull();
  });
});

describe("criterion 8.1 summary", () => {
  // 2024 demo-like rates; maxima 1,5/1,5/2,5/2,5/2 and the plan's point targets 1,5/1,5/2/2/1,5.
  const items = [
    { code: "access", value: 0.8, maxPoints: 1.5, pointTarget: 1.5 },
    { code: "procedures", value: 0.82, maxPoints: 1.5, pointTarget: 1.5 },
    { code: "servants", value: 0.84, maxPoints: 2.5, pointTarget: 2 },
    { code: "results", value: 0.82, maxPoints: 2.5, pointTarget: 2 },
    { code: "feedback", value: 0.78, maxPoints: 2, pointTarget: 1.5 },
  ];
  it("linear: 1,2 + 1,23 + 2,1 + 2,05 + 1,56 = 8,14 of 10, below 8,5", () => {
    const s = pointsSummary(items, { kind: "linear" }, 8.5);
    expect(s.lines.map((l) => l.points)).toEqual([expect.closeTo(1.2, 9), expect.closeTo(1.23, 9), expect.closeTo(2.1, 9), expect.closeTo(2.05, 9), expect.closeTo(1.56, 9)]);
    expect(s.total).toBeCloseTo(8.14, 9);
    expect(s.max).toBe(10);
    expect(s.reached).toBe(false);
    expect(s.lines.map((l) => l.reached)).toEqual([false, false, true, true, true]);
  });
  it("bands: 1,2 + 1,2 + 2 + 2 + 1 = 7,4", () => {
    const s = pointsSummary(items, bands, 8.5);
    expect(s.total).toBeCloseTo(7.4, 9);
    expect(s.reached).toBe(false);
  });
  it("a sub-index without data: no total, the partial sum as a floor", () => {
    const s = pointsSummary([...items.slice(0, 4), { ...items[4], value: null }], { kind: "linear" }, 8.5);
    expect(s.total).toBeNull();
    expect(s.partial).toBeCloseTo(6.58, 9);
    expect(s.reached).toBeNull();
  });
});

describe("stored rules", () => {
  it("reads bands, sorted from the highest minimum", () => {
    expect(parsePointsRule('{"kind":"bands","bands":[{"min":0.8,"share":0.8},{"min":0.9,"share":1}]}')).toEqual({ kind: "bands", bands: [{ min: 0.9, share: 1 }, { min: 0.8, share: 0.8 }] });
  });
  it("anything invalid is linear", () => {
    expect(parsePointsRule(null)).toEqual({ kind: "linear" });
    expect(parsePointsRule("not json")).toEqual({ kind: "linear" });
    expect(parsePointsRule('{"kind":"bands","bands":[]}')).toEqual({ kind: "linear" });
  });
});
