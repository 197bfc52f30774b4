import { describe, expect, it } from "vitest";
import { indexHistory, mapPoint, pointUnitAt, segmentsMapped, segmentsThen, subtreeAt, successorAt, type LineageEdge, type OrgVersion } from "../../app/domain/lineage";
import { planReorganisation, type PlannedVersion, type ReorgFile } from "../../app/domain/reorganisation";

// A small province: P (province) → D1, D2 (districts) → C1, C2 under D1, C3 under D2; desks at
// every commune and one at D1.
const LEVELS = [
  { code: "province", name: "Tỉnh", rank: 1 },
  { code: "district", name: "Huyện", rank: 2 },
  { code: "commune", name: "Xã", rank: 3 },
];
const base = { nameEn: null, kind: null, unitId: null, agencyId: null, level: null, parentId: null };
const unit = (id: number, code: string, level: string, parentId: number | null): PlannedVersion =>
  ({ ...base, entity: "unit", id, from: null, to: null, code, name: `Đơn vị ${code}`, level, parentId, rowId: id });
const agency = (id: number, code: string, unitId: number): PlannedVersion =>
  ({ ...base, entity: "agency", id, from: null, to: null, code, name: `Cơ quan ${code}`, kind: "people_committee", unitId, rowId: 100 + id });
const point = (id: number, code: string, unitId: number, agencyId: number): PlannedVersion =>
  ({ ...base, entity: "point", id, from: null, to: null, code, name: `Điểm ${code}`, kind: "desk", unitId, agencyId, rowId: 200 + id });

function province(): { versions: PlannedVersion[]; edges: LineageEdge[] } {
  return {
    versions: [
      unit(1, "P", "province", null), unit(2, "D1", "district", 1), unit(3, "D2", "district", 1),
      unit(4, "C1", "commune", 2), unit(5, "C2", "commune", 2), unit(6, "C3", "commune", 3),
      agency(1, "A-P", 1), agency(2, "A-D1", 2), agency(3, "A-C1", 4), agency(4, "A-C2", 5), agency(5, "A-C3", 6), agency(6, "A-D2", 3),
      point(1, "S-D1", 2, 2), point(2, "S-C1", 4, 3), point(3, "S-C2", 5, 4), point(4, "S-C3", 6, 5),
    ],
    edges: [],
  };
}
const taken = (h: { versions: PlannedVersion[] }) => ({
  unit: new Set(h.versions.filter((v) => v.entity === "unit").map((v) => v.code)),
  agency: new Set(h.versions.filter((v) => v.entity === "agency").map((v) => v.code)),
  point: new Set(h.versions.filter((v) => v.entity === "point").map((v) => v.code)),
});
function apply(h: { versions: PlannedVersion[]; edges: LineageEdge[] }, file: ReorgFile) {
  const p = planReorganisation(h, file, LEVELS, taken(h));
  expect(p.errors).toEqual([]);
  // Give new entities ids as the service would (after the highest existing id of their kind).
  const next: Record<string, number> = { unit: 50, agency: 50, point: 50 };
  const ids = new Map<string, number>();
  for (const c of p.created) ids.set(`${c.entity}:${c.id}`, next[c.entity]++);
  const real = (e: string, id: number | null) => (id !== null && id < 0 ? ids.get(`${e}:${id}`)! : id);
  return {
    versions: p.versions.map((v) => ({
      ...v, id: real(v.entity, v.id)!, parentId: real(v.entity === "point" ? "unit" : v.entity, v.parentId), unitId: real("unit", v.unitId), agencyId: real("agency", v.agencyId),
    })),
    edges: p.edges.map((e) => ({ ...e, from: real(e.entity, e.from)!, to: real(e.entity, e.to)! })),
    plan: p,
    id: (entity: string, code: string) => p.versions.filter((v) => v.entity === entity && v.code === code).map((v) => real(entity, v.id)!)[0],
  };
}
const codes = (vs: OrgVersion[]) => vs.map((v) => v.code).sort();

