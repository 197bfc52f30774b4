import { describe, expect, it } from "vitest";
import { liveMonthFrom, previousMonth, reachesClosedMonth, splitAtLive, wholeYearOf } from "../../app/domain/closed-months";

describe("closed months", () => {
  it("reads live the local month of a day ago, so the first day of a month keeps the last one live", () => {
    expect(liveMonthFrom(new Date("2026-12-04T10:00:00Z"))).toBe("2026-12");
    // 1 December 05:00 in Vietnam (UTC+7) is 30 November 22:00 UTC: November is still live.
    expect(liveMonthFrom(new Date("2026-11-30T22:00:00Z"))).toBe("2026-11");
    expect(liveMonthFrom(new Date("2026-01-01T12:00:00Z"))).toBe("2025-12");
  });

  it("asks a writer to bump when a day falls in a month before its own local month", () => {
    const now = new Date("2026-12-04T10:00:00Z");
    expect(reachesClosedMonth(["2026-12-04", "2026-12-01"], now)).toBe(false);
    expect(reachesClosedMonth(["2026-12-04", "2026-11-30"], now)).toBe(true);
    expect(reachesClosedMonth(["2024-03-02"], now)).toBe(true);
    expect(reachesClosedMonth([], now)).toBe(false);
    // Every write a reader keeps is bumped: any month the writer does not bump is live for a reader of the same clock.
    for (const iso of ["2026-11-30T16:59:59Z", "2026-11-30T17:00:00Z", "2026-12-01T17:00:00Z"]) {
      const t = new Date(iso);
      const writerMonth = new Date(t.getTime() + 7 * 3600_000).toISOString().slice(0, 7);
      expect(reachesClosedMonth([`${writerMonth}-01`], t)).toBe(false);
      expect(writerMonth >= liveMonthFrom(t)).toBe(true);
    }
  });

  it("splits a range at the first live month", () => {
    expect(splitAtLive({ from: "2024-01", to: "2024-12" }, "2026-12")).toEqual({ closed: { from: "2024-01", to: "2024-12" }, live: null });
    expect(splitAtLive({ from: "2026-01", to: "2026-12" }, "2026-12")).toEqual({ closed: { from: "2026-01", to: "2026-11" }, live: { from: "2026-12", to: "2026-12" } });
    expect(splitAtLive({ from: "2027-01", to: "2027-12" }, "2026-12")).toEqual({ closed: null, live: { from: "2027-01", to: "2027-12" } });
    expect(splitAtLive({ from: "2026-12", to: "2026-12" }, "2026-12")).toEqual({ closed: null, live: { from: "2026-12", to: "2026-12" } });
    expect(previousMonth("2026-01")).toBe("2025-12");
  });

  it("names the year of a range that is one whole year, and only then", () => {
    expect(wholeYearOf({ from: "2024-01", to: "2024-12" })).toBe("2024");
    expect(wholeYearOf({ from: "2026-01", to: "2026-11" })).toBeNull();
    expect(wholeYearOf({ from: "2025-07", to: "2025-12" })).toBeNull();
    expect(wholeYearOf({ from: "2024-01", to: "2025-12" })).toBeNull();
  });
});
