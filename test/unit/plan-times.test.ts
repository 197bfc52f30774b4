import { describe, expect, it } from "vitest";
import { needsReview, parseSchedule, scheduleLabel, type Schedule } from "../../app/domain/plan-times";

const Q = (y: number, q: number, fromPlan = false): Schedule => ({
  kind: "due", due: `${y}-${String(q * 3).padStart(2, "0")}-${q === 1 || q === 4 ? "31" : "30"}`,
  period: { grain: "quarter", start: `${y}-${String(q * 3 - 2).padStart(2, "0")}-01`, ...(fromPlan ? { yearFromPlan: true } : {}) },
});
const asWritten = (text: string): Schedule => ({ kind: "as_written", text });
const y2125 = { from: 2021, to: 2025 };

/**
 * Every distinct time cell of the five seed plans (000, 001, 003, 004 Phụ lục I and II; 002 has
 * no time column), copied word for word, with the plan years it is read against and its reading.
 */
const CASES: Array<[seed: string, text: string, plan: number | { from: number; to: number }, reading: Schedule]> = [
  ["000 003 004-I", "Thường xuyên", 2021, { kind: "ongoing" }],
  ["000 (blank merged cell)", "", 2021, { kind: "unstated" }],
  ["000", "Quý III/2021.", 2021, Q(2021, 3)],
  ["000", "Công khai kịp thời sau khi phương án được cấp có thẩm quyền phê duyệt", 2021, { kind: "event", event: "Công khai kịp thời sau khi phương án được cấp có thẩm quyền phê duyệt" }],
  ["000", "Định kỳ hàng tháng, quý", 2021, { kind: "recurring", every: "month", also: ["quarter"] }],
  ["000", "Thực hiện theo quy định của cơ quan có thẩm quyền", 2021, asWritten("Thực hiện theo quy định của cơ quan có thẩm quyền")],
  ["000", "Quý III/2021", 2021, Q(2021, 3)],
  ["000 004-I", "Quý IV/2021", 2021, Q(2021, 4)],
  ["000", "Sau khi có Thông tư hướng dẫn của các Bộ, ngành", 2021, { kind: "event", event: "Sau khi có Thông tư hướng dẫn của các Bộ, ngành" }],
  ["000", "Theo phương án, kế hoạch được phê duyệt", 2021, asWritten("Theo phương án, kế hoạch được phê duyệt")],
  ["000", "Trong năm 2021", 2021, { kind: "due", due: "2021-12-31", period: { grain: "year", start: "2021-01-01" } }],
  ["001", "Trong năm 2024.", 2024, { kind: "due", due: "2024-12-31", period: { grain: "year", start: "2024-01-01" } }],
  ["003", "Theo định kỳ", 2019, asWritten("Theo định kỳ")],
  ["003", "Định kỳ 06 tháng", 2019, { kind: "recurring", every: "half" }],
  ["003", "Quý IV", 2019, Q(2019, 4, true)],
  ["003", "Tháng 12", 2019, { kind: "due", due: "2019-12-31", period: { grain: "month", start: "2019-12-01", yearFromPlan: true } }],
  ["003", "Theo Kế hoạch của UBND tỉnh", 2019, asWritten("Theo Kế hoạch của UBND tỉnh")],
  ["003", "Theo Kế hoạch Chương trình Nông thôn mới", 2019, asWritten("Theo Kế hoạch Chương trình Nông thôn mới")],
  ["004-I", "Ban hành Kế hoạch chậm nhất ngày 10 của tháng đầu quý", 2021, { kind: "recurring", every: "quarter", byDay: { day: 10, monthOfPeriod: 1 } }],
  ["004-I 004-II", "Theo quy định", 2021, asWritten("Theo quy định")],
  ["004-I", "Theo kế hoạch", 2021, asWritten("Theo kế hoạch")],
  ["004-I 004-II", "Theo nhiệm kỳ", 2021, asWritten("Theo nhiệm kỳ")],
  ["004-I 004-II", "Theo hướng dẫn, chỉ đạo của cơ quan có thẩm quyền", 2021, asWritten("Theo hướng dẫn, chỉ đạo của cơ quan có thẩm quyền")],
  ["004-I 004-II", "Định kỳ hàng quý", 2021, { kind: "recurring", every: "quarter" }],
  ["004-I", "Ngay sau khi quy hoạch, kế hoạch được ban hành", 2021, { kind: "event", event: "Ngay sau khi quy hoạch, kế hoạch được ban hành" }],
  ["004-I", "Định kỳ hàng quý và đột xuất", 2021, { kind: "recurring", every: "quarter", adHoc: true }],
  ["004-I", "Hoàn thành trong quý II, quý III", 2021, { kind: "due", due: "2021-09-30", period: { grain: "quarter", start: "2021-04-01", yearFromPlan: true } }],
  ["004-I", "Ban hành kế hoạch trong quý II/2021 và triển khai thực hiện theo Kế hoạch", 2021, {
    kind: "two_step", steps: [
      { text: "Ban hành kế hoạch trong quý II/2021", schedule: Q(2021, 2) },
      { text: "triển khai thực hiện theo Kế hoạch", schedule: asWritten("triển khai thực hiện theo Kế hoạch") },
    ],
  }],
  ["004-I", "Kiểm tra ít nhất 02 đợt trong năm 2021", 2021, { kind: "due", due: "2021-12-31", period: { grain: "year", start: "2021-01-01" }, times: 2 }],
  ["004-I", "Khi có kiến nghị, phản ánh của tổ chức, công dân", 2021, { kind: "event", event: "Khi có kiến nghị, phản ánh của tổ chức, công dân" }],
  ["004-I", "Theo kế hoạch tuyển dụng", 2021, asWritten("Theo kế hoạch tuyển dụng")],
  ["004-I", "Ngay khi Bộ, ngành Trung ương có công bố TTHC", 2021, { kind: "event", event: "Ngay khi Bộ, ngành Trung ương có công bố TTHC" }],
  ["004-I", "Công khai thường xuyên trên trang thông tin điện tử.", 2021, { kind: "ongoing" }],
  ["004-I", "Thực hiện theo kế hoạch", 2021, asWritten("Thực hiện theo kế hoạch")],
  ["004-I", "Ban hành Kế hoạch trong quý IV/2021; công bố kết quả khảo sát trong quý I/2022", 2021, {
    kind: "two_step", steps: [
      { text: "Ban hành Kế hoạch trong quý IV/2021", schedule: Q(2021, 4) },
      { text: "công bố kết quả khảo sát trong quý I/2022", schedule: Q(2022, 1) },
    ],
  }],
  ["004-I", "Ban hành Kế hoạch trong quý III/2021; kết luận kiểm tra trong quý IV/2021", 2021, {
    kind: "two_step", steps: [
      { text: "Ban hành Kế hoạch trong quý III/2021", schedule: Q(2021, 3) },
      { text: "kết luận kiểm tra trong quý IV/2021", schedule: Q(2021, 4) },
    ],
  }],
  ["004-I", "Xây dưng Kế hoạch, phương án khảo sát trong Quý III/2021; Quyết định công bố kết quả Quý IV/2021", 2021, {
    kind: "two_step", steps: [
      { text: "Xây dưng Kế hoạch, phương án khảo sát trong Quý III/2021", schedule: Q(2021, 3) },
      { text: "Quyết định công bố kết quả Quý IV/2021", schedule: Q(2021, 4) },
    ],
  }],
  ["004-I 004-II", "Xây dưng Kế hoạch, phương án khảo sát, Quyết định công bố kết quả theo năm học", 2021, { kind: "recurring", every: "school_year" }],
  ["004-I", "Quý II/2021", 2021, Q(2021, 2)],
  ["004-II", "Theo kế hoạch hàng năm (2021- 2025)", y2125, { kind: "recurring", every: "year", years: y2125 }],
  ["004-II", "Quý I hàng năm (2021- 2025)", y2125, { kind: "recurring", every: "year", inQuarter: 1, years: y2125 }],
  ["004-II", "2021- 2025", y2125, { kind: "due", due: "2025-12-31", period: { grain: "years", start: "2021-01-01" } }],
  ["004-II", "Thường xuyên (2021- 2025)", y2125, { kind: "ongoing", years: y2125 }],
  ["004-II", "Hoàn thành kế hoạch quý I hàng năm (2021- 2025)", y2125, { kind: "recurring", every: "year", inQuarter: 1, years: y2125 }],
  ["004-II", "Theo kế hoạch (2021- 2025)", y2125, asWritten("Theo kế hoạch (2021- 2025)")],
  ["004-II", "Thường xuyên 2021- 2025", y2125, { kind: "ongoing", years: y2125 }],
  ["004-II", "Sau khi Chính phủ phê duyệt", y2125, { kind: "event", event: "Sau khi Chính phủ phê duyệt" }],
  ["004-II", "Sau khi Chính phủ ban hành khung giá đất; UBND tỉnh ban hành bản giá đất.", y2125, { kind: "event", event: "Sau khi Chính phủ ban hành khung giá đất; UBND tỉnh ban hành bản giá đất" }],
  ["004-II", "Định kỳ hàng quý và đột xuất (2021- 2025)", y2125, { kind: "recurring", every: "quarter", adHoc: true, years: y2125 }],
  ["004-II", "Sau khi có kết luận của cơ quan có thẩm quyền (2021- 2025)", y2125, { kind: "event", event: "Sau khi có kết luận của cơ quan có thẩm quyền (2021- 2025)", years: y2125 }],
  ["004-II", "Khi có kiến nghị, phản ảnh của tổ chức, công dân", y2125, { kind: "event", event: "Khi có kiến nghị, phản ảnh của tổ chức, công dân" }],
  ["004-II", "Hàng năm theo quy định", y2125, { kind: "recurring", every: "year" }],
  ["004-II", "2021- 2023", y2125, { kind: "due", due: "2023-12-31", period: { grain: "years", start: "2021-01-01" } }],
  ["004-II", "Công khai thường xuyên trên cổng/ trang thông tin điện tử.", y2125, { kind: "ongoing" }],
  ["004-II", "Theo kế hoạch (2021- 2023)", y2125, asWritten("Theo kế hoạch (2021- 2023)")],
  ["004-II", "2021- 2022", y2125, { kind: "due", due: "2022-12-31", period: { grain: "years", start: "2021-01-01" } }],
  ["004-II", "Xây dưng Kế hoạch, phương án khảo sát trong Quý I; Quyết định công bố kết quả Quý II hàng năm", y2125, {
    kind: "two_step", steps: [
      { text: "Xây dưng Kế hoạch, phương án khảo sát trong Quý I", schedule: { kind: "recurring", every: "year", inQuarter: 1 } },
      { text: "Quyết định công bố kết quả Quý II hàng năm", schedule: { kind: "recurring", every: "year", inQuarter: 2 } },
    ],
  }],
  ["004-II", "Hoàn thành đầu năm học hàng năm", y2125, { kind: "recurring", every: "school_year", atStart: true }],
];

