import { describe, expect, it } from "vitest";
import { judge, periodClosed, verdictLabel, verdictNote, verdictText, verdictTone, yearClosed } from "../../app/domain/verdict";
import { pointsFigure, pointsFor } from "../../app/domain/par-points";
import { MIN_SAMPLE } from "../../app/domain/figure";

// The cases of docs/decisions/0019-one-verdict.md, one by one.
const t85 = { threshold: 0.85 };
const fig = (value: number | null, n: number, ciLow: number | null, ciHigh: number | null) => ({ value, n, ciLow, ciHigh });

describe("small samples and missing data", () => {
  it("no value or n = 0: no data", () => {
    expect(judge(fig(null, 0, null, null), t85, true).status).toBe("no_data");
    expect(judge(fig(null, 0, null, null), t85, false).status).toBe("no_data");
  });
  it("below the minimum sample: insufficient, with n, in a closed and an open period, target or not", () => {
    for (const closed of [true, false]) {
      const v = judge(fig(0.95, MIN_SAMPLE - 1, 0.8, 0.99), t85, closed);
      expect(v).toMatchObject({ status: "insufficient", n: 29, uncertain: false });
      expect(verdictTone(v.status)).toBe("none");
      expect(verdictLabel(v)).toBe("Chưa đủ mẫu (n = 29)");
      expect(judge(fig(0.95, 3, 0.5, 0.99), null, closed).status).toBe("insufficient");
    }
  });
  it("exactly the minimum sample is judged", () => {
    expect(judge(fig(0.95, MIN_SAMPLE, 0.86, 0.99), t85, true).status).toBe("met");
  });
  it("no target: the figure only", () => {
    expect(judge(fig(0.8, 100, 0.7, 0.9), null, true).status).toBe("no_target");
    expect(judge(fig(0.8, 100, 0.7, 0.9), { threshold: null }, false).status).toBe("no_target");
  });
});

describe("a closed period is judged on the measured value", () => {
  it("xã Ea Tu, 88,18 % against 85 %: Đạt, though the interval reaches below", () => {
    const v = judge(fig(0.8818, 110, 0.81, 0.93), t85, true);
    expect(v).toMatchObject({ status: "met", uncertain: true });
    expect(verdictText(v)).toBe("Đạt (chưa chắc chắn về mặt thống kê)");
  });
  it("the whole interval above: Đạt with no note", () => {
    const v = judge(fig(0.9, 2000, 0.88, 0.92), t85, true);
    expect(v).toMatchObject({ status: "met", uncertain: false });
    expect(verdictNote(v)).toBeNull();
    expect(verdictText(v)).toBe("Đạt");
  });
  it("8.1.3 at 83,97 % against 85 %: Không đạt; the note when the upper end reaches the target", () => {
    const v = judge(fig(0.8397, 900, 0.815, 0.862), t85, true);
    expect(v).toMatchObject({ status: "missed", uncertain: true });
    expect(verdictText(v)).toBe("Không đạt (chưa chắc chắn về mặt thống kê)");
    expect(judge(fig(0.8, 900, 0.77, 0.83), t85, true)).toMatchObject({ status: "missed", uncertain: false });
  });
  it("exactly at the threshold is met; 'improve' needs strictly above", () => {
    expect(judge(fig(0.85, 100, 0.8, 0.9), t85, true).status).toBe("met");
    expect(judge(fig(0.85, 100, 0.8, 0.9), { threshold: 0.85, strict: true }, true).status).toBe("missed");
    expect(judge(fig(0.8501, 100, 0.8, 0.9), { threshold: 0.85, strict: true }, true).status).toBe("met");
  });
  it("without an interval the value alone decides, with no note", () => {
    expect(judge(fig(0.86, 100, null, null), t85, true)).toMatchObject({ status: "met", uncertain: false });
  });
});

describe("an open period is judged on the interval", () => {
  it("wholly at or above: Đang đạt", () => {
    expect(judge(fig(0.9, 500, 0.87, 0.93), t85, false).status).toBe("on_track");
    expect(judge(fig(0.9, 500, 0.85, 0.93), t85, false).status).toBe("on_track");
  });
  it("wholly below: Đang không đạt", () => {
    const v = judge(fig(0.8, 500, 0.76, 0.84), t85, false);
    expect(v.status).toBe("off_track");
    expect(verdictLabel(v)).toBe("Đang không đạt");
  });
  it("straddling: Chưa kết luận được", () => {
    const v = judge(fig(0.8818, 110, 0.81, 0.93), t85, false);
    expect(v).toMatchObject({ status: "uncertain", uncertain: false });
    expect(verdictLabel(v)).toBe("Chưa kết luận được");
    expect(verdictTone(v.status)).toBe("unsure");
  });
});

describe("a PAR point target is judged by the same rule, on points", () => {
  // 8.1.3: 83,97 % of 2,5 points = 2,099 points against a point target of 2.
  const rate = fig(0.8397, 900, 0.815, 0.862);
  const points = pointsFigure(rate, 2.5);
  it("the figure maps value and interval to points", () => {
    expect(points.value).toBeCloseTo(pointsFor(0.8397, 2.5)!, 12);
    expect(points.ciLow).toBeCloseTo(2.0375, 12);
    expect(points.n).toBe(900);
  });
  it("the rate target is missed while the point target is met: two labelled statuses, no contradiction", () => {
    expect(judge(rate, t85, true).status).toBe("missed");
    expect(judge(points, { threshold: 2 }, true)).toMatchObject({ status: "met", uncertain: false });
  });
  it("a small sample gives no point verdict either", () => {
    expect(judge(pointsFigure(fig(0.9, 10, 0.6, 0.98), 2.5), { threshold: 2 }, true).status).toBe("insufficient");
  });
});

describe("when a period is closed", () => {
  it("after its last local day only", () => {
    expect(yearClosed(2024, "2024-12-31")).toBe(false);
    expect(yearClosed(2024, "2025-01-01")).toBe(true);
    expect(yearClosed(2026, "2026-12-04")).toBe(false);
    expect(periodClosed("2026-06-30", "2026-12-04")).toBe(true);
  });
});

describe("words", () => {
  it("English words exist for every status", () => {
    expect(verdictLabel({ status: "on_track", n: 100 }, "en")).toBe("On track");
    expect(verdictText({ status: "missed", n: 100, uncertain: true }, "en")).toBe("Not met (not statistically certain)");
  });
});
