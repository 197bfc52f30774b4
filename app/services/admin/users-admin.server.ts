import { fromVietnamLocal } from "../../domain/periods";
import { PERMISSIONS, ROLE_PERMISSIONS, type Permission, type Role } from "../../domain/permissions";
import type { AuditFilter, GrantInput, UserCreateInput } from "../../schemas/admin";
import {
  audit, checkPasswordStrength, createApiToken, createUser, hashPassword, redactUser, revokeApiToken, revokeSessions,
} from "../../platform/auth.server";
import type { Db, Tx } from "../../platform/db.server";
import { InputError } from "../../platform/errors";
import type { Actor } from "../../platform/auth.server";

/**
 * Use cases of the user, token and audit-log admin pages (/quan-tri/nguoi-dung, /token, /nhat-ky).
 * Password hashes never leave this module: audit rows get redacted rows. The audit log is only
 * ever read here; nothing updates or deletes it.
 */

interface GrantView {
  id: number;
  role: Role;
  active: boolean;
  scope: string | null;
  scopeName: string | null;
  createdAt: string;
}

async function grantsOf(db: Db | Tx, userIds: number[] | null, activeOnly: boolean): Promise<Map<number, GrantView[]>> {
  let q = db
    .selectFrom("role_grant as g")
    .leftJoin("admin_unit as u", "u.id", "g.unit_id")
    .leftJoin("agency as a", "a.id", "g.agency_id")
    .leftJoin("service_point as sp", "sp.id", "g.service_point_id")
    .select(["g.id", "g.user_id", "g.role", "g.active", "g.created_at", "u.code as unit_code", "u.name as unit_name", "a.code as agency_code", "a.name as agency_name", "sp.code as sp_code", "sp.name as sp_name"])
    .orderBy("g.id");
  if (userIds) q = q.where("g.user_id", "in", userIds.length ? userIds : [-1]);
  if (activeOnly) q = q.where("g.active", "=", 1);
  const out = new Map<number, GrantView[]>();
  for (const r of await q.execute()) {
    const v: GrantView = {
      id: r.id, role: r.role as Role, active: !!r.active, createdAt: r.created_at,
      scope: r.unit_code ?? r.agency_code ?? r.sp_code ?? null,
      scopeName: r.unit_name ?? r.agency_name ?? r.sp_name ?? null,
    };
    out.set(r.user_id, [...(out.get(r.user_id) ?? []), v]);
  }
  return out;
}

// ---------------------------------------------------------------- users

export async function listUsers(db: Db) {
  const users = await db
    .selectFrom("app_user")
    .select(["id", "username", "display_name", "email", "active", "is_demo", "created_at"])
    .orderBy("username")
    .execute();
  const grants = await grantsOf(db, null, true);
  return users.map((u) => ({
    id: u.id, username: u.username, displayName: u.display_name, email: u.email, active: !!u.active, isDemo: !!u.is_demo,
    createdAt: u.created_at, grants: grants.get(u.id) ?? [],
  }));
}

