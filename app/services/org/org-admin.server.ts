import { applyReorganisationIn } from "./reorganisation.server";
import { redirect } from "@remix-run/node";
import type { Selectable } from "kysely";
import type { z } from "zod";
import type { AdminUnitTable, AgencyTable, ServicePointTable, Db, Tx } from "../../platform/db.server";
import { localDay } from "../../domain/periods";
import { PARENT_LEVELS, UNIT_LEVEL_LABEL, type agencyCreate, type pointCreate, type unitCreate, type unitEdit, type UnitLevel } from "../../schemas/admin";
import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { runIntent, parseForm, unknownIntent } from "../../platform/forms.server";

/**
 * Use cases of the organisation admin pages (/quan-tri/don-vi, /co-quan, /diem-phuc-vu) and the
 * plumbing every admin page shares. Rows are never deleted: they are deactivated and reactivated.
 * Each change is one transaction with one audit row (before/after are the plain rows).
 */

/** The success notices of an organisation page's row actions ("Đã thêm cơ quan {ref}." …). */
export function rowNotices(noun: string, kept: string): Record<string, string> {
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  return {
    created: `Đã thêm ${noun} {ref}.`,
    updated: `Đã lưu thay đổi của ${noun} {ref}.`,
    deactivated: `${Noun} {ref} đã ngừng hoạt động (${kept}).`,
    reactivated: `${Noun} {ref} đã hoạt động trở lại.`,
  };
}

/**
 * The action of an organisation page (units, agencies, service points): create, update,
 * deactivate and reactivate rows named by code, each through its use case, then back to the page
 * with a success notice; a refusal shows the form again with the message.
 */
export async function orgRowAction<C extends z.ZodType, U extends z.ZodType>(
  path: string,
  db: Db,
  fields: Record<string, string | string[]>,
  actor: Actor,
  ops: {
    create: [C, (db: Db, input: z.infer<C>, actor: Actor) => Promise<unknown>];
    update: [U, (db: Db, input: z.infer<U>, actor: Actor) => Promise<unknown>];
    setActive: (db: Db, code: string, active: boolean, actor: Actor) => Promise<unknown>;
    rowCode: z.ZodType<{ code: string }>;
  },
): Promise<Response> {
  const intent = String(fields.intent ?? "");
  const done = (key: string, code: string) => redirect(`${path}?ok=${key}&ref=${encodeURIComponent(code)}`);
  const target = String(fields.code ?? "");
  switch (intent) {
    case "create":
      return runIntent(intent, fields, async () => {
        const input = parseForm(ops.create[0], fields);
        await ops.create[1](db, input, actor);
        return done("created", (input as { code: string }).code);
      });
    case "update":
      return runIntent(intent, fields, async () => {
        const input = parseForm(ops.update[0], fields);
        await ops.update[1](db, input, actor);
        return done("updated", (input as { code: string }).code);
      }, target);
    case "deactivate":
    case "reactivate":
      return runIntent(intent, fields, async () => {
        const { code } = parseForm(ops.rowCode, fields);
        await ops.setActive(db, code, intent === "reactivate", actor);
        return done(intent === "reactivate" ? "reactivated" : "deactivated", code);
      }, target);
    default:
      return unknownIntent(intent);
  }
}

// ---------------------------------------------------------------- tree helpers