describe("time cells of the five seed plans", () => {
  it.each(CASES)("%s: %j", (_seed, text, plan, reading) => {
    expect(parseSchedule(text, plan)).toEqual(reading);
    // every reading has Vietnamese words for the plan page
    expect(scheduleLabel(reading)).toMatch(/\p{L}/u);
  });

  it("lists each cell once, and flags for review exactly the ones kept as written", () => {
    expect(new Set(CASES.map((c) => c[1])).size).toBe(CASES.length);
    const flagged = CASES.filter((c) => needsReview(parseSchedule(c[1], c[2]))).map((c) => c[1]);
    expect(flagged).toEqual(CASES.filter((c) => c[3].kind === "as_written" || (c[3].kind === "two_step" && c[3].steps.some((s) => s.schedule.kind === "as_written"))).map((c) => c[1]));
    expect(flagged.length).toBeGreaterThan(10);
  });
});

describe("nothing guessed", () => {
  it("reads yearly as yearly and monthly-and-quarterly as both", () => {
    expect(parseSchedule("Hàng năm", 2021)).toEqual({ kind: "recurring", every: "year" });
    expect(parseSchedule("Hằng năm", 2021)).toEqual({ kind: "recurring", every: "year" });
    const mq = parseSchedule("Định kỳ hàng tháng, quý", 2021);
    expect(mq).toMatchObject({ every: "month", also: ["quarter"] });
    expect(scheduleLabel(mq)).toBe("Định kỳ hàng tháng, hàng quý");
  });

  it("does not give a bare quarter or month a year when the plan covers several years", () => {
    expect(parseSchedule("Quý IV", y2125)).toEqual(asWritten("Quý IV"));
    expect(parseSchedule("Tháng 12", y2125)).toEqual(asWritten("Tháng 12"));
    expect(parseSchedule("trước 30/6", y2125)).toEqual(asWritten("trước 30/6"));
  });

  it("keeps impossible days and unknown wording as written instead of failing", () => {
    expect(parseSchedule("trước 31/2", 2021)).toEqual(asWritten("trước 31/2"));
    expect(parseSchedule("sớm nhất có thể", 2021)).toEqual(asWritten("sớm nhất có thể"));
    expect(parseSchedule("2025- 2021", 2021)).toEqual(asWritten("2025- 2021"));
    expect(parseSchedule("   ", 2021)).toEqual({ kind: "unstated" });
  });

  it("reads days, halves and school years with a year", () => {
    expect(parseSchedule("trước 30/6", 2024)).toEqual({ kind: "due", due: "2024-06-30", period: { grain: "day", start: "2024-06-30", yearFromPlan: true } });
    expect(parseSchedule("Trước 30/9/2024", 2024)).toMatchObject({ kind: "due", due: "2024-09-30" });
    expect(parseSchedule("6 tháng đầu năm 2025", 2025)).toEqual({ kind: "due", due: "2025-06-30", period: { grain: "half", start: "2025-01-01" } });
    expect(parseSchedule("Năm học 2025-2026", 2025)).toEqual({ kind: "due", due: "2026-05-31", period: { grain: "school_year", start: "2025-09-01" } });
    expect(parseSchedule("Tháng 3/2026", 2026)).toEqual({ kind: "due", due: "2026-03-31", period: { grain: "month", start: "2026-03-01" } });
    expect(scheduleLabel(parseSchedule("Tháng 3/2026", 2026))).toBe("Trong tháng 3/2026");
    expect(scheduleLabel(parseSchedule("2021- 2025", y2125))).toBe("Giai đoạn 2021–2025");
  });
});