describe("lineage: which unit a service point belonged to on a day", () => {
  it("merge: two communes into a new one; the old belong to their district before, the new one after", () => {
    const h = apply(province(), { title: "Sáp nhập", effectiveOn: "2025-07-01", changes: [{ kind: "merge_units", into: "N1", name: "Xã Mới", from: ["C1", "C2"] }] });
    const ix = indexHistory(h);
    const n1 = h.id("unit", "N1");
    expect(pointUnitAt(ix, 2, "2025-06-30")).toBe(4);
    expect(pointUnitAt(ix, 2, "2025-07-01")).toBe(n1);
    expect(pointUnitAt(ix, 3, "2026-01-01")).toBe(n1);
    expect(subtreeAt(ix, 2, "2025-06-30")).toEqual(new Set([2, 4, 5]));
    expect(subtreeAt(ix, 2, "2025-07-01")).toEqual(new Set([2, n1]));
    // 2024 responses of C1's desk map to today's N1.
    expect(mapPoint(ix, 2, "2026-12-04")).toEqual({ unitId: n1 });
    expect(successorAt(ix, "unit", 4, "2026-12-04")).toEqual({ id: n1 });
  });

  it("split: a point goes where the file says; a closed point of a split unit is never guessed", () => {
    const h = apply(province(), {
      title: "Chia tách", effectiveOn: "2025-07-01",
      changes: [
        { kind: "close_point", point: "S-C3" },
        { kind: "split_unit", unit: "C3", into: [{ code: "N3a", name: "Xã A" }, { code: "N3b", name: "Xã B" }], points: {} },
        { kind: "dissolve_agency", agency: "A-C3" },
      ],
    });
    const ix = indexHistory(h);
    expect(mapPoint(ix, 4, "2026-12-04")).toEqual({ unmapped: "split", candidates: [h.id("unit", "N3a"), h.id("unit", "N3b")].sort((a, b) => a - b) });
    // As organised then, 2024 still counts it under C3 and D2.
    expect(pointUnitAt(ix, 4, "2024-06-01")).toBe(6);
  });

  it("split with the point assigned: the point follows to its new unit", () => {
    const h = apply(province(), {
      title: "Chia tách", effectiveOn: "2025-07-01",
      changes: [
        { kind: "split_unit", unit: "C3", into: [{ code: "N3a", name: "Xã A" }, { code: "N3b", name: "Xã B" }], points: { "S-C3": "N3b" } },
        { kind: "move_point", point: "S-C3", agency: "A-D2" },
        { kind: "dissolve_agency", agency: "A-C3", successor: "A-D2" },
      ],
    });
    const ix = indexHistory(h);
    expect(mapPoint(ix, 4, "2026-01-01")).toEqual({ unitId: h.id("unit", "N3b") });
  });

  it("move: a commune moved to another district keeps its past under the old district", () => {
    const h = apply(province(), { title: "Điều chỉnh", effectiveOn: "2025-01-01", changes: [{ kind: "move_unit", unit: "C2", parent: "D2" }] });
    const ix = indexHistory(h);
    expect(subtreeAt(ix, 2, "2024-12-31").has(5)).toBe(true);
    expect(subtreeAt(ix, 3, "2025-01-01").has(5)).toBe(true);
    expect(segmentsThen(ix, 2, { from: "2024-01", to: "2025-12" }, [3])).toEqual([{ pointId: 3, from: "2024-01", to: "2024-12" }]);
    expect(segmentsThen(ix, 3, { from: "2024-01", to: "2025-12" }, [3])).toEqual([{ pointId: 3, from: "2025-01", to: "2025-12" }]);
  });

  it("rename and recode: the same unit, another name from the day", () => {
    const h = apply(province(), { title: "Đổi tên", effectiveOn: "2025-01-01", changes: [{ kind: "rename_unit", unit: "C1", name: "Phường Mới", code: "C1X" }] });
    const ix = indexHistory(h);
    expect(subtreeAt(ix, 4, "2024-05-05").size).toBe(1);
    expect(codes(ix.history.versions.filter((v) => v.entity === "unit" && v.id === 4))).toEqual(["C1", "C1X"]);
    expect(mapPoint(ix, 2, "2026-01-01")).toEqual({ unitId: 4 });
  });

  it("dissolving a level: communes go up to the province; the district's desk must be handled", () => {
    const bad = planReorganisation(province(), { title: "Bỏ cấp huyện", effectiveOn: "2025-07-01", changes: [{ kind: "dissolve_level", level: "district" }] }, LEVELS, taken(province()));
    expect(bad.errors.map((e) => e.message).join(" ")).toMatch(/S-D1.*đơn vị đã kết thúc/);
    const h = apply(province(), {
      title: "Bỏ cấp huyện", effectiveOn: "2025-07-01",
      changes: [
        { kind: "close_point", point: "S-D1", successor: "S-C1" },
        { kind: "dissolve_agency", agency: "A-D1", successor: "A-P" },
        { kind: "dissolve_agency", agency: "A-D2", successor: "A-P" },
        { kind: "dissolve_level", level: "district" },
      ],
    });
    const ix = indexHistory(h);
    expect(subtreeAt(ix, 1, "2025-07-01")).toEqual(new Set([1, 4, 5, 6]));
    expect(mapPoint(ix, 1, "2026-01-01")).toEqual({ unitId: 4 });
    // The province as organised then counts every desk in every month.
    const segs = segmentsThen(ix, 1, { from: "2025-01", to: "2025-12" }, [1, 2, 3, 4]);
    // The district desk counts until it closed; the months after hold none of its responses, so
    // its run covers the year (and reads the same yearly rows as before the reorganisation).
    expect(segs.find((s) => s.pointId === 1)).toEqual({ pointId: 1, from: "2025-01", to: "2025-12" });
    // Under D1 as organised then, the desk counts January to June only; D1 has no months after.
    expect(segmentsThen(ix, 2, { from: "2025-01", to: "2025-12" }, [1, 2])).toEqual([{ pointId: 1, from: "2025-01", to: "2025-12" }, { pointId: 2, from: "2025-01", to: "2025-06" }]);
    expect(segs.find((s) => s.pointId === 2)).toEqual({ pointId: 2, from: "2025-01", to: "2025-12" });
  });

  it("chains: a merge after a rename after a move maps 2024 to the last unit", () => {
    const a = apply(province(), { title: "1", effectiveOn: "2024-11-01", changes: [{ kind: "move_unit", unit: "C3", parent: "D1" }] });
    const b = apply(a, { title: "2", effectiveOn: "2025-01-01", changes: [{ kind: "rename_unit", unit: "C3", name: "Thị trấn Ba" }] });
    const c = apply(b, { title: "3", effectiveOn: "2025-07-01", changes: [{ kind: "merge_units", into: "C1", from: ["C3", "C2"] }] });
    const ix = indexHistory(c);
    expect(mapPoint(ix, 4, "2026-12-04")).toEqual({ unitId: 4 });
    expect(pointUnitAt(ix, 4, "2024-10-31")).toBe(6);
    expect(subtreeAt(ix, 3, "2024-10-31").has(6)).toBe(true);
    expect(subtreeAt(ix, 2, "2024-11-01").has(6)).toBe(true);
    // Mapped to today, D1 no longer exists; C1 holds all three desks of 2024.
    expect(segmentsMapped(ix, 4, { from: "2024-01", to: "2024-12" }, [1, 2, 3, 4], "2026-12-04").segments.map((s) => s.pointId)).toEqual([2, 3, 4]);
  });

  it("agencies: a merge moves the points and sub-agencies to the successor", () => {
    const h = apply(province(), { title: "Hợp nhất sở", effectiveOn: "2025-03-01", changes: [{ kind: "merge_agencies", into: "A-NEW", name: "Sở mới", from: ["A-C1", "A-C2"] }] });
    const ix = indexHistory(h);
    const a = h.id("agency", "A-NEW");
    expect(ix.history.versions.filter((v) => v.entity === "point" && v.id === 2).map((v) => v.agencyId)).toEqual([3, a]);
    expect(h.plan.successions.filter((s) => s.entity === "agency").map((s) => s.successor)).toEqual([-1, -1]);
  });
});