/** Depth-first order of rows by parent (children in the given order); orphans and cycles end up at the root. */
export function treeOrder<T extends { id: number; parent_id: number | null }>(rows: T[]): Array<T & { depth: number }> {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number | null, T[]>();
  for (const r of rows) {
    const p = r.parent_id !== null && ids.has(r.parent_id) ? r.parent_id : null;
    children.set(p, [...(children.get(p) ?? []), r]);
  }
  const out: Array<T & { depth: number }> = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push({ ...r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  for (const r of rows) if (!seen.has(r.id)) out.push({ ...r, depth: 0 }); // rows caught in a cycle
  return out;
}

const upperCode = (code: string) => code.trim().toUpperCase();

// ---------------------------------------------------------------- admin units

type UnitRow = Selectable<AdminUnitTable>;

export async function listUnitsAdmin(db: Db) {
  const today = localDay(new Date());
  const [units, points, agencies] = await Promise.all([
    db.selectFrom("admin_unit").selectAll().orderBy("id").execute(),
    db.selectFrom("service_point").select(["unit_id"]).where("active", "=", 1).execute(),
    db.selectFrom("agency").select(["unit_id"]).where("active", "=", 1).execute(),
  ]);
  const codeOf = new Map(units.map((u) => [u.id, u.code]));
  const count = (rows: Array<{ unit_id: number | null }>) => {
    const m = new Map<number, number>();
    for (const r of rows) if (r.unit_id !== null) m.set(r.unit_id, (m.get(r.unit_id) ?? 0) + 1);
    return m;
  };
  const pointCount = count(points);
  const agencyCount = count(agencies);
  return treeOrder(units).map((u) => ({
    id: u.id, code: u.code, name: u.name, nameEn: u.name_en, level: u.level as UnitLevel, depth: u.depth,
    parent: u.parent_id !== null ? codeOf.get(u.parent_id) ?? null : null,
    active: !!u.active, isDemo: !!u.is_demo,
    points: pointCount.get(u.id) ?? 0, agencies: agencyCount.get(u.id) ?? 0,
    validFrom: u.valid_from, validTo: u.valid_to,
    inForce: (u.valid_to === null || u.valid_to >= today) && (u.valid_from === null || u.valid_from <= today),
  }));
}

async function unitByCode(trx: Tx, code: string): Promise<UnitRow | undefined> {
  return trx.selectFrom("admin_unit").selectAll().where("code", "=", upperCode(code)).executeTakeFirst();
}

async function parentUnitFor(trx: Tx, level: UnitLevel, parentCode: string | null, selfId: number | null): Promise<number | null> {
  const want = PARENT_LEVELS[level];
  const words = want.map((l) => UNIT_LEVEL_LABEL[l].toLowerCase()).join(" hoặc ");
  if (want.length === 0) {
    if (parentCode) throw new InputError("invalid_parent", "Đơn vị cấp tỉnh không có đơn vị cấp trên: để trống ô “Đơn vị cấp trên”.", { parent: "Để trống với đơn vị cấp tỉnh." }, 400);
    return null;
  }
  if (!parentCode) {
    throw new InputError("invalid_parent", `Đơn vị ${UNIT_LEVEL_LABEL[level].toLowerCase()} cần có đơn vị cấp trên (${words}).`, { parent: "Vui lòng chọn đơn vị cấp trên." }, 400);
  }
  const parent = await unitByCode(trx, parentCode);
  if (!parent) throw new InputError("unknown_parent", `Không tìm thấy đơn vị cấp trên có mã “${parentCode}”.`, { parent: "Chọn một đơn vị có trong danh sách." }, 400);
  if (!parent.active || (parent.valid_to !== null && parent.valid_to < localDay(new Date()))) throw new InputError("inactive_parent", `Đơn vị cấp trên “${parent.code}” đang ngừng hoạt động.`, { parent: "Chọn một đơn vị đang hoạt động." }, 400);
  if (!want.includes(parent.level as UnitLevel)) {
    throw new InputError("invalid_parent", `Đơn vị cấp trên của đơn vị ${UNIT_LEVEL_LABEL[level].toLowerCase()} phải là đơn vị ${words}; “${parent.code}” là ${UNIT_LEVEL_LABEL[parent.level as UnitLevel].toLowerCase()}.`, { parent: `Chọn một đơn vị ${words}.` }, 400);
  }
  if (selfId !== null) {
    // Never below itself (the level rule already forbids it; this keeps the tree a tree whatever the data).
    const units = await trx.selectFrom("admin_unit").select(["id", "parent_id"]).execute();
    const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
    for (let u: number | null | undefined = parent.id, hops = 0; u != null && hops <= units.length; u = parentOf.get(u), hops++) {
      if (u === selfId) throw new InputError("cycle", "Không thể đặt một đơn vị làm cấp dưới của chính nó.", { parent: "Chọn đơn vị khác." }, 400);
    }
  }
  return parent.id;
}

function unitPlain(u: UnitRow) {
  return { ...u };
}

export async function createUnit(db: Db, input: z.infer<typeof unitCreate>, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (await unitByCode(trx, input.code)) {
      throw new InputError("duplicate", `Mã “${input.code}” đã được dùng cho một đơn vị khác.`, { code: "Mã này đã có; chọn mã khác." }, 409);
    }
    const parentId = await parentUnitFor(trx, input.level, input.parent, null);
    const row = await trx
      .insertInto("admin_unit")
      .values({ code: input.code, name: input.name, name_en: input.nameEn, level: input.level, parent_id: parentId, valid_from: localDay(new Date()), valid_to: null, active: 1, is_demo: 0 })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actor.userId, action: "unit.create", entity: "admin_unit", entityId: row.id, after: unitPlain(row), ip: actor.ip });
    return row.id;
  });
}

