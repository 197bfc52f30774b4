import { describe, expect, it } from "vitest";
import { resolveTarget, targetStatus } from "../../app/domain/targets";

describe("resolving targets", () => {
  it("absolute: the level itself", () => {
    expect(resolveTarget({ kind: "absolute", value: 0.85, baselineSource: "stated", baselineValue: 0.8157 }, null).threshold).toBe(0.85);
  });
  it("delta_pp over a stated baseline: 81,58% + 5 points = 86,58%", () => {
    expect(resolveTarget({ kind: "delta_pp", value: 0.05, baselineSource: "stated", baselineValue: 0.8158 }, 0.7).threshold).toBeCloseTo(0.8658, 12);
  });
  it("delta_pp over a measured baseline uses last year's value", () => {
    const r = resolveTarget({ kind: "delta_pp", value: 0.03, baselineSource: "measured", baselineValue: null }, 0.8);
    expect(r.threshold).toBeCloseTo(0.83, 12);
    expect(r.baseline).toBe(0.8);
  });
  it("delta_rel: +3% of the baseline", () => {
    expect(resolveTarget({ kind: "delta_rel", value: 0.03, baselineSource: "stated", baselineValue: 0.8 }, null).threshold).toBeCloseTo(0.824, 12);
  });
  it("improve: strictly above the baseline", () => {
    const r = resolveTarget({ kind: "improve", value: null, baselineSource: "stated", baselineValue: 0.8154 }, null);
    expect(r).toEqual({ threshold: 0.8154, baseline: 0.8154, strict: true });
  });
  it("a relative target without any baseline cannot be resolved", () => {
    expect(resolveTarget({ kind: "delta_pp", value: 0.03, baselineSource: "measured", baselineValue: null }, null).threshold).toBeNull();
  });
});

describe("status against a target", () => {
  const t85 = { threshold: 0.85, baseline: null, strict: false };
  it("met only when the whole interval clears the target", () => {
    expect(targetStatus(0.9, 0.86, 0.93, t85)).toBe("met");
    expect(targetStatus(0.9, 0.85, 0.93, t85)).toBe("met");
  });
  it("at risk when the interval straddles it", () => {
    expect(targetStatus(0.86, 0.82, 0.9, t85)).toBe("at_risk");
    expect(targetStatus(0.84, 0.82, 0.86, t85)).toBe("at_risk");
  });
  it("missed when the whole interval is below", () => {
    expect(targetStatus(0.8, 0.78, 0.83, t85)).toBe("missed");
  });
  it("no_data without a value, no_target without a resolvable target", () => {
    expect(targetStatus(null, null, null, t85)).toBe("no_data");
    expect(targetStatus(0.8, 0.7, 0.9, null)).toBe("no_target");
    expect(targetStatus(0.8, 0.7, 0.9, { threshold: null, baseline: null, strict: false })).toBe("no_target");
  });
  it("improve needs the interval strictly above the baseline", () => {
    const imp = { threshold: 0.8154, baseline: 0.8154, strict: true };
    expect(targetStatus(0.83, 0.8154, 0.84, imp)).toBe("at_risk");
    expect(targetStatus(0.83, 0.82, 0.84, imp)).toBe("met");
    expect(targetStatus(0.8, 0.79, 0.8154, imp)).toBe("missed");
  });
});
