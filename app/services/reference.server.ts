import type { Db } from "../../db/client.server";

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  level: string;
  parent_id: number | null;
}

export async function listUnits(db: Db): Promise<UnitRow[]> {
  return db
    .selectFrom("admin_unit")
    .select(["id", "code", "name", "name_en", "level", "parent_id"])
    .where("active", "=", 1)
    .orderBy("id")
    .execute();
}

/** The unit and all its descendants (the tree is small: it is walked in memory). */
export function subtreeIds(units: UnitRow[], rootId: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const u of units) if (u.parent_id !== null) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  const out = new Set<number>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

export async function listServicePoints(db: Db) {
  return db
    .selectFrom("service_point as sp")
    .innerJoin("admin_unit as u", "u.id", "sp.unit_id")
    .innerJoin("agency as a", "a.id", "sp.agency_id")
    .select([
      "sp.id", "sp.code", "sp.name", "sp.name_en", "sp.kind", "sp.unit_id", "sp.is_demo",
      "u.code as unit_code", "u.name as unit_name", "a.code as agency_code", "a.name as agency_name",
    ])
    .where("sp.active", "=", 1)
    .orderBy("sp.id")
    .execute();
}

export async function findServicePoint(db: Db, code: string) {
  return db
    .selectFrom("service_point as sp")
    .innerJoin("admin_unit as u", "u.id", "sp.unit_id")
    .select(["sp.id", "sp.code", "sp.name", "sp.name_en", "sp.unit_id", "sp.agency_id", "sp.active", "sp.is_demo", "u.name as unit_name"])
    .where("sp.code", "=", code)
    .executeTakeFirst();
}

export async function listProcedureFields(db: Db) {
  return db.selectFrom("procedure_field").select(["code", "name", "name_en"]).orderBy("id").execute();
}

/** Whether any demo row is present: pages then say so on screen. */
export async function hasDemoData(db: Db): Promise<boolean> {
  const r = await db.selectFrom("admin_unit").select("id").where("is_demo", "=", 1).limit(1).executeTakeFirst();
  return !!r;
}