export async function updateUnit(db: Db, input: z.infer<typeof unitEdit>, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await unitByCode(trx, input.code);
    if (!before) throw new InputError("not_found", `Không tìm thấy đơn vị “${input.code}”.`, {}, 404);
    const parentId = await parentUnitFor(trx, before.level as UnitLevel, input.parent, before.id);
    // A new parent is a move from today, recorded as a reorganisation: the unit's past stays under
    // its old parent (docs/decisions/0012). A new name is a correction of the current version.
    if (parentId !== before.parent_id) {
      const parent = await trx.selectFrom("admin_unit").select("code").where("id", "=", parentId!).executeTakeFirstOrThrow();
      const r = await applyReorganisationIn(trx, {
        file: { title: `Chuyển ${before.name} sang đơn vị cấp trên mới (sửa trên trang Đơn vị hành chính)`, document: null, effectiveOn: localDay(new Date()), changes: [{ kind: "move_unit", unit: before.code, parent: parent.code }] },
        rows: [1],
      }, { actorUserId: actor.userId, fileName: null, ip: actor.ip });
      if (!r.ok) throw new InputError("invalid_parent", r.errors.map((e) => e.message).join(" "), { parent: r.errors[0]?.message ?? "Không chuyển được." }, 400);
    }
    await trx.updateTable("admin_unit").set({ name: input.name, name_en: input.nameEn }).where("id", "=", before.id).execute();
    await trx.updateTable("org_version").set({ name: input.name, name_en: input.nameEn }).where("entity", "=", "unit").where("entity_id", "=", before.id)
      .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", localDay(new Date()))])).execute();
    const after = await trx.selectFrom("admin_unit").selectAll().where("id", "=", before.id).executeTakeFirstOrThrow();
    await audit(trx, { userId: actor.userId, action: "unit.update", entity: "admin_unit", entityId: before.id, before: unitPlain(before), after: unitPlain(after), ip: actor.ip });
  });
}

