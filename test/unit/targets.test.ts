import { describe, expect, it } from "vitest";
import { resolveTarget } from "../../app/domain/targets";

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
