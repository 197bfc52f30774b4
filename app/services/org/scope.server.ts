import { homeUnit } from "../../domain/permissions";
import type { SessionUser } from "../../platform/auth.server";
import { db, type Db } from "../../platform/db.server";
import { InputError } from "../../platform/errors";
import { listUnits, pastUnits, type UnitRow } from "./reference.server";
import { userCan } from "../../platform/session.server";

/**
 * The unit whose figures a user asked for (or their home unit when none was asked), if they may
 * read it: a district leader asking for the province gets a 403, not the province.
 */
export async function readableUnit(user: SessionUser, requested: string | null | undefined): Promise<UnitRow> {
  // Units of today, plus any past unit asked for by its code (its figures stay readable).
  const units = await listUnits(db());
  if (requested && !units.some((u) => u.code === requested)) units.push(...(await pastUnits(db(), requested)));
  const root = units.find((u) => u.parent_id === null);
  if (!root) throw new InputError("not_found", "Chưa có đơn vị hành chính nào.", {}, 404);
  let unit: UnitRow | undefined;
  if (requested) {
    unit = units.find((u) => u.code === requested);
    if (!unit) throw new InputError("not_found", "Không tìm thấy đơn vị hành chính.", { unit: `Không có đơn vị "${requested}".` }, 404);
  } else {
    const home = homeUnit(user.grants, root.id);
    unit = units.find((u) => u.id === home);
    if (!unit) throw new InputError("forbidden", "Tài khoản không được xem chỉ số của đơn vị hành chính nào.", {}, 403);
  }
  if (!(await userCan(user, "read:indices", { unitId: unit.id }))) {
    throw new InputError("forbidden", `Không có quyền xem chỉ số của ${unit.name}.`, { unit: "Chỉ xem được đơn vị trong phạm vi được giao." }, 403);
  }
  return unit;
}

/** Each grant's scope by name, never by code (the staff home page): "toàn tỉnh" for an admin. */
export async function grantScopeNames(conn: Db, user: SessionUser): Promise<string[]> {
  const [units, agencies, points] = await Promise.all([
    listUnits(conn),
    conn.selectFrom("agency").select(["code", "name"]).execute(),
    conn.selectFrom("service_point").select(["code", "name"]).execute(),
  ]);
  return user.grants.map((g) =>
    g.role === "admin" ? "toàn tỉnh"
      : units.find((u) => u.code === g.unitCode)?.name ?? agencies.find((a) => a.code === g.agencyCode)?.name ?? points.find((p) => p.code === g.servicePointCode)?.name ?? "—");
}
