import { describe, expect, it } from "vitest";
import papi from "../../db/seed/plans-papi-2021.json";
import sipas from "../../db/seed/plans-sipas-2024.json";
import par from "../../db/seed/par-index-2024.json";
import groupsSeed from "../../db/seed/plans-agency-groups.json";
import {
  duePeriods, evaluateTarget, expandAssignees, expandGroup, groupFromRank, openPeriods, parseSchedule, parseTarget, parSumMismatches,
  periodCodeEnd, periodCodeLabel, reportForPeriod, reportState, resolveAssignee, roundOfStoredPeriod, sumParTree, taskOverdue, taskPeriods, type AgencyGroup, type AgencyInfo,
} from "../../app/domain/plans";

const plan2021 = { from: "2021-07-01", to: "2021-12-31", graceDays: 10, eventDays: 30 };

describe("schedules", () => {
  it("reads the kinds the plans use", () => {
    expect(parseSchedule("Thường xuyên", 2021)).toEqual({ kind: "ongoing" });
    expect(parseSchedule("Quý III/2021.", 2021)).toMatchObject({ kind: "due", due: "2021-09-30" });
    expect(parseSchedule("Quý II/2021", 2021)).toMatchObject({ kind: "due", due: "2021-06-30" });
    expect(parseSchedule("trước 30/6", 2024)).toMatchObject({ kind: "due", due: "2024-06-30" });
    expect(parseSchedule("Trước 30/9/2024", 2024)).toMatchObject({ kind: "due", due: "2024-09-30" });
    expect(parseSchedule("Trong năm 2021", 2021)).toMatchObject({ kind: "due", due: "2021-12-31" });
    // issue 16: "hàng tháng, quý" is monthly and quarterly, not only quarterly (the old reading was wrong)
    expect(parseSchedule("Định kỳ hàng tháng, quý", 2021)).toEqual({ kind: "recurring", every: "month", also: ["quarter"] });
    expect(parseSchedule("Định kỳ 6 tháng", 2021)).toEqual({ kind: "recurring", every: "half" });
    expect(parseSchedule("Khi có văn bản mới", 2021)).toEqual({ kind: "event", event: "Khi có văn bản mới" });
    expect(parseSchedule("Sau khi có Thông tư hướng dẫn của các Bộ, ngành", 2021)?.kind).toBe("event");
    // issue 16: wording not understood is kept as written (flagged), never a failed import
    expect(parseSchedule("trước 31/2", 2021)).toEqual({ kind: "as_written", text: "trước 31/2" });
    expect(parseSchedule("sớm nhất có thể", 2021)).toEqual({ kind: "as_written", text: "sớm nhất có thể" });
  });

  it("understands every schedule of the demo plans", () => {
    // each has a reading; the two that only refer to another document are kept as written (issue 16)
    const written = [...papi.tasks, ...sipas.tasks].filter((t) => parseSchedule(t.schedule, 2021).kind === "as_written").map((t) => t.schedule);
    expect(written).toEqual(["Thực hiện theo quy định của cơ quan có thẩm quyền", "Theo phương án, kế hoạch được phê duyệt"]);
  });

  it("gives the report periods each kind calls for", () => {
    const codes = (s: Parameters<typeof taskPeriods>[0], trig: string | null = null) => taskPeriods(s, plan2021, trig).map((p) => p.code);
    expect(codes({ kind: "ongoing" })).toEqual(["2021-9T", "2021-Y"]);
    expect(codes({ kind: "recurring", every: "quarter" })).toEqual(["2021-9T", "2021-Y"]);
    expect(codes({ kind: "recurring", every: "half" })).toEqual(["2021-Y"]);
    expect(codes({ kind: "due", due: "2021-09-30" })).toEqual(["2021-9T"]);
    expect(codes({ kind: "due", due: "2021-12-31" })).toEqual(["2021-9T", "2021-Y"]);
    expect(codes({ kind: "event", event: "khi có văn bản mới" })).toEqual([]);
    expect(codes({ kind: "recurring", every: "month", also: ["quarter"] })).toEqual(["2021-M07", "2021-M08", "2021-M09", "2021-M10", "2021-M11", "2021-M12"]);
    expect(codes({ kind: "recurring", every: "year" })).toEqual(["2021-Y"]);
    expect(codes({ kind: "as_written", text: "Theo quy định" })).toEqual(["2021-9T", "2021-Y"]);
    expect(codes({ kind: "two_step", steps: [{ text: "a", schedule: { kind: "due", due: "2021-09-30" } }, { text: "b", schedule: { kind: "recurring", every: "half" } }] })).toEqual(["2021-9T", "2021-Y"]);
    const ev = taskPeriods({ kind: "event", event: "x" }, plan2021, "2021-08-02");
    expect(ev).toEqual([{ code: "SK-2021-08-02", label: "Sự kiện ngày 02/08/2021", start: "2021-08-02", end: "2021-08-02", due: "2021-09-01" }]);
    const q3 = taskPeriods({ kind: "ongoing" }, plan2021)[0];
    expect(q3).toMatchObject({ label: "9 tháng năm 2021", start: "2021-07-01", end: "2021-09-30", due: "2021-10-10" });
  });

  it("knows which periods are due by a date and which may be filed", () => {
    const ps = taskPeriods({ kind: "ongoing" }, plan2021);
    expect(duePeriods(ps, "2021-10-10").map((p) => p.code)).toEqual([]);
    expect(duePeriods(ps, "2021-10-11").map((p) => p.code)).toEqual(["2021-9T"]);
    expect(openPeriods(ps, "2021-10-01").map((p) => p.code)).toEqual(["2021-9T", "2021-Y"]);
    expect(openPeriods(ps, "2021-08-01").map((p) => p.code)).toEqual(["2021-9T"]);
  });

  it("reports at quý I, 6 tháng, 9 tháng and năm, monthly where the time asks for it (issue 16)", () => {
    const year = { from: "2027-01-01", to: "2027-12-31", graceDays: 10, eventDays: 30 };
    const of = (s: Parameters<typeof taskPeriods>[0], w = year) => taskPeriods(s, w).map((p) => `${p.code} ${p.label} ${p.start}…${p.end} hạn ${p.due}`);
    expect(of({ kind: "ongoing" })).toEqual([
      "2027-Q1 Quý I/2027 2027-01-01…2027-03-31 hạn 2027-04-10",
      "2027-6T 6 tháng năm 2027 2027-04-01…2027-06-30 hạn 2027-07-10",
      "2027-9T 9 tháng năm 2027 2027-07-01…2027-09-30 hạn 2027-10-10",
      "2027-Y Năm 2027 2027-10-01…2027-12-31 hạn 2028-01-10",
    ]);
    expect(taskPeriods({ kind: "recurring", every: "half" }, year).map((p) => `${p.code} ${p.start}`)).toEqual(["2027-6T 2027-01-01", "2027-Y 2027-07-01"]);
    expect(taskPeriods({ kind: "recurring", every: "year" }, year).map((p) => `${p.code} ${p.start}`)).toEqual(["2027-Y 2027-01-01"]);
    expect(taskPeriods({ kind: "recurring", every: "month" }, year).map((p) => p.code)).toHaveLength(12);
    // a plan issued on 15 May asks for 6 tháng onwards, not quý I
    expect(taskPeriods({ kind: "ongoing" }, { ...year, from: "2027-05-15" }).map((p) => p.code)).toEqual(["2027-6T", "2027-9T", "2027-Y"]);
    // due in quý III: reports at each round up to it
    expect(taskPeriods({ kind: "due", due: "2027-09-30" }, year).map((p) => p.code)).toEqual(["2027-Q1", "2027-6T", "2027-9T"]);
    // a span of years: every round of every year
    expect(taskPeriods({ kind: "ongoing" }, { ...year, to: "2028-12-31" }).map((p) => p.code)).toEqual(["2027-Q1", "2027-6T", "2027-9T", "2027-Y", "2028-Q1", "2028-6T", "2028-9T", "2028-Y"]);
  });

  it("keeps reports filed under the earlier quarter and half codes valid", () => {
    expect(["2021-Q1", "2021-Q2", "2021-H1", "2021-Q3", "2021-Q4", "2021-H2", "2021-M03", "2021-Y", "SK-2021-05-02"].map(roundOfStoredPeriod))
      .toEqual(["2021-Q1", "2021-6T", "2021-6T", "2021-9T", "2021-Y", "2021-Y", "2021-M03", "2021-Y", "SK-2021-05-02"]);
    const old = { period: "2021-Q3", submitted_day: "2021-10-05" };
    const newer = { period: "2021-9T", submitted_day: "2021-10-20" };
    expect(reportForPeriod([old], "2021-9T")).toBe(old);
    expect(reportForPeriod([old, newer], "2021-9T")).toBe(newer);
    expect(reportForPeriod([old], "2021-Y")).toBeUndefined();
    expect(["2021-Q3", "2021-9T", "2021-6T", "2021-H2", "2021-M02"].map(periodCodeLabel)).toEqual(["Quý III/2021", "9 tháng năm 2021", "6 tháng năm 2021", "6 tháng cuối năm 2021", "Tháng 2/2021"]);
    expect(["2021-Y", "2021-Q1", "2021-Q3", "2021-6T", "SK-2021-05-02"].sort((a, b) => periodCodeEnd(a).localeCompare(periodCodeEnd(b)))).toEqual(["2021-Q1", "SK-2021-05-02", "2021-6T", "2021-Q3", "2021-Y"]);
  });

  it("tells missing, late, on-time and not-yet-due reports apart", () => {
    const q3 = taskPeriods({ kind: "ongoing" }, plan2021)[0];
    expect(reportState(q3, null, "2021-10-10")).toBe("not_due");
    expect(reportState(q3, null, "2021-10-11")).toBe("missing");
    expect(reportState(q3, "2021-10-10", "2022-01-01")).toBe("on_time");
    expect(reportState(q3, "2021-10-11", "2022-01-01")).toBe("late");
    expect(taskOverdue({ kind: "due", due: "2021-09-30" }, "in_progress", "2021-10-01")).toBe(true);
    expect(taskOverdue({ kind: "due", due: "2021-09-30" }, "done", "2021-10-01")).toBe(false);
    expect(taskOverdue({ kind: "ongoing" }, null, "2030-01-01")).toBe(false);
  });
});

