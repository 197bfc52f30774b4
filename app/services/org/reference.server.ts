import type { Db } from "../../platform/db.server";
import { descendants, inForceAt, type OrgIndex } from "../../domain/lineage";
import { orgIndex, today } from "./org-history.server";

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  level: string;
  parent_id: number | null;
}

/**
 * The units in force on a day (default: today in Vietnam), with the code, name and parent they
 * had that day; units switched off by the admin are left out.
 */
export async function listUnits(db: Db, day: string = today()): Promise<UnitRow[]> {
  const [ix, off] = await Promise.all([orgIndex(db), db.selectFrom("admin_unit").select("id").where("active", "=", 0).execute()]);
  const hidden = new Set(off.map((r) => r.id));
  return unitRowsAt(ix, day).filter((u) => !hidden.has(u.id));
}

/** Units of the index in force on a day, as rows. */
export function unitRowsAt(ix: OrgIndex, day: string): UnitRow[] {
  return inForceAt(ix, "unit", day).map((v) => ({ id: v.id, code: v.code, name: v.name, name_en: v.nameEn, level: v.level ?? "", parent_id: v.parentId }));
}

/** The unit and all its descendants (the tree is small: it is walked in memory). */
export function subtreeIds(units: UnitRow[], rootId: number): Set<number> {
  return descendants(units.map((u) => ({ id: u.id, parentId: u.parent_id })), rootId);
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
    .where((eb) => eb.or([eb("sp.valid_to", "is", null), eb("sp.valid_to", ">=", today())]))
    .where((eb) => eb.or([eb("sp.valid_from", "is", null), eb("sp.valid_from", "<=", today())]))
    .orderBy("sp.id")
    .execute();
}

export async function findServicePoint(db: Db, code: string) {
  return db
    .selectFrom("service_point as sp")
    .innerJoin("admin_unit as u", "u.id", "sp.unit_id")
    .select(["sp.id", "sp.code", "sp.name", "sp.name_en", "sp.unit_id", "sp.agency_id", "sp.active", "sp.is_demo", "sp.valid_from", "sp.valid_to", "u.name as unit_name"])
    .where("sp.code", "=", code)
    .executeTakeFirst();
}

export async function listProcedureFields(db: Db) {
  return db.selectFrom("procedure_field").select(["code", "name", "name_en"]).orderBy("id").execute();
}


/** Whether a unit code exists or existed (a past unit's figures stay readable under its old tree). */
export async function unitCodeEverUsed(db: Db, code: string): Promise<boolean> {
  const [row, version] = await Promise.all([
    db.selectFrom("admin_unit").select("id").where("code", "=", code).executeTakeFirst(),
    db.selectFrom("org_version").select("id").where("entity", "=", "unit").where("code", "=", code).executeTakeFirst(),
  ]);
  return !!(row || version);
}

/** A unit that is not in force today, by a code it had (its last version with that code). */
export async function pastUnits(db: Db, code: string): Promise<UnitRow[]> {
  const ix = await orgIndex(db);
  const v = ix.history.versions.filter((x) => x.entity === "unit" && x.code === code).pop();
  return v ? [{ id: v.id, code: v.code, name: v.name, name_en: v.nameEn, level: v.level ?? "", parent_id: v.parentId }] : [];
}