describe("reorganisation files: a bad file is refused whole with the row named", () => {
  const plan = (changes: ReorgFile["changes"], effectiveOn = "2025-07-01") => planReorganisation(province(), { title: "x", effectiveOn, changes }, LEVELS, taken(province()));
  it("names an unknown code", () => {
    const p = plan([{ kind: "merge_units", into: "N", name: "Mới", from: ["C1", "C9"] }]);
    expect(p.errors).toEqual([{ row: 1, message: "Không có đơn vị hành chính mã \"C9\" đang hoạt động vào ngày 01/07/2025." }]);
  });
  it("refuses a unit merged twice", () => {
    const p = plan([{ kind: "merge_units", into: "N", name: "Mới", from: ["C1"] }, { kind: "merge_units", into: "M", name: "Khác", from: ["C1", "C2"] }]);
    expect(p.errors[0]).toEqual({ row: 2, message: "Đơn vị hành chính \"C1\" đã được sắp xếp ở dòng 1; mỗi đơn vị hành chính chỉ được sáp nhập, chia tách hay giải thể một lần." });
  });
  it("refuses a cycle", () => {
    const p = plan([{ kind: "move_unit", unit: "D1", parent: "C1" }]);
    expect(p.errors[0].message).toMatch(/vòng lặp/);
  });
  it("refuses a commune above a district, and accepts a commune directly under the province", () => {
    expect(plan([{ kind: "create_unit", code: "X", name: "Huyện X", level: "district", parent: "C1" }]).errors[0].message).toMatch(/không thể là đơn vị cấp trên/);
    expect(plan([{ kind: "create_unit", code: "X", name: "Phường X", level: "commune", parent: "P" }]).errors).toEqual([]);
  });
  it("refuses a code already used", () => {
    expect(plan([{ kind: "create_unit", code: "C1", name: "Trùng", level: "commune", parent: "P" }]).errors[0].message).toMatch(/đã có/);
  });
});
