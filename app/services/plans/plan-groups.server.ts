import { z } from "zod";
import type { Db, Tx } from "../../platform/db.server";
import { expandGroup, matchesRule, normaliseName, type AgencyLevel, type Assignee } from "../../domain/plans";
import { AGENCY_KINDS, UNIT_LEVELS } from "../../schemas/admin";
import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { planContext } from "./org-context.server";

/**
 * Agency groups of improvement plans ("UBND cấp xã", "Các sở, ban, ngành"…): a task assigned to a
 * group is reported on by each of its members. Members are the active agencies matching the
 * group's rule (agency kind and unit level), less the agencies it excludes, plus those it names.
 */

const codes = (label: string) => z.array(z.string().trim().toUpperCase().max(40)).default([]).transform((a) => [...new Set(a.filter(Boolean))]).describe(label);

const groupFields = {
  name: z.string({ error: "Nhập tên nhóm." }).trim().min(3, "Nhập tên nhóm (ít nhất 3 ký tự), ví dụ: UBND cấp xã.").max(200, "Tên nhóm dài quá 200 ký tự."),
  aliases: z.string().trim().max(4000, "Các tên gọi khác dài quá 4.000 ký tự.").optional()
    .transform((v) => [...new Set((v ?? "").split(/\r?\n/).map((x) => x.trim()).filter(Boolean))])
    .refine((a) => a.length <= 20, "Tối đa 20 tên gọi khác, mỗi tên một dòng.")
    .refine((a) => a.every((x) => x.length <= 200), "Mỗi tên gọi khác tối đa 200 ký tự."),
  kinds: z.array(z.enum(AGENCY_KINDS, { error: "Có loại cơ quan không hợp lệ; hãy tải lại trang." })).default([]),
  levels: z.array(z.enum(UNIT_LEVELS, { error: "Có cấp hành chính không hợp lệ; hãy tải lại trang." })).default([]),
  include: codes("include"),
  exclude: codes("exclude"),
};

const checkRule = <T extends { kinds: string[]; levels: string[]; include: string[]; exclude: string[] }>(s: z.ZodType<T>) =>
  s
    .refine((g) => (g.kinds.length === 0) === (g.levels.length === 0), { message: "Quy tắc cần cả loại cơ quan và cấp hành chính; hoặc bỏ chọn cả hai và chọn thành viên trong danh sách.", path: ["levels"] })
    .refine((g) => g.kinds.length > 0 || g.include.length > 0, { message: "Nhóm chưa có thành viên: chọn loại cơ quan và cấp hành chính, hoặc chọn cơ quan trong danh sách “Thêm vào nhóm”.", path: ["include"] })
    .refine((g) => !g.include.some((c) => g.exclude.includes(c)), { message: "Một cơ quan không thể vừa được thêm vừa bị loại khỏi nhóm.", path: ["exclude"] });

export const groupCreate = checkRule(z.object({
  code: z.string({ error: "Nhập mã nhóm." }).trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{1,29}$/, "Mã nhóm gồm 2–30 chữ cái không dấu, số hoặc dấu gạch, ví dụ UBND-XA."),
  ...groupFields,
}));
export const groupEdit = checkRule(z.object({ code: z.string().trim().toUpperCase().min(1, "Thiếu mã nhóm; hãy tải lại trang."), ...groupFields }));
type GroupInput = z.infer<typeof groupCreate>;
export const GROUP_MULTI = ["kinds", "levels", "include", "exclude"];

/** The groups with their rule, explicit additions and removals, expanded members and the tasks naming them. */
export async function listGroups(db: Db) {
  const ctx = await planContext(db);
  const [rows, tasks] = await Promise.all([
    db.selectFrom("plan_agency_group").select(["id", "code"]).orderBy("id").execute(),
    db.selectFrom("plan_task").select(["lead", "implementers"]).execute(),
  ]);
  const used = new Map<string, number>();
  for (const t of tasks) {
    const named = new Set([...(JSON.parse(t.lead) as Assignee[]), ...(JSON.parse(t.implementers) as Assignee[])].filter((a) => a.type === "group").map((a) => (a as { code: string }).code));
    for (const c of named) used.set(c, (used.get(c) ?? 0) + 1);
  }
  const nameOf = new Map(ctx.agencies.map((a) => [a.code, a.name]));
  return {
    agencies: ctx.agencies.filter((a) => a.active).map((a) => ({ code: a.code, name: a.name, kind: a.kind, level: a.level })),
    groups: ctx.groups.map((g) => ({
      id: rows.find((r) => r.code === g.code)!.id,
      code: g.code, name: g.name, aliases: g.aliases, kinds: g.rule.kinds, levels: g.rule.levels,
      include: (g.include ?? []).map((c) => ({ code: c, name: nameOf.get(c) ?? c })),
      exclude: (g.exclude ?? []).map((c) => ({ code: c, name: nameOf.get(c) ?? c })),
      members: expandGroup(g, ctx.agencies).map((a) => ({ code: a.code, name: a.name, byRule: matchesRule(g.rule, a) })),
      tasks: used.get(g.code) ?? 0,
    })),
  };
}

