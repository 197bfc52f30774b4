import { describe, expect, it } from "vitest";
import { can, grantCovers, homeUnit, permissionsOf, type Grant, type OrgShape } from "../../app/domain/permissions";

// Province 1 → districts 2, 3; commune 4 under 2. Agencies: 10 (province dept), 20 (district 2 UBND).
// Service points: 100 at unit 2 of agency 20; 101 at unit 4 of agency 20; 102 at unit 3 of agency 10.
const org: OrgShape = {
  unitParent: new Map([[1, null], [2, 1], [3, 1], [4, 2]]),
  agencyParent: new Map([[10, null], [20, 10]]),
  agencyUnit: new Map([[10, 1], [20, 2]]),
  servicePoint: new Map([
    [100, { unitId: 2, agencyId: 20 }],
    [101, { unitId: 4, agencyId: 20 }],
    [102, { unitId: 3, agencyId: 10 }],
  ]),
};
const g = (role: Grant["role"], scope: Partial<Grant> = {}): Grant => ({ role, unitId: null, agencyId: null, servicePointId: null, ...scope });

describe("role grants and scopes", () => {
  it("an admin may do everything everywhere", () => {
    expect(can([g("admin")], "manage:users", null, org)).toBe(true);
    expect(can([g("admin")], "read:indices", { unitId: 3 }, org)).toBe(true);
  });
  it("a district leader reads indices for the district and its communes, not the province or another district", () => {
    const leader = [g("leader", { unitId: 2 })];
    expect(can(leader, "read:indices", { unitId: 2 }, org)).toBe(true);
    expect(can(leader, "read:indices", { unitId: 4 }, org)).toBe(true);
    expect(can(leader, "read:indices", { servicePointId: 101 }, org)).toBe(true);
    expect(can(leader, "read:indices", { unitId: 1 }, org)).toBe(false);
    expect(can(leader, "read:indices", { unitId: 3 }, org)).toBe(false);
    expect(can(leader, "manage:targets", { unitId: 2 }, org)).toBe(false);
  });
  it("an agency officer acts on the agency and its service points only", () => {
    const officer = [g("agency_officer", { agencyId: 20 })];
    expect(can(officer, "answer:feedback", { agencyId: 20 }, org)).toBe(true);
    expect(can(officer, "answer:feedback", { servicePointId: 100 }, org)).toBe(true);
    expect(can(officer, "answer:feedback", { agencyId: 10 }, org)).toBe(false);
    expect(can(officer, "answer:feedback", { servicePointId: 102 }, org)).toBe(false);
    expect(can(officer, "read:indices", { unitId: 2 }, org)).toBe(false);
  });
  it("a desk officer is limited to the service point", () => {
    const desk = [g("desk_officer", { servicePointId: 100 })];
    expect(can(desk, "enter:feedback", { servicePointId: 100 }, org)).toBe(true);
    expect(can(desk, "enter:feedback", { servicePointId: 101 }, org)).toBe(false);
    expect(can(desk, "answer:feedback", { servicePointId: 100 }, org)).toBe(false);
  });
  it("several grants add up", () => {
    const both = [g("agency_officer", { agencyId: 10 }), g("leader", { unitId: 3 })];
    expect(can(both, "answer:feedback", { agencyId: 10 }, org)).toBe(true);
    expect(can(both, "read:indices", { unitId: 3 }, org)).toBe(true);
    expect(permissionsOf(both).has("export:data")).toBe(true);
    expect(grantCovers(both[0], { unitId: 3 }, org)).toBe(false);
  });
  it("opens the dashboard on the province for an admin and on the unit for a leader", () => {
    expect(homeUnit([g("admin")], 1)).toBe(1);
    expect(homeUnit([g("leader", { unitId: 2 })], 1)).toBe(2);
    expect(homeUnit([g("desk_officer", { servicePointId: 100 })], 1)).toBeNull();
  });
  it("unknown service points are never covered", () => {
    expect(can([g("leader", { unitId: 1 })], "read:indices", { servicePointId: 999 }, org)).toBe(false);
  });
});