export async function userDetail(db: Db, id: number) {
  const u = await db
    .selectFrom("app_user")
    .select(["id", "username", "display_name", "email", "active", "is_demo", "created_at", "password_changed_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!u) return null;
  const now = new Date().toISOString();
  const [grants, sessions, tokens] = await Promise.all([
    grantsOf(db, [id], false),
    db.selectFrom("user_session").select((eb) => eb.fn.countAll<number>().as("c")).where("user_id", "=", id).where("revoked_at", "is", null).where("expires_at", ">", now).executeTakeFirstOrThrow(),
    db.selectFrom("api_token").select((eb) => eb.fn.countAll<number>().as("c")).where("user_id", "=", id).where("revoked_at", "is", null).where("expires_at", ">", now).executeTakeFirstOrThrow(),
  ]);
  return {
    id: u.id, username: u.username, displayName: u.display_name, email: u.email, active: !!u.active, isDemo: !!u.is_demo,
    createdAt: u.created_at, passwordChangedAt: u.password_changed_at,
    grants: grants.get(id) ?? [], liveSessions: Number(sessions.c), liveTokens: Number(tokens.c),
  };
}

type ResolvedGrant = { role: Role; unitId: number | null; agencyId: number | null; servicePointId: number | null; scope: string | null };

/** Checks that the scope fits the role and resolves codes to ids (one grant per agency). */
async function resolveGrants(db: Db | Tx, g: GrantInput): Promise<ResolvedGrant[]> {
  const extra = (field: string, what: string) =>
    new InputError("scope_mismatch", `Vai trò này không dùng ${what}; hãy bỏ chọn.`, { [field]: `Bỏ chọn: vai trò này không dùng ${what}.` }, 400);
  const none = { unitId: null, agencyId: null, servicePointId: null };
  switch (g.role) {
    case "admin": {
      if (g.unit) throw extra("unit", "đơn vị hành chính");
      if (g.agencies.length) throw extra("agencies", "cơ quan");
      if (g.servicePoint) throw extra("servicePoint", "điểm phục vụ");
      return [{ role: "admin", ...none, scope: null }];
    }
    case "leader": {
      if (g.agencies.length) throw extra("agencies", "cơ quan");
      if (g.servicePoint) throw extra("servicePoint", "điểm phục vụ");
      if (!g.unit) throw new InputError("scope_missing", "Lãnh đạo cần một đơn vị hành chính làm phạm vi.", { unit: "Vui lòng chọn đơn vị hành chính." }, 400);
      const u = await db.selectFrom("admin_unit").select(["id", "code", "active"]).where("code", "=", g.unit).executeTakeFirst();
      if (!u) throw new InputError("unknown_unit", `Không tìm thấy đơn vị “${g.unit}”.`, { unit: "Chọn một đơn vị có trong danh sách." }, 400);
      if (!u.active) throw new InputError("inactive_unit", `Đơn vị “${u.code}” đang ngừng hoạt động.`, { unit: "Chọn một đơn vị đang hoạt động." }, 400);
      return [{ role: "leader", ...none, unitId: u.id, scope: u.code }];
    }
    case "agency_officer": {
      if (g.unit) throw extra("unit", "đơn vị hành chính");
      if (g.servicePoint) throw extra("servicePoint", "điểm phục vụ");
      if (!g.agencies.length) throw new InputError("scope_missing", "Cán bộ cơ quan cần ít nhất một cơ quan làm phạm vi.", { agencies: "Vui lòng chọn ít nhất một cơ quan." }, 400);
      const rows = await db.selectFrom("agency").select(["id", "code", "active"]).where("code", "in", g.agencies).execute();
      const found = new Map(rows.map((r) => [r.code, r]));
      const missing = g.agencies.filter((c) => !found.has(c));
      if (missing.length) throw new InputError("unknown_agency", `Không tìm thấy cơ quan: ${missing.join(", ")}.`, { agencies: "Chọn cơ quan có trong danh sách." }, 400);
      const inactive = rows.filter((r) => !r.active).map((r) => r.code);
      if (inactive.length) throw new InputError("inactive_agency", `Cơ quan đang ngừng hoạt động: ${inactive.join(", ")}.`, { agencies: "Chỉ chọn cơ quan đang hoạt động." }, 400);
      return g.agencies.map((c) => ({ role: "agency_officer" as const, ...none, agencyId: found.get(c)!.id, scope: c }));
    }
    case "desk_officer": {
      if (g.unit) throw extra("unit", "đơn vị hành chính");
      if (g.agencies.length) throw extra("agencies", "cơ quan");
      if (!g.servicePoint) throw new InputError("scope_missing", "Công chức Một cửa cần một điểm phục vụ làm phạm vi.", { servicePoint: "Vui lòng chọn điểm phục vụ." }, 400);
      const p = await db.selectFrom("service_point").select(["id", "code", "active"]).where("code", "=", g.servicePoint).executeTakeFirst();
      if (!p) throw new InputError("unknown_point", `Không tìm thấy điểm phục vụ “${g.servicePoint}”.`, { servicePoint: "Chọn một điểm có trong danh sách." }, 400);
      if (!p.active) throw new InputError("inactive_point", `Điểm phục vụ “${p.code}” đang ngừng hoạt động.`, { servicePoint: "Chọn một điểm đang hoạt động." }, 400);
      return [{ role: "desk_officer", ...none, servicePointId: p.id, scope: p.code }];
    }
  }
}

async function assertUniqueLogin(db: Db | Tx, username: string | null, email: string | null, exceptId: number | null) {
  if (username) {
    let q = db.selectFrom("app_user").select("id").where((eb) => eb(eb.fn("lower", ["username"]), "=", username.toLowerCase()));
    if (exceptId !== null) q = q.where("id", "!=", exceptId);
    if (await q.executeTakeFirst()) throw new InputError("duplicate", `Tên đăng nhập “${username}” đã được dùng.`, { username: "Tên đăng nhập đã có; chọn tên khác." }, 409);
  }
  if (email) {
    let q = db.selectFrom("app_user").select("id").where((eb) => eb.or([eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()), eb(eb.fn("lower", ["username"]), "=", email.toLowerCase())]));
    if (exceptId !== null) q = q.where("id", "!=", exceptId);
    if (await q.executeTakeFirst()) throw new InputError("duplicate", `Email “${email}” đã được dùng cho tài khoản khác.`, { email: "Email đã được dùng; nhập email khác." }, 409);
  }
}

/** Use case: a new staff account with its first role grant(s). */
export async function createStaffUser(db: Db, input: UserCreateInput, actor: Actor): Promise<number> {
  const weak = checkPasswordStrength(input.password);
  if (weak) throw new InputError("weak_password", weak, { password: weak }, 400);
  await assertUniqueLogin(db, input.username, input.email, null);
  const grants = await resolveGrants(db, input);
  return createUser(
    db,
    {
      username: input.username, displayName: input.displayName, email: input.email, password: input.password,
      grants: grants.map(({ role, unitId, agencyId, servicePointId }) => ({ role, unitId, agencyId, servicePointId })),
    },
    actor,
  );
}

async function userRow(trx: Tx, id: number) {
  const u = await trx.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
  if (!u) throw new InputError("not_found", "Không tìm thấy người dùng.", {}, 404);
  return u;
}

export async function updateUserProfile(db: Db, id: number, input: { displayName: string; email: string | null }, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await userRow(trx, id);
    await assertUniqueLogin(trx, null, input.email, id);
    await trx.updateTable("app_user").set({ display_name: input.displayName, email: input.email }).where("id", "=", id).execute();
    const after = await userRow(trx, id);
    await audit(trx, { userId: actor.userId, action: "user.update", entity: "user", entityId: id, before: redactUser(before), after: redactUser(after), ip: actor.ip });
  });
}

