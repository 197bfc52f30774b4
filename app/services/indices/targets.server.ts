import type { Selectable } from "kysely";
import { type TargetTable, type Db, isUniqueViolation, type Tx } from "../../platform/db.server";
import { can, tokenAllows } from "../../domain/permissions";
import { localDay } from "../../domain/periods";
import { projectTarget, type Projection } from "../../domain/projection";
import type { TargetInput } from "../../schemas/targets";
import { audit, loadOrg, type SessionUser, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { computeIndices, type IndexNodeView } from "./indices.server";
import { listUnits, type UnitRow } from "../org/reference.server";

/**
 * Use cases of the targets page: the targets of a year with their status (from the interval) and
 * projection to the end of the year, and create / update / delete, each audited in its transaction.
 */

export interface TargetRowView {
  id: number;
  year: number;
  nodeCode: string;
  unitCode: string;
  unitName: string;
  kind: TargetTable["kind"];
  value: number | null;
  baselineSource: "stated" | "measured";
  baselineValue: number | null;
  pointTarget: number | null;
  note: string | null;
  /** The node as the dashboard shows it for the target's unit and year (value, interval, status). */
  node: IndexNodeView | null;
  projection: Projection;
}

function flatten(n: IndexNodeView, into = new Map<string, IndexNodeView>()) {
  into.set(n.code, n);
  for (const c of n.children) flatten(c, into);
  return into;
}

/** Units whose figures the user may read (a leader: their subtree; an admin: all). */
export async function readableUnits(db: Db, user: SessionUser): Promise<UnitRow[]> {
  const [units, org] = await Promise.all([listUnits(db), loadOrg(db)]);
  if (!tokenAllows(user, "read:indices")) return [];
  return units.filter((u) => can(user.grants, "read:indices", { unitId: u.id }, org));
}

/** The targets of a year within the user's scope, with status and projection. */
export async function listTargets(db: Db, user: SessionUser, year: number, now = new Date()): Promise<TargetRowView[]> {
  const units = await readableUnits(db, user);
  const byId = new Map(units.map((u) => [u.id, u]));
  if (units.length === 0) return [];
  const rows = await db.selectFrom("target").selectAll().where("year", "=", year).where("unit_id", "in", [...byId.keys()]).orderBy("unit_id").orderBy("id").execute();
  const today = localDay(now);
  // Each target's node is scored within its own index (the root of its tree), once per unit.
  const nodes = await db.selectFrom("index_node").select(["id", "code", "parent_id"]).orderBy("sort").orderBy("id").execute();
  const rootOf = (code: string): string => {
    let n = nodes.find((x) => x.code === code);
    for (let i = 0; n && n.parent_id !== null && i < 20; i++) n = nodes.find((x) => x.id === n!.parent_id);
    return n?.code ?? code;
  };
  const order = new Map(nodes.map((x, i) => [x.code, i]));
  const scored = new Map<string, Map<string, IndexNodeView>>();
  for (const r of rows) {
    const key = `${r.unit_id}|${rootOf(r.node_code)}`;
    if (scored.has(key)) continue;
    const res = await computeIndices(db, { year, unit: byId.get(r.unit_id)!.code, channel: "all", index: rootOf(r.node_code) });
    scored.set(key, flatten(res.nodes[0]));
  }
  return rows
    .map((r) => {
      const node = scored.get(`${r.unit_id}|${rootOf(r.node_code)}`)?.get(r.node_code) ?? null;
      const unit = byId.get(r.unit_id)!;
      return {
        id: r.id, year: r.year, nodeCode: r.node_code, unitCode: unit.code, unitName: unit.name, kind: r.kind, value: r.value,
        baselineSource: r.baseline_source, baselineValue: r.baseline_value, pointTarget: r.point_target, note: r.note, node,
        projection: projectTarget({
          value: node?.value ?? null, n: node?.n ?? 0, ciLow: node?.ciLow ?? null, ciHigh: node?.ciHigh ?? null,
          threshold: node?.target?.threshold ?? null, verdict: node?.status ?? "no_data", year, today,
        }),
      };
    })
    .sort((a, b) => (a.unitCode === b.unitCode ? (order.get(a.nodeCode) ?? 999) - (order.get(b.nodeCode) ?? 999) : 0));
}

/** Index nodes a target can be set on (indices and their sub-indices / dimensions), tree order. */
export async function targetNodes(db: Db) {
  return db.selectFrom("index_node").select(["code", "name", "par_code", "max_points", "parent_id"]).orderBy("sort").orderBy("id").execute();
}

async function resolveRefs(trx: Tx, input: TargetInput) {
  const unit = await trx.selectFrom("admin_unit").select(["id", "name"]).where("code", "=", input.unit).where("active", "=", 1).executeTakeFirst();
  const node = await trx.selectFrom("index_node").select(["code", "max_points", "name"]).where("code", "=", input.node).executeTakeFirst();
  const fields: Record<string, string> = {};
  if (!unit) fields.unit = `Không có đơn vị hành chính đang hoạt động mã “${input.unit}”.`;
  if (!node) fields.node = `Không có chỉ số mã “${input.node}”.`;
  if (node && input.pointTarget !== null && node.max_points !== null && input.pointTarget > node.max_points + 1e-9) {
    fields.pointTarget = `Chỉ tiêu điểm không được vượt điểm tối đa của chỉ số (${String(node.max_points).replace(".", ",")}).`;
  }
  if (Object.keys(fields).length > 0) {
    const msgs = Object.values(fields);
    throw new InputError("invalid_input", msgs.length === 1 ? `Chưa lưu được: ${msgs[0]}` : `Chưa lưu được: có ${msgs.length} mục cần sửa.`, fields, 400);
  }
  return { unitId: unit!.id, unitName: unit!.name, nodeName: node!.name };
}

function rowValues(input: TargetInput, unitId: number) {
  return {
    year: input.year, node_code: input.node, unit_id: unitId, kind: input.kind as TargetTable["kind"], value: input.value,
    baseline_source: input.baselineSource, baseline_value: input.baselineValue, point_target: input.pointTarget, note: input.note,
  };
}

function duplicate(input: TargetInput, nodeName: string, unitName: string): InputError {
  return new InputError(
    "conflict",
    `Chưa lưu được: đã có chỉ tiêu năm ${input.year} cho “${nodeName}” tại ${unitName}. Hãy sửa chỉ tiêu đó thay vì tạo mới.`,
    { node: "Đã có chỉ tiêu cho chỉ số, năm và phạm vi này." },
    409,
  );
}

export async function createTarget(db: Db, input: TargetInput, actor: Actor): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const refs = await resolveRefs(trx, input);
      const exists = await trx.selectFrom("target").select("id").where("year", "=", input.year).where("node_code", "=", input.node).where("unit_id", "=", refs.unitId).executeTakeFirst();
      if (exists) throw duplicate(input, refs.nodeName, refs.unitName);
      const values = rowValues(input, refs.unitId);
      const { id } = await trx.insertInto("target").values(values).returning("id").executeTakeFirstOrThrow();
      await audit(trx, { userId: actor.userId, action: "target.create", entity: "target", entityId: id, after: { id, ...values }, ip: actor.ip });
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(input, input.node, input.unit);
    throw e;
  }
}

