import { describe, expect, it } from "vitest";
import { lastFullMonth, leaderSummary, monthBefore, type SummaryFacts } from "../../app/domain/leader-summary";

// Every sentence of the leader's summary states figures it was given, and only those.
const fig = (code: string, name: string, value: number | null, n: number) => ({ code, name, value, n, ciLow: null, ciHigh: null });
const base: SummaryFacts = {
  year: 2026,
  subs: [fig("access", "Tiếp cận dịch vụ", 0.83, 900), fig("feedback", "Tiếp nhận, xử lý phản ánh", 0.7927, 868), fig("results", "Kết quả", 0.6, 12)],
  places: [fig("A", "Xã Ea Khăl", 0.728, 120), fig("B", "Xã Krông Búk", 0.7385, 98), fig("C", "Phường Hòa Hiệp", 0.7413, 64), fig("D", "Xã Ea Tu", 0.8818, 110), fig("E", "Xã Nhỏ", 0.5, 9), fig("F", "Xã Mới", null, 0)],
  months: { current: { month: "2026-11", value: 0.8187, n: 944, ciLow: null, ciHigh: null }, previous: { month: "2026-10", value: 0.82, n: 935, ciLow: null, ciHigh: null } },
  closed: false,
  value: 0.8146,
  previousYearValue: 0.8135,
  feedback: { received: 40, backlog: 7, overdue: 2 },
  alerts: { open: 3, unacknowledged: 1 },
};

describe("the leader's summary", () => {
  it("names the weakest sub-index among those with enough respondents", () => {
    const s = leaderSummary(base);
    expect(s.weakestSub?.code).toBe("feedback"); // "results" is lower but has 12 respondents
    expect(s.weakestSubText).toBe("Thấp nhất: Tiếp nhận, xử lý phản ánh — 79,27% (n = 868).");
  });
  it("ranks places with enough respondents and counts the others", () => {
    const s = leaderSummary(base);
    expect(s.weakestPlaces.map((p) => p.code)).toEqual(["A", "B", "C"]);
    expect(s.weakestPlacesText).toBe("4 nơi đủ mẫu được xếp hạng; 1 nơi chưa đủ mẫu, 1 nơi chưa có phiếu.");
    expect(leaderSummary({ ...base, places: [] }).weakestPlacesText).toBe("Phạm vi này không có đơn vị trực thuộc.");
    expect(leaderSummary({ ...base, places: [fig("E", "Xã Nhỏ", 0.5, 9)] }).weakestPlacesText).toBe("Chưa nơi nào đủ 30 người trả lời để xếp hạng (1 nơi chưa đủ mẫu).");
  });
  it("states the change since last month from the two months' figures", () => {
    const s = leaderSummary(base);
    expect(s.change).toBeCloseTo(-0.13, 10);
    expect(s.changeTitle).toBe("So với tháng trước");
    expect(s.changeText).toBe("Tháng 11/2026: 81,87% (n = 944), giảm 0,13 điểm % so với tháng 10/2026 (82,00%, n = 935).");
    const up = leaderSummary({ ...base, months: { current: { ...base.months!.current, value: 0.85 }, previous: base.months!.previous } });
    expect(up.changeText).toContain("tăng 3,00 điểm %");
  });
  it("does not compare months below the minimum sample", () => {
    const s = leaderSummary({ ...base, months: { current: { month: "2026-11", value: 0.9, n: 12, ciLow: null, ciHigh: null }, previous: base.months!.previous } });
    expect(s.change).toBeNull();
    expect(s.changeText).toBe("Tháng 11/2026 có 12 người trả lời, tháng 10/2026 có 935: chưa đủ 30 người mỗi tháng để so sánh.");
  });
  it("a finished year is compared with the year before", () => {
    const s = leaderSummary({ ...base, year: 2024, closed: true, months: null, value: 0.8135, previousYearValue: 0.8015 });
    expect(s.changeTitle).toBe("So với năm trước");
    expect(s.changeText).toBe("Năm 2024: 81,35%, tăng 1,20 điểm % so với năm 2023 (80,15%).");
    expect(leaderSummary({ ...base, closed: true, previousYearValue: null }).changeText).toBe("Chưa có số liệu cả hai năm 2025 và 2026 để so sánh.");
  });
  it("counts feedback waiting and overdue, and open alerts", () => {
    const s = leaderSummary(base);
    expect(s.feedbackText).toBe("7 phản ánh, kiến nghị chưa trả lời, trong đó 2 đã quá hạn (nhận 40 trong năm 2026).");
    expect(leaderSummary({ ...base, feedback: { received: 40, backlog: 0, overdue: 0 } }).feedbackText).toBe("Đã trả lời cả 40 phản ánh, kiến nghị nhận trong năm 2026.");
    expect(leaderSummary({ ...base, feedback: { received: 0, backlog: 0, overdue: 0 } }).feedbackText).toBe("Chưa nhận phản ánh, kiến nghị nào trong năm 2026.");
    expect(s.alertsText).toBe("3 cảnh báo đang mở, 1 chưa ai ghi nhận.");
    expect(leaderSummary({ ...base, alerts: { open: 0, unacknowledged: 0 } }).alertsText).toBe("Không có cảnh báo nào đang mở.");
  });
  it("months: the last full month, and the one before", () => {
    expect(lastFullMonth(2026, "2026-12-04")).toBe("2026-11");
    expect(lastFullMonth(2026, "2026-01-15")).toBeNull();
    expect(lastFullMonth(2024, "2026-12-04")).toBe("2024-12");
    expect(monthBefore("2026-01")).toBe("2025-12");
  });
});