export async function addGrants(db: Db, userId: number, input: GrantInput, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await userRow(trx, userId);
    const grants = await resolveGrants(trx, input);
    const existing = await trx.selectFrom("role_grant").selectAll().where("user_id", "=", userId).where("active", "=", 1).execute();
    const dup = grants.filter((g) => existing.some((e) => e.role === g.role && e.unit_id === g.unitId && e.agency_id === g.agencyId && e.service_point_id === g.servicePointId));
    if (dup.length) {
      const which = dup.map((d) => d.scope ?? "toàn tỉnh").join(", ");
      const field = input.role === "leader" ? "unit" : input.role === "agency_officer" ? "agencies" : input.role === "desk_officer" ? "servicePoint" : "role";
      throw new InputError("duplicate", `Người dùng đã có vai trò này với phạm vi: ${which}.`, { [field]: "Phạm vi này đã được cấp." }, 409);
    }
    const now = new Date().toISOString();
    for (const g of grants) {
      const row = await trx
        .insertInto("role_grant")
        .values({ user_id: userId, role: g.role, unit_id: g.unitId, agency_id: g.agencyId, service_point_id: g.servicePointId, active: 1, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actor.userId, action: "grant.create", entity: "role_grant", entityId: row.id, after: { ...row, scope: g.scope }, ip: actor.ip });
    }
    return grants.length;
  });
}