async function existing(trx: Tx, id: number): Promise<Selectable<TargetTable>> {
  const row = await trx.selectFrom("target").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new InputError("not_found", "Không tìm thấy chỉ tiêu này (có thể đã bị xóa). Hãy tải lại trang.", {}, 404);
  return row;
}

export async function updateTarget(db: Db, id: number, input: TargetInput, actor: Actor): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      const before = await existing(trx, id);
      const refs = await resolveRefs(trx, input);
      const clash = await trx.selectFrom("target").select("id").where("year", "=", input.year).where("node_code", "=", input.node).where("unit_id", "=", refs.unitId).where("id", "<>", id).executeTakeFirst();
      if (clash) throw duplicate(input, refs.nodeName, refs.unitName);
      const values = rowValues(input, refs.unitId);
      await trx.updateTable("target").set(values).where("id", "=", id).execute();
      await audit(trx, { userId: actor.userId, action: "target.update", entity: "target", entityId: id, before, after: { id, ...values }, ip: actor.ip });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(input, input.node, input.unit);
    throw e;
  }
}

export async function deleteTarget(db: Db, id: number, actor: Actor): Promise<Selectable<TargetTable>> {
  return db.transaction().execute(async (trx) => {
    const before = await existing(trx, id);
    await trx.deleteFrom("target").where("id", "=", id).execute();
    await audit(trx, { userId: actor.userId, action: "target.delete", entity: "target", entityId: id, before, ip: actor.ip });
    return before;
  });
}

export async function getTarget(db: Db, id: number) {
  return db.selectFrom("target as t").innerJoin("admin_unit as u", "u.id", "t.unit_id").selectAll("t").select("u.code as unit_code").where("t.id", "=", id).executeTakeFirst();
}