const agencies: AgencyInfo[] = [
  { code: "STP", name: "Sở Tư pháp", kind: "department", level: "province", active: true },
  { code: "VP-UBND", name: "Văn phòng Ủy ban nhân dân tỉnh", kind: "office", level: "province", active: true },
  { code: "TTRA", name: "Thanh tra tỉnh", kind: "inspectorate", level: "province", active: true },
  { code: "CA", name: "Công an tỉnh", kind: "other", level: "province", active: true },
  { code: "UBND-BMT", name: "Ủy ban nhân dân thành phố Buôn Ma Thuột", kind: "people_committee", level: "district", active: true },
  { code: "UBND-EKA", name: "Ủy ban nhân dân huyện Ea Kar", kind: "people_committee", level: "district", active: false },
  { code: "UBND-BMT-TANLOI", name: "Ủy ban nhân dân phường Tân Lợi", kind: "people_committee", level: "commune", active: true },
  { code: "SLDTBXH", name: "Sở Lao động - Thương binh và Xã hội", kind: "department", level: "province", active: true },
];
const groups = groupsSeed.groups as AgencyGroup[];

describe("agency groups", () => {
  it("expand to their active members by kind and level", () => {
    const g = (code: string) => expandGroup(groups.find((x) => x.code === code)!, agencies).map((a) => a.code);
    expect(g("UBND-XA")).toEqual(["UBND-BMT-TANLOI"]);
    expect(g("UBND-HUYEN")).toEqual(["UBND-BMT"]);
    expect(g("SO-NGANH")).toEqual(["STP", "VP-UBND", "TTRA", "SLDTBXH"]);
  });

  it("resolve plan names to agencies, groups or outside bodies", () => {
    const r = (n: string) => resolveAssignee(n, agencies, groups, groupsSeed.agencyAliases);
    expect(r("Sở Tư pháp")).toEqual({ type: "agency", code: "STP" });
    expect(r("Văn phòng UBND tỉnh")).toEqual({ type: "agency", code: "VP-UBND" });
    expect(r("Sở Lao động, Thương binh và Xã hội")).toEqual({ type: "agency", code: "SLDTBXH" });
    expect(r("UBND cấp xã;")).toEqual({ type: "group", code: "UBND-XA" });
    expect(r("Các sở, ngành")).toEqual({ type: "group", code: "SO-NGANH" });
    expect(r("Báo Đắk Lắk")).toEqual({ type: "external", name: "Báo Đắk Lắk" });
    const set = expandAssignees([r("Thanh tra tỉnh"), r("Các sở, ban, ngành"), r("UBND cấp huyện"), r("Báo Đắk Lắk")], agencies, groups);
    expect([...set].sort()).toEqual(["SLDTBXH", "STP", "TTRA", "UBND-BMT", "VP-UBND"]);
  });
});

