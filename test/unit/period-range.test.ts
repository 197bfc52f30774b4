import { describe, expect, it } from "vitest";
import { isPeriodCode, periodLabel, periodRange, previousQuarter } from "../../app/domain/periods";

describe("report periods", () => {
  it("gives the months and local days of a year, a quarter and a month", () => {
    expect(periodRange(2024, "year")).toEqual({ months: { from: "2024-01", to: "2024-12" }, days: { from: "2024-01-01", to: "2024-12-31" } });
    expect(periodRange(2024, "Q1")).toEqual({ months: { from: "2024-01", to: "2024-03" }, days: { from: "2024-01-01", to: "2024-03-31" } });
    expect(periodRange(2024, "Q2").days).toEqual({ from: "2024-04-01", to: "2024-06-30" });
    expect(periodRange(2024, "M02").days).toEqual({ from: "2024-02-01", to: "2024-02-29" }); // leap year
    expect(periodRange(2023, "M02").days.to).toBe("2023-02-28");
  });
  it("knows the quarter before and labels periods in Vietnamese", () => {
    expect(previousQuarter(2025, 1)).toEqual({ year: 2024, quarter: 4 });
    expect(previousQuarter(2024, 3)).toEqual({ year: 2024, quarter: 2 });
    expect(periodLabel(2024, "Q2")).toBe("quý II/2024");
    expect(periodLabel(2024, "M03")).toBe("tháng 03/2024");
    expect(periodLabel(2024, "year")).toBe("năm 2024");
  });
  it("accepts only known period codes", () => {
    expect(["year", "Q4", "M12"].every(isPeriodCode)).toBe(true);
    expect(["Q5", "M13", "M1", "", "2024"].some(isPeriodCode)).toBe(false);
  });
});
