import { describe, expect, it } from "vitest";
import { alertConditions, lastWorkingDayBefore, weekWindow } from "../../app/domain/alerts";

const rules = { minSatisfaction: 0.7, targetMargin: 0.05, minResponses: 10 };
const week = { value: 0.9, n: 50, threshold: 0.85, lastWorkingDayCount: 5, earlierCount: 40 };

describe("alert conditions", () => {
  it("nothing when satisfaction is fine and responses arrive", () => {
    expect(alertConditions(week, rules)).toEqual([]);
  });
  it("below the floor (65 % < 70 %) and below the target by more than the margin (65 % < 85 % − 5)", () => {
    expect(alertConditions({ ...week, value: 0.65 }, rules).map((c) => c.kind)).toEqual(["low_satisfaction", "below_target"]);
  });
  it("below the target but within the margin: no alert (81 % ≥ 80 %)", () => {
    expect(alertConditions({ ...week, value: 0.81 }, rules)).toEqual([]);
    expect(alertConditions({ ...week, value: 0.79 }, rules).map((c) => c.kind)).toEqual(["below_target"]);
  });
  it("too few respondents in 7 days: no satisfaction alert", () => {
    expect(alertConditions({ ...week, value: 0.3, n: 9 }, rules)).toEqual([]);
  });
  it("silence: none on the last working day although there were some before; not for a point that never had any", () => {
    expect(alertConditions({ ...week, lastWorkingDayCount: 0 }, rules).map((c) => c.kind)).toEqual(["silence"]);
    expect(alertConditions({ ...week, lastWorkingDayCount: 0, earlierCount: 0 }, rules)).toEqual([]);
  });
});

describe("working days", () => {
  const cal = { holidays: new Set(["2025-04-30", "2025-05-01", "2025-05-02"]) };
  it("Monday looks back to Friday", () => {
    expect(lastWorkingDayBefore("2025-03-17", cal)).toBe("2025-03-14");
  });
  it("skips holidays (30/4 – 2/5/2025 and the weekend): Monday 5/5 looks back to Tuesday 29/4", () => {
    expect(lastWorkingDayBefore("2025-05-05", cal)).toBe("2025-04-29");
  });
  it("a make-up Saturday counts", () => {
    expect(lastWorkingDayBefore("2025-03-17", { holidays: new Set(), workingWeekends: new Set(["2025-03-15"]) })).toBe("2025-03-15");
  });
  it("the 7-day window ends today", () => {
    expect(weekWindow("2025-03-07")).toEqual({ from: "2025-03-01", to: "2025-03-07" });
  });
});
