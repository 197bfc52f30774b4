import { describe, expect, it } from "vitest";
import { isFormal, routeItem, type RoutingRule } from "../../app/domain/routing";

// Province 1 → district 2 → commune 4; district 3.
const unitParent = new Map<number, number | null>([[1, null], [2, 1], [3, 1], [4, 2]]);
const rules: RoutingRule[] = [
  { id: 1, topic: "dat-dai", unitId: null, agencyId: 100 }, // land: Sở TN&MT
  { id: 2, topic: "dat-dai", unitId: 2, agencyId: 200 }, // land in district 2: district UBND
  { id: 3, topic: null, unitId: 2, agencyId: 201 }, // anything else in district 2
  { id: 4, topic: "ho-tich", unitId: 1, agencyId: 300 },
  { id: 5, topic: "dat-dai", unitId: 4, agencyId: 400, active: false },
];

describe("routing feedback to the owning agency", () => {
  it("prefers topic and unit over topic only over unit only", () => {
    expect(routeItem({ topic: "dat-dai", unitId: 2 }, rules, unitParent)?.agencyId).toBe(200);
    expect(routeItem({ topic: "dat-dai", unitId: 3 }, rules, unitParent)?.agencyId).toBe(100);
    expect(routeItem({ topic: "xay-dung", unitId: 2 }, rules, unitParent)?.agencyId).toBe(201);
  });
  it("uses the nearest ancestor unit for an item in a commune, and ignores inactive rules", () => {
    expect(routeItem({ topic: "dat-dai", unitId: 4 }, rules, unitParent)?.agencyId).toBe(200);
    expect(routeItem({ topic: "ho-tich", unitId: 4 }, rules, unitParent)?.agencyId).toBe(300);
  });
  it("returns null (the coordinator's queue) when no rule matches", () => {
    expect(routeItem({ topic: "xay-dung", unitId: 3 }, rules, unitParent)).toBeNull();
    expect(routeItem({ topic: null, unitId: null }, rules, unitParent)).toBeNull();
  });
  it("breaks ties by priority, then by the older rule", () => {
    const tied: RoutingRule[] = [
      { id: 7, topic: "thue", unitId: null, agencyId: 1 },
      { id: 8, topic: "thue", unitId: null, agencyId: 2, priority: 10 },
      { id: 9, topic: "thue", unitId: null, agencyId: 3 },
    ];
    expect(routeItem({ topic: "thue", unitId: 3 }, tied, unitParent)?.agencyId).toBe(2);
    expect(routeItem({ topic: "thue", unitId: 3 }, tied.filter((r) => r.id !== 8), unitParent)?.agencyId).toBe(1);
  });
  it("flags complaints and denunciations as formal", () => {
    expect(isFormal("khieu_nai")).toBe(true);
    expect(isFormal("to_cao")).toBe(true);
    expect(isFormal("phan_anh")).toBe(false);
  });
});