/** Refuses names that would clash: another group's name or alias, or an agency's name (plans would read it as the agency). */
async function checkNames(db: Db, input: GroupInput, selfCode: string | null) {
  const ctx = await planContext(db);
  const fields: Record<string, string> = {};
  const mine = [input.name, ...input.aliases];
  for (const n of mine) {
    const key = normaliseName(n);
    const other = ctx.groups.find((g) => g.code !== selfCode && (normaliseName(g.name) === key || g.aliases.some((a) => normaliseName(a) === key) || g.code.toLowerCase() === key));
    if (other) {
      fields[n === input.name ? "name" : "aliases"] = `“${n}” đã là tên của nhóm ${other.code} (${other.name}); hãy dùng tên khác.`;
      break;
    }
    const agency = ctx.agencies.find((a) => normaliseName(a.name) === key || a.code.toLowerCase() === key);
    if (agency) {
      fields[n === input.name ? "name" : "aliases"] = `“${n}” là tên của cơ quan ${agency.code}; kế hoạch sẽ hiểu là cơ quan đó, hãy đặt tên khác cho nhóm.`;
      break;
    }
  }
  const known = new Set(ctx.agencies.map((a) => a.code));
  const unknown = [...input.include, ...input.exclude].filter((c) => !known.has(c));
  if (unknown.length) fields.include = `Không có cơ quan ${unknown.slice(0, 3).join(", ")}; hãy chọn trong danh sách.`;
  const keys = Object.keys(fields);
  if (keys.length) throw new InputError("invalid_input", `Chưa lưu được: ${Object.values(fields)[0]}`, fields);
  return ctx;
}

async function writeMembers(trx: Tx, groupId: number, input: GroupInput, agencyId: Map<string, number>) {
  await trx.deleteFrom("plan_agency_group_member").where("group_id", "=", groupId).execute();
  for (const [mode, list] of [["include", input.include], ["exclude", input.exclude]] as const) {
    for (const c of list) await trx.insertInto("plan_agency_group_member").values({ group_id: groupId, agency_id: agencyId.get(c)!, mode }).execute();
  }
}

const stored = (input: GroupInput) => ({
  name: input.name, aliases: JSON.stringify(input.aliases), rule: JSON.stringify({ kinds: input.kinds, levels: input.levels as AgencyLevel[] }),
});

/** Use case: create a group with its rule and members (one transaction, audited). */
export async function createGroup(db: Db, input: GroupInput, actor: Actor): Promise<void> {
  if (await db.selectFrom("plan_agency_group").select("id").where("code", "=", input.code).executeTakeFirst()) {
    throw new InputError("invalid_input", `Chưa lưu được: mã nhóm ${input.code} đã có.`, { code: "Mã này đã dùng; hãy chọn mã khác." });
  }
  const ctx = await checkNames(db, input, null);
  const agencyId = new Map(ctx.agencies.map((a) => [a.code, a.id]));
  await db.transaction().execute(async (trx) => {
    const g = await trx.insertInto("plan_agency_group").values({ code: input.code, ...stored(input) }).returning("id").executeTakeFirstOrThrow();
    await writeMembers(trx, g.id, input, agencyId);
    await audit(trx, { userId: actor.userId, action: "plan.group.create", entity: "plan_agency_group", entityId: input.code, after: input, ip: actor.ip });
  });
}

/** Use case: edit a group's name, other names, rule and members (one transaction, audited). */
export async function updateGroup(db: Db, input: GroupInput, actor: Actor): Promise<void> {
  const before = await db.selectFrom("plan_agency_group").selectAll().where("code", "=", input.code).executeTakeFirst();
  if (!before) throw new InputError("not_found", `Không có nhóm ${input.code}.`, {}, 404);
  const ctx = await checkNames(db, input, input.code);
  const agencyId = new Map(ctx.agencies.map((a) => [a.code, a.id]));
  const was = ctx.groups.find((g) => g.code === input.code);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("plan_agency_group").set(stored(input)).where("id", "=", before.id).execute();
    await writeMembers(trx, before.id, input, agencyId);
    await audit(trx, { userId: actor.userId, action: "plan.group.update", entity: "plan_agency_group", entityId: input.code, before: was, after: input, ip: actor.ip });
  });
}