export async function deactivateGrant(db: Db, userId: number, grantId: number, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("role_grant").selectAll().where("id", "=", grantId).where("user_id", "=", userId).executeTakeFirst();
    if (!before) throw new InputError("not_found", "Không tìm thấy quyền này của người dùng.", {}, 404);
    if (!before.active) throw new InputError("unchanged", "Quyền này đã bị thu hồi.", {}, 409);
    if (before.role === "admin" && userId === actor.userId) {
      throw new InputError("self_lockout", "Không thể tự thu hồi quyền quản trị của chính mình. Nhờ một quản trị viên khác thực hiện.", {}, 409);
    }
    await trx.updateTable("role_grant").set({ active: 0 }).where("id", "=", grantId).execute();
    await audit(trx, { userId: actor.userId, action: "grant.deactivate", entity: "role_grant", entityId: grantId, before: { ...before }, after: { ...before, active: 0 }, ip: actor.ip });
  });
}

/** Use case: an admin sets a new password; every session of that user ends. */
export async function resetPassword(db: Db, userId: number, password: string, actor: Actor): Promise<void> {
  const weak = checkPasswordStrength(password);
  if (weak) throw new InputError("weak_password", weak, { password: weak }, 400);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const before = await userRow(trx, userId);
    const now = new Date().toISOString();
    const live = await trx.selectFrom("user_session").select((eb) => eb.fn.countAll<number>().as("c")).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirstOrThrow();
    await trx.updateTable("app_user").set({ password_hash: hash, password_changed_at: now }).where("id", "=", userId).execute();
    await revokeSessions(trx, userId);
    await audit(trx, {
      userId: actor.userId, action: "user.password_reset", entity: "user", entityId: userId,
      before: { username: before.username, password_changed_at: before.password_changed_at },
      after: { username: before.username, password_changed_at: now, sessions_revoked: Number(live.c) },
      ip: actor.ip,
    });
  });
}

/** Use case: disable (every session ends, tokens stop working) or enable an account. */
export async function setUserActive(db: Db, userId: number, active: boolean, actor: Actor): Promise<void> {
  if (!active && userId === actor.userId) {
    throw new InputError("self_disable", "Bạn không thể tự vô hiệu hóa tài khoản của chính mình.", {}, 409);
  }
  await db.transaction().execute(async (trx) => {
    const before = await userRow(trx, userId);
    if (!!before.active === active) throw new InputError("unchanged", active ? "Tài khoản đang hoạt động." : "Tài khoản đã bị vô hiệu hóa.", {}, 409);
    await trx.updateTable("app_user").set({ active: active ? 1 : 0 }).where("id", "=", userId).execute();
    if (!active) await revokeSessions(trx, userId);
    const after = await userRow(trx, userId);
    await audit(trx, { userId: actor.userId, action: active ? "user.enable" : "user.disable", entity: "user", entityId: userId, before: redactUser(before), after: redactUser(after), ip: actor.ip });
  });
}

// ---------------------------------------------------------------- API tokens

type TokenStatus = "active" | "revoked" | "expired";

export async function listTokens(db: Db) {
  const rows = await db
    .selectFrom("api_token as t")
    .innerJoin("app_user as u", "u.id", "t.user_id")
    .select(["t.id", "t.name", "t.prefix", "t.permissions", "t.expires_at", "t.revoked_at", "t.created_at", "t.last_used_at", "u.id as user_id", "u.username", "u.display_name", "u.active as user_active"])
    .orderBy("t.id", "desc")
    .execute();
  const now = Date.now();
  return rows.map((t) => ({
    id: t.id, name: t.name, prefix: t.prefix, permissions: JSON.parse(t.permissions) as Permission[],
    expiresAt: t.expires_at, revokedAt: t.revoked_at, createdAt: t.created_at, lastUsedAt: t.last_used_at,
    owner: { id: t.user_id, username: t.username, displayName: t.display_name, active: !!t.user_active },
    status: (t.revoked_at ? "revoked" : Date.parse(t.expires_at) <= now ? "expired" : "active") as TokenStatus,
  }));
}