export async function setUnitActive(db: Db, code: string, active: boolean, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await unitByCode(trx, code);
    if (!before) throw new InputError("not_found", `Không tìm thấy đơn vị “${code}”.`, {}, 404);
    if (!!before.active === active) throw new InputError("unchanged", active ? `Đơn vị “${before.code}” đang hoạt động.` : `Đơn vị “${before.code}” đã ngừng hoạt động.`, {}, 409);
    if (active && before.parent_id !== null) {
      const parent = await trx.selectFrom("admin_unit").select(["code", "active"]).where("id", "=", before.parent_id).executeTakeFirst();
      if (parent && !parent.active) throw new InputError("inactive_parent", `Hãy kích hoạt lại đơn vị cấp trên “${parent.code}” trước.`, {}, 409);
    }
    if (!active) {
      const [children, points] = await Promise.all([
        trx.selectFrom("admin_unit").select("code").where("parent_id", "=", before.id).where("active", "=", 1).execute(),
        trx.selectFrom("service_point").select("code").where("unit_id", "=", before.id).where("active", "=", 1).execute(),
      ]);
      if (children.length || points.length) {
        const what = [
          children.length ? `${children.length} đơn vị trực thuộc (${children.slice(0, 3).map((c) => c.code).join(", ")}${children.length > 3 ? "…" : ""})` : null,
          points.length ? `${points.length} điểm phục vụ (${points.slice(0, 3).map((c) => c.code).join(", ")}${points.length > 3 ? "…" : ""})` : null,
        ].filter(Boolean).join(" và ");
        throw new InputError("in_use", `Đơn vị “${before.code}” còn ${what} đang hoạt động. Hãy ngừng hoạt động các mục đó trước.`, {}, 409);
      }
    }
    await trx.updateTable("admin_unit").set({ active: active ? 1 : 0 }).where("id", "=", before.id).execute();
    await audit(trx, {
      userId: actor.userId, action: active ? "unit.reactivate" : "unit.deactivate", entity: "admin_unit", entityId: before.id,
      before: unitPlain(before), after: { ...unitPlain(before), active: active ? 1 : 0 }, ip: actor.ip,
    });
  });
}

// ---------------------------------------------------------------- agencies

type AgencyRow = Selectable<AgencyTable>;

export async function listAgenciesAdmin(db: Db) {
  const [agencies, units, points] = await Promise.all([
    db.selectFrom("agency").selectAll().orderBy("id").execute(),
    db.selectFrom("admin_unit").select(["id", "code", "name"]).execute(),
    db.selectFrom("service_point").select(["agency_id"]).where("active", "=", 1).execute(),
  ]);
  const codeOf = new Map(agencies.map((a) => [a.id, a.code]));
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const pointCount = new Map<number, number>();
  for (const p of points) pointCount.set(p.agency_id, (pointCount.get(p.agency_id) ?? 0) + 1);
  return treeOrder(agencies).map((a) => ({
    id: a.id, code: a.code, name: a.name, nameEn: a.name_en, kind: a.kind, depth: a.depth,
    parent: a.parent_id !== null ? codeOf.get(a.parent_id) ?? null : null,
    unit: a.unit_id !== null ? unitOf.get(a.unit_id)?.code ?? null : null,
    unitName: a.unit_id !== null ? unitOf.get(a.unit_id)?.name ?? null : null,
    active: !!a.active, isDemo: !!a.is_demo, points: pointCount.get(a.id) ?? 0,
  }));
}

async function agencyByCode(trx: Tx, code: string): Promise<AgencyRow | undefined> {
  return trx.selectFrom("agency").selectAll().where("code", "=", upperCode(code)).executeTakeFirst();
}

async function activeUnitId(trx: Tx, code: string, field = "unit"): Promise<number> {
  const u = await unitByCode(trx, code);
  if (!u) throw new InputError("unknown_unit", `Không tìm thấy đơn vị hành chính có mã “${code}”.`, { [field]: "Chọn một đơn vị có trong danh sách." }, 400);
  if (!u.active) throw new InputError("inactive_unit", `Đơn vị “${u.code}” đang ngừng hoạt động.`, { [field]: "Chọn một đơn vị đang hoạt động." }, 400);
  return u.id;
}