describe("targets", () => {
  const base = { score: 41.53, maxScore: 80, rank: 50, rankOf: 63 };
  it("rank out of N", () => {
    expect(evaluateTarget({ kind: "rank_top", top: 30, of: 63 }, base, { ...base, rank: 30 }).outcome).toBe("met");
    expect(evaluateTarget({ kind: "rank_top", top: 30, of: 63 }, base, { ...base, rank: 31 }).outcome).toBe("not_met");
    expect(evaluateTarget({ kind: "rank_top", top: 30, of: 63 }, base, null).outcome).toBe("no_data");
  });
  it("better rank than last year, and by a number of places", () => {
    expect(evaluateTarget({ kind: "rank_better" }, base, { ...base, rank: 49 }).outcome).toBe("met");
    expect(evaluateTarget({ kind: "rank_better" }, base, { ...base, rank: 50 }).outcome).toBe("not_met");
    const r = evaluateTarget({ kind: "rank_improve", by: 5 }, base, { ...base, rank: 46 });
    expect(r.outcome).toBe("not_met");
    expect(r.detail).toContain("tăng 4 bậc");
    expect(evaluateTarget({ kind: "rank_improve", by: 5 }, base, { ...base, rank: 45 }).outcome).toBe("met");
    expect(evaluateTarget({ kind: "rank_improve", by: 5 }, { ...base, rank: null }, { ...base, rank: 45 }).outcome).toBe("no_data");
  });
  it("group, stated or from the rank's quartile", () => {
    expect(groupFromRank(1, 63)).toBe("cao");
    expect(groupFromRank(16, 63)).toBe("cao");
    expect(groupFromRank(17, 63)).toBe("trung bình cao");
    expect(groupFromRank(63, 63)).toBe("thấp");
    expect(evaluateTarget({ kind: "group", group: "nhóm trung bình cao" }, base, { ...base, rank: 20 }).outcome).toBe("met");
    expect(evaluateTarget({ kind: "group", group: "nhóm khá" }, base, { ...base, rank: 40 }).outcome).toBe("not_met");
    expect(evaluateTarget({ kind: "group", group: "trung bình cao" }, base, { ...base, rank: 60, group: "nhóm cao" }).outcome).toBe("met");
  });
  it("share of the maximum score", () => {
    expect(evaluateTarget({ kind: "share", min: 0.8 }, base, { ...base, score: 64 }).outcome).toBe("met");
    const r = evaluateTarget({ kind: "share", min: 0.8 }, base, { ...base, score: 63.9 });
    expect(r.outcome).toBe("not_met");
    expect(r.detail).toBe("Đạt 79,9 % điểm tối đa; mục tiêu từ 80 %.");
  });
  it("reads targets as written", () => {
    expect(parseTarget("top 30/63")).toMatchObject({ kind: "rank_top", top: 30, of: 63 });
    expect(parseTarget("Tăng 5 bậc so với năm 2023")).toMatchObject({ kind: "rank_improve", by: 5 });
    expect(parseTarget("Chỉ số PAPI năm 2021 tăng bậc so với năm 2020")).toMatchObject({ kind: "rank_better" });
    expect(parseTarget("≥ 80 %")).toMatchObject({ kind: "share", min: 0.8 });
    expect(parseTarget("nhóm khá")).toMatchObject({ kind: "group", group: "khá" });
  });
});