/** Active users who can own a token, with the permissions they hold (a token carries a subset). */
export async function tokenOwners(db: Db) {
  const users = await db.selectFrom("app_user").select(["id", "username", "display_name"]).where("active", "=", 1).orderBy("username").execute();
  const grants = await grantsOf(db, users.map((u) => u.id), true);
  return users.map((u) => {
    const own = new Set((grants.get(u.id) ?? []).flatMap((g) => ROLE_PERMISSIONS[g.role]));
    return { id: u.id, username: u.username, displayName: u.display_name, permissions: PERMISSIONS.filter((p) => own.has(p)) };
  });
}

export async function createTokenFor(db: Db, input: { userId: number; name: string; permissions: Permission[]; days: number }, actor: Actor) {
  const owner = await db.selectFrom("app_user").select(["id", "active"]).where("id", "=", input.userId).executeTakeFirst();
  if (!owner) throw new InputError("unknown_user", "Không tìm thấy chủ token.", { userId: "Chọn một người dùng có trong danh sách." }, 400);
  if (!owner.active) throw new InputError("inactive_user", "Tài khoản chủ token đang bị vô hiệu hóa.", { userId: "Chọn một tài khoản đang hoạt động." }, 400);
  const grants = await grantsOf(db, [input.userId], true);
  const own = new Set((grants.get(input.userId) ?? []).flatMap((g) => ROLE_PERMISSIONS[g.role]));
  const extra = input.permissions.filter((p) => !own.has(p));
  if (extra.length) {
    throw new InputError("invalid_permissions", `Chủ token không có các quyền: ${extra.join(", ")}. Token chỉ mang một phần quyền của chủ.`, { permissions: "Chỉ chọn trong các quyền mà chủ token đang có." }, 400);
  }
  return createApiToken(db, input.userId, { name: input.name, permissions: input.permissions, days: input.days }, actor);
}

export async function revokeToken(db: Db, tokenId: number, actor: Actor): Promise<void> {
  const t = await db.selectFrom("api_token").select(["id", "revoked_at"]).where("id", "=", tokenId).executeTakeFirst();
  if (!t) throw new InputError("not_found", "Không tìm thấy token.", {}, 404);
  if (t.revoked_at) throw new InputError("unchanged", "Token này đã bị thu hồi.", {}, 409);
  await revokeApiToken(db, tokenId, actor);
}

// ---------------------------------------------------------------- audit log (read only)

const AUDIT_PAGE_SIZE = 50;

export async function auditFacets(db: Db) {
  const [entities, actions, users] = await Promise.all([
    db.selectFrom("audit_log").select("entity").distinct().orderBy("entity").execute(),
    db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute(),
    db.selectFrom("app_user").select(["id", "username", "display_name"]).orderBy("username").execute(),
  ]);
  return {
    entities: entities.map((e) => e.entity),
    actions: actions.map((a) => a.action),
    users: users.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name })),
  };
}

/** One page of the audit log, newest first, with the filter applied (dates are Vietnam days). */
export async function listAudit(db: Db, f: AuditFilter) {
  let q = db.selectFrom("audit_log as l").leftJoin("app_user as u", "u.id", "l.user_id");
  if (f.user !== null) q = q.where("l.user_id", "=", f.user);
  if (f.entity) q = q.where("l.entity", "=", f.entity);
  if (f.action) q = q.where("l.action", "=", f.action);
  const from = f.from ? fromVietnamLocal(f.from) : null;
  const toStart = f.to ? fromVietnamLocal(f.to) : null;
  if (from) q = q.where("l.at", ">=", from);
  if (toStart) q = q.where("l.at", "<", new Date(Date.parse(toStart) + 86400_000).toISOString());
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const rows = await q
    .select(["l.id", "l.at", "l.user_id", "l.action", "l.entity", "l.entity_id", "l.before_json", "l.after_json", "l.ip", "u.username", "u.display_name"])
    .orderBy("l.at", "desc")
    .orderBy("l.id", "desc")
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  return {
    total, page, pages, pageSize: AUDIT_PAGE_SIZE,
    rows: rows.map((r) => ({
      id: r.id, at: r.at, userId: r.user_id, username: r.username, displayName: r.display_name, action: r.action, entity: r.entity,
      entityId: r.entity_id, before: r.before_json, after: r.after_json, ip: r.ip,
    })),
  };
}