/** The parent agency's id; refuses an unknown or inactive parent and a cycle (escalation must end). */
async function parentAgencyFor(trx: Tx, parentCode: string | null, selfId: number | null): Promise<number | null> {
  if (!parentCode) return null;
  const parent = await agencyByCode(trx, parentCode);
  if (!parent) throw new InputError("unknown_parent", `Không tìm thấy cơ quan cấp trên có mã “${parentCode}”.`, { parent: "Chọn một cơ quan có trong danh sách." }, 400);
  if (!parent.active) throw new InputError("inactive_parent", `Cơ quan cấp trên “${parent.code}” đang ngừng hoạt động.`, { parent: "Chọn một cơ quan đang hoạt động." }, 400);
  if (selfId !== null) {
    const rows = await trx.selectFrom("agency").select(["id", "code", "parent_id"]).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const chain: string[] = [];
    for (let a: number | null | undefined = parent.id, hops = 0; a != null && hops <= rows.length; a = byId.get(a)?.parent_id, hops++) {
      chain.push(byId.get(a)?.code ?? String(a));
      if (a === selfId) {
        throw new InputError(
          "cycle",
          `Không thể chọn “${parent.code}” làm cơ quan cấp trên: sẽ tạo vòng lặp khi chuyển cấp (${chain.join(" → ")}).`,
          { parent: "Chọn cơ quan không trực thuộc cơ quan này." },
          400,
        );
      }
    }
  }
  return parent.id;
}

type RowTable = "agency" | "service_point";
const ENTITY_ACTION: Record<RowTable, string> = { agency: "agency", service_point: "service_point" };

/** Inserts an organisation row (active, not demo) with its audit row; the new id. */
async function insertAudited(trx: Tx, table: RowTable, values: Record<string, unknown>, actor: Actor): Promise<number> {
  const row = await trx.insertInto(table).values({ ...values, active: 1, is_demo: 0 } as never).returningAll().executeTakeFirstOrThrow();
  await audit(trx, { userId: actor.userId, action: `${ENTITY_ACTION[table]}.create`, entity: table, entityId: row.id, after: { ...row }, ip: actor.ip });
  return row.id;
}

/** Updates an organisation row with its audit row (before and after as stored). */
async function updateAudited(trx: Tx, table: RowTable, before: { id: number }, set: Record<string, unknown>, actor: Actor): Promise<void> {
  await trx.updateTable(table).set(set as never).where("id", "=", before.id).execute();
  const after = await trx.selectFrom(table).selectAll().where("id", "=", before.id).executeTakeFirstOrThrow();
  await audit(trx, { userId: actor.userId, action: `${ENTITY_ACTION[table]}.update`, entity: table, entityId: before.id, before: { ...before }, after: { ...after }, ip: actor.ip });
}

export async function createAgency(db: Db, input: z.infer<typeof agencyCreate>, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (await agencyByCode(trx, input.code)) {
      throw new InputError("duplicate", `Mã “${input.code}” đã được dùng cho một cơ quan khác.`, { code: "Mã này đã có; chọn mã khác." }, 409);
    }
    const parentId = await parentAgencyFor(trx, input.parent, null);
    const unitId = await activeUnitId(trx, input.unit);
    return insertAudited(trx, "agency", { code: input.code, name: input.name, name_en: input.nameEn, kind: input.kind, parent_id: parentId, unit_id: unitId }, actor);
  });
}

export async function updateAgency(db: Db, input: z.infer<typeof agencyCreate>, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await agencyByCode(trx, input.code);
    if (!before) throw new InputError("not_found", `Không tìm thấy cơ quan “${input.code}”.`, {}, 404);
    const parentId = await parentAgencyFor(trx, input.parent, before.id);
    const unitId = await activeUnitId(trx, input.unit);
    await updateAudited(trx, "agency", before, { name: input.name, name_en: input.nameEn, kind: input.kind, parent_id: parentId, unit_id: unitId }, actor);
  });
}

