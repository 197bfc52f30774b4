import { sql } from "kysely";
import type { Db } from "../../platform/db.server";
import { indexHistory, inForceAt, lastVersion, lifetime, versionAt, type LineageEdge, type OrgEntity, type OrgIndex } from "../../domain/lineage";
import { InputError } from "../../platform/errors";
import type { PlannedVersion } from "../../domain/reorganisation";
import { localDay } from "../../domain/periods";

/** Today in Vietnam (YYYY-MM-DD): the day whose tree "today's units" means. */
export const today = (): string => localDay(new Date());

/**
 * Every version of every unit, agency and service point, with the lineage edges. An entity that
 * has no stored version yet (created before 0016's backfill, or by a form) has one made from its
 * row: what it is now, for as long as it has existed.
 */
export async function loadOrgHistory(db: Db): Promise<{ versions: PlannedVersion[]; edges: LineageEdge[] }> {
  const [rows, edges, units, agencies, points] = await Promise.all([
    db.selectFrom("org_version").selectAll().orderBy("id").execute(),
    db.selectFrom("org_lineage").selectAll().orderBy("id").execute(),
    db.selectFrom("admin_unit").select(["id", "code", "name", "name_en", "level", "parent_id", "valid_from", "valid_to"]).execute(),
    db.selectFrom("agency").select(["id", "code", "name", "name_en", "kind", "parent_id", "unit_id", "valid_from", "valid_to"]).execute(),
    db.selectFrom("service_point").select(["id", "code", "name", "name_en", "kind", "unit_id", "agency_id", "valid_from", "valid_to"]).execute(),
  ]);
  const versions: PlannedVersion[] = rows.map((r) => ({
    rowId: r.id, entity: r.entity, id: r.entity_id, from: r.valid_from, to: r.valid_to, code: r.code, name: r.name, nameEn: r.name_en,
    level: r.level, kind: r.kind, parentId: r.parent_id, unitId: r.unit_id, agencyId: r.agency_id,
  }));
  const has = new Set(versions.map((v) => `${v.entity}:${v.id}`));
  const base = { rowId: undefined, nameEn: null, level: null, kind: null, parentId: null, unitId: null, agencyId: null };
  for (const u of units) if (!has.has(`unit:${u.id}`)) versions.push({ ...base, entity: "unit", id: u.id, from: u.valid_from, to: u.valid_to, code: u.code, name: u.name, nameEn: u.name_en, level: u.level, parentId: u.parent_id });
  for (const a of agencies) if (!has.has(`agency:${a.id}`)) versions.push({ ...base, entity: "agency", id: a.id, from: a.valid_from, to: a.valid_to, code: a.code, name: a.name, nameEn: a.name_en, kind: a.kind, parentId: a.parent_id, unitId: a.unit_id });
  for (const p of points) if (!has.has(`point:${p.id}`)) versions.push({ ...base, entity: "point", id: p.id, from: p.valid_from, to: p.valid_to, code: p.code, name: p.name, nameEn: p.name_en, kind: p.kind, unitId: p.unit_id, agencyId: p.agency_id });
  return {
    versions,
    edges: edges.map((e) => ({ entity: e.entity, from: e.predecessor_id, to: e.successor_id, on: e.effective_on, kind: e.kind })),
  };
}

/**
 * The history, indexed, cached per database handle and checked on every call against a cheap
 * version: the newest audit row (every change of a unit, agency, point or reorganisation is
 * audited) and the newest version and lineage rows.
 */
const cache = new WeakMap<Db, { key: string; ix: Promise<OrgIndex> }>();