describe("PAR tree", () => {
  it("parents sum their children's max points, targets and points", () => {
    const [root] = sumParTree([
      { code: "3", parent: null, maxPoints: 99, target: 99, points: 99 },
      { code: "3.4", parent: "3", maxPoints: 0, target: null, points: null },
      { code: "3.4.1", parent: "3.4", maxPoints: 1.5, target: 1, points: 1.2 },
      { code: "3.4.5", parent: "3.4", maxPoints: 0.75, target: 0.75, points: null },
      { code: "3.5", parent: "3", maxPoints: 1, target: 1, points: 0.9 },
    ]);
    expect(root.maxPoints).toBe(3.25);
    expect(root.target).toBe(2.75);
    expect(root.points).toBe(2.1);
    expect(root.missing).toBe(1);
    expect(root.children[0]).toMatchObject({ code: "3.4", maxPoints: 2.25, target: 1.75, points: 1.2, missing: 1 });
  });
  it("a parent without any child points has none", () => {
    const [root] = sumParTree([
      { code: "1", parent: null, maxPoints: 2, target: 2, points: null },
      { code: "1.1", parent: "1", maxPoints: 2, target: 2, points: null },
    ]);
    expect(root.points).toBeNull();
  });
  it("the 2024 tree of Phụ lục I is consistent: 100 points, target 91,65", () => {
    const nodes = par.nodes.map((n) => ({ code: n.code, parent: n.parent, maxPoints: n.maxPoints, target: n.target, points: null }));
    expect(parSumMismatches(nodes)).toEqual([]);
    const roots = sumParTree(nodes);
    expect(roots).toHaveLength(8);
    expect(roots.reduce((s, r) => s + r.maxPoints, 0)).toBeCloseTo(100, 6);
    expect(roots.reduce((s, r) => s + (r.target ?? 0), 0)).toBeCloseTo(91.65, 6);
  });
});