export async function setAgencyActive(db: Db, code: string, active: boolean, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await agencyByCode(trx, code);
    if (!before) throw new InputError("not_found", `Không tìm thấy cơ quan “${code}”.`, {}, 404);
    if (!!before.active === active) throw new InputError("unchanged", active ? `Cơ quan “${before.code}” đang hoạt động.` : `Cơ quan “${before.code}” đã ngừng hoạt động.`, {}, 409);
    if (active) {
      if (before.parent_id !== null) {
        const p = await trx.selectFrom("agency").select(["code", "active"]).where("id", "=", before.parent_id).executeTakeFirst();
        if (p && !p.active) throw new InputError("inactive_parent", `Hãy kích hoạt lại cơ quan cấp trên “${p.code}” trước.`, {}, 409);
      }
      if (before.unit_id !== null) {
        const u = await trx.selectFrom("admin_unit").select(["code", "active"]).where("id", "=", before.unit_id).executeTakeFirst();
        if (u && !u.active) throw new InputError("inactive_unit", `Đơn vị “${u.code}” mà cơ quan phục vụ đang ngừng hoạt động; hãy kích hoạt lại đơn vị trước.`, {}, 409);
      }
    } else {
      const [children, points] = await Promise.all([
        trx.selectFrom("agency").select("code").where("parent_id", "=", before.id).where("active", "=", 1).execute(),
        trx.selectFrom("service_point").select("code").where("agency_id", "=", before.id).where("active", "=", 1).execute(),
      ]);
      if (children.length || points.length) {
        const what = [
          children.length ? `${children.length} cơ quan trực thuộc (${children.slice(0, 3).map((c) => c.code).join(", ")}${children.length > 3 ? "…" : ""})` : null,
          points.length ? `${points.length} điểm phục vụ (${points.slice(0, 3).map((c) => c.code).join(", ")}${points.length > 3 ? "…" : ""})` : null,
        ].filter(Boolean).join(" và ");
        throw new InputError("in_use", `Cơ quan “${before.code}” còn ${what} đang hoạt động. Hãy chuyển hoặc ngừng hoạt động các mục đó trước.`, {}, 409);
      }
    }
    await trx.updateTable("agency").set({ active: active ? 1 : 0 }).where("id", "=", before.id).execute();
    await audit(trx, {
      userId: actor.userId, action: active ? "agency.reactivate" : "agency.deactivate", entity: "agency", entityId: before.id,
      before: { ...before }, after: { ...before, active: active ? 1 : 0 }, ip: actor.ip,
    });
  });
}

// ---------------------------------------------------------------- service points

type PointRow = Selectable<ServicePointTable>;

export async function listPointsAdmin(db: Db) {
  return (
    await db
      .selectFrom("service_point as sp")
      .innerJoin("admin_unit as u", "u.id", "sp.unit_id")
      .innerJoin("agency as a", "a.id", "sp.agency_id")
      .select([
        "sp.id", "sp.code", "sp.name", "sp.name_en", "sp.kind", "sp.active", "sp.is_demo",
        "u.code as unit_code", "u.name as unit_name", "a.code as agency_code", "a.name as agency_name",
      ])
      .orderBy("sp.id")
      .execute()
  ).map((p) => ({
    id: p.id, code: p.code, name: p.name, nameEn: p.name_en, kind: p.kind, active: !!p.active, isDemo: !!p.is_demo,
    unit: p.unit_code, unitName: p.unit_name, agency: p.agency_code, agencyName: p.agency_name,
  }));
}

async function pointByCode(trx: Tx, code: string): Promise<PointRow | undefined> {
  return trx.selectFrom("service_point").selectAll().where("code", "=", upperCode(code)).executeTakeFirst();
}

async function activeAgencyId(trx: Tx, code: string): Promise<number> {
  const a = await agencyByCode(trx, code);
  if (!a) throw new InputError("unknown_agency", `Không tìm thấy cơ quan có mã “${code}”.`, { agency: "Chọn một cơ quan có trong danh sách." }, 400);
  if (!a.active) throw new InputError("inactive_agency", `Cơ quan “${a.code}” đang ngừng hoạt động.`, { agency: "Chọn một cơ quan đang hoạt động." }, 400);
  return a.id;
}