export async function orgIndex(db: Db): Promise<OrgIndex> {
  // The version: the newest audit, version and lineage rows, and a checksum of the base rows (a
  // few hundred), so that a row changed outside the app is seen at once too.
  const { rows } = await sql<Record<string, number | string | null>>`SELECT
    (SELECT max(id) FROM audit_log) AS a, (SELECT max(id) FROM org_version) AS v, (SELECT max(id) FROM org_lineage) AS l,
    (SELECT count(*) FROM admin_unit) AS uc, (SELECT sum(length(code) + length(name) + coalesce(parent_id, 0) + active) FROM admin_unit) AS us,
    (SELECT count(*) FROM agency) AS ac, (SELECT sum(length(code) + length(name) + coalesce(parent_id, 0) + coalesce(unit_id, 0) + active) FROM agency) AS as_,
    (SELECT count(*) FROM service_point) AS pc, (SELECT sum(length(code) + length(name) + unit_id + agency_id + active) FROM service_point) AS ps`.execute(db);
  const key = Object.values(rows[0] ?? {}).map((x) => String(x ?? 0)).join("|");
  const hit = cache.get(db);
  if (hit && hit.key === key) return hit.ix;
  const ix = loadOrgHistory(db).then(indexHistory);
  cache.set(db, { key, ix });
  ix.catch(() => cache.delete(db));
  return ix;
}

/** Codes that any row of the entity has ever had (a new code must not reuse one). */
export async function takenCodes(db: Db): Promise<Record<OrgEntity, Set<string>>> {
  const [u, a, p, v] = await Promise.all([
    db.selectFrom("admin_unit").select("code").execute(),
    db.selectFrom("agency").select("code").execute(),
    db.selectFrom("service_point").select("code").execute(),
    db.selectFrom("org_version").select(["entity", "code"]).execute(),
  ]);
  const out: Record<OrgEntity, Set<string>> = { unit: new Set(u.map((r) => r.code)), agency: new Set(a.map((r) => r.code)), point: new Set(p.map((r) => r.code)) };
  for (const r of v) out[r.entity].add(r.code);
  return out;
}

/** The `at` of an API query: a real day, YYYY-MM-DD (default today). */
export function parseAtDay(raw: string | null): string {
  if (!raw) return today();
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) && new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) === raw;
  if (!ok) throw new InputError("invalid_input", "Ngày không hợp lệ.", { at: "Ngày phải có dạng YYYY-MM-DD, ví dụ 2024-06-30." }, 400);
  return raw;
}

const codeOf = (ix: OrgIndex, entity: OrgEntity, id: number, day: string) => (versionAt(ix, entity, id, day) ?? lastVersion(ix, entity, id))?.code ?? null;

/** The units in force on a day, with validity, predecessors and successors (API). */
export async function unitsAt(db: Db, day: string) {
  const [ix, off] = await Promise.all([orgIndex(db), switchedOff(db, "admin_unit")]);
  return inForceAt(ix, "unit", day).filter((v) => !off.has(v.id)).map((v) => {
    const life = lifetime(ix, "unit", v.id)!;
    const link = (e: LineageEdge, id: number) => ({ code: codeOf(ix, "unit", id, e.on), kind: e.kind, effectiveOn: e.on });
    return {
      code: v.code, name: v.name, nameEn: v.nameEn, level: v.level,
      parent: v.parentId === null ? null : codeOf(ix, "unit", v.parentId, day),
      validFrom: life.from, validTo: life.to,
      predecessors: (ix.edgesTo.get(`unit:${v.id}`) ?? []).map((e) => link(e, e.from)),
      successors: (ix.edgesFrom.get(`unit:${v.id}`) ?? []).map((e) => link(e, e.to)),
    };
  });
}

/** The service points in service on a day, with their unit that day, validity and successor (API). */
export async function servicePointsAt(db: Db, day: string) {
  const [ix, off] = await Promise.all([orgIndex(db), switchedOff(db, "service_point")]);
  return inForceAt(ix, "point", day).filter((v) => !off.has(v.id)).map((v) => {
    const life = lifetime(ix, "point", v.id)!;
    const next = ix.edgesFrom.get(`point:${v.id}`) ?? [];
    return {
      code: v.code, name: v.name, nameEn: v.nameEn, kind: v.kind,
      unit: v.unitId === null ? null : codeOf(ix, "unit", v.unitId, day),
      agency: v.agencyId === null ? null : codeOf(ix, "agency", v.agencyId, day),
      validFrom: life.from, validTo: life.to,
      successor: next.length === 1 ? codeOf(ix, "point", next[0].to, next[0].on) : null,
    };
  });
}

/** Rows the admin switched off (kept, not in force for anyone). */
async function switchedOff(db: Db, table: "admin_unit" | "service_point"): Promise<Set<number>> {
  return new Set((await db.selectFrom(table).select("id").where("active", "=", 0).execute()).map((r) => r.id));
}