export async function createPoint(db: Db, input: z.infer<typeof pointCreate>, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (await pointByCode(trx, input.code)) {
      throw new InputError("duplicate", `Mã “${input.code}” đã được dùng cho một điểm phục vụ khác.`, { code: "Mã này đã có; chọn mã khác." }, 409);
    }
    const unitId = await activeUnitId(trx, input.unit);
    const agencyId = await activeAgencyId(trx, input.agency);
    return insertAudited(trx, "service_point", { code: input.code, name: input.name, name_en: input.nameEn, kind: input.kind, unit_id: unitId, agency_id: agencyId }, actor);
  });
}

export async function updatePoint(db: Db, input: z.infer<typeof pointCreate>, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await pointByCode(trx, input.code);
    if (!before) throw new InputError("not_found", `Không tìm thấy điểm phục vụ “${input.code}”.`, {}, 404);
    const unitId = await activeUnitId(trx, input.unit);
    const agencyId = await activeAgencyId(trx, input.agency);
    await updateAudited(trx, "service_point", before, { name: input.name, name_en: input.nameEn, kind: input.kind, unit_id: unitId, agency_id: agencyId }, actor);
  });
}

export async function setPointActive(db: Db, code: string, active: boolean, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await pointByCode(trx, code);
    if (!before) throw new InputError("not_found", `Không tìm thấy điểm phục vụ “${code}”.`, {}, 404);
    if (!!before.active === active) throw new InputError("unchanged", active ? `Điểm “${before.code}” đang hoạt động.` : `Điểm “${before.code}” đã ngừng hoạt động.`, {}, 409);
    if (active) {
      const [u, a] = await Promise.all([
        trx.selectFrom("admin_unit").select(["code", "active"]).where("id", "=", before.unit_id).executeTakeFirst(),
        trx.selectFrom("agency").select(["code", "active"]).where("id", "=", before.agency_id).executeTakeFirst(),
      ]);
      if (u && !u.active) throw new InputError("inactive_unit", `Đơn vị “${u.code}” đang ngừng hoạt động; hãy kích hoạt lại đơn vị trước.`, {}, 409);
      if (a && !a.active) throw new InputError("inactive_agency", `Cơ quan “${a.code}” đang ngừng hoạt động; hãy kích hoạt lại cơ quan trước.`, {}, 409);
    }
    await trx.updateTable("service_point").set({ active: active ? 1 : 0 }).where("id", "=", before.id).execute();
    await audit(trx, {
      userId: actor.userId, action: active ? "service_point.reactivate" : "service_point.deactivate", entity: "service_point", entityId: before.id,
      before: { ...before }, after: { ...before, active: active ? 1 : 0 }, ip: actor.ip,
    });
  });
}

/** Options for the selects of the organisation forms (active rows only). */
export async function orgOptions(db: Db) {
  const [units, agencies, points] = await Promise.all([
    db.selectFrom("admin_unit").select(["id", "code", "name", "level", "parent_id"]).where("active", "=", 1).orderBy("id").execute(),
    db.selectFrom("agency").select(["id", "code", "name", "parent_id", "unit_id"]).where("active", "=", 1).orderBy("id").execute(),
    db.selectFrom("service_point").select(["code", "name", "unit_id"]).where("active", "=", 1).orderBy("id").execute(),
  ]);
  const unitCode = new Map(units.map((u) => [u.id, u.code]));
  return {
    units: treeOrder(units).map((u) => ({ code: u.code, name: u.name, level: u.level as UnitLevel, depth: u.depth })),
    agencies: treeOrder(agencies).map((a) => ({ code: a.code, name: a.name, unit: a.unit_id !== null ? unitCode.get(a.unit_id) ?? null : null, depth: a.depth })),
    points: points.map((p) => ({ code: p.code, name: p.name, unit: unitCode.get(p.unit_id) ?? null })),
  };
}
