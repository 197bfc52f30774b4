import crypto from "node:crypto";
import { promisify } from "node:util";
import type { Db, Tx } from "./db.server";
import { type Grant, type OrgShape, type Permission, type Role, permissionsOf, PERMISSIONS } from "../domain/permissions";
import { InputError } from "./errors";

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** scrypt (memory-hard), random salt; stored as scrypt$N$r$p$salt$hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize("NFC"), salt, 64, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scrypt(password.normalize("NFC"), Buffer.from(salt, "base64url"), expected.length, { N: +n, r: +r, p: +p, maxmem: 64 * 1024 * 1024 });
  return crypto.timingSafeEqual(key, expected);
}

export const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const token = (bytes = 32) => crypto.randomBytes(bytes).toString("base64url");

export const SESSION_HOURS = 12;
/**
 * Login throttle. Failures count per account (username and e-mail are one account) and address
 * together: 8 in 15 minutes lock that pair only, so nobody can lock another person out from their
 * own address. Per account alone, failures only slow answers (a delay that doubles, at most 8 s);
 * per address, 30 failures over all accounts lock that address. An admin unlock (audited) starts
 * the count afresh.
 */
const THROTTLE = { windowMinutes: 15, slowAfter: 3, lockPairAfter: 8, lockIpAfter: 30, maxDelayMs: 8000 };

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  isDemo: boolean;
  grants: Array<Grant & { id: number; unitCode: string | null; agencyCode: string | null; servicePointCode: string | null }>;
  /** For API tokens: the subset of permissions the token carries. */
  tokenPermissions?: Permission[];
}

/** Who did it, for the audit: the signed-in user and the address the request came from. */
export interface Actor {
  userId: number;
  ip?: string | null;
}

export async function audit(
  trx: Tx,
  e: { userId: number | null; action: string; entity: string; entityId?: string | number | null; before?: unknown; after?: unknown; ip?: string | null },
) {
  await trx
    .insertInto("audit_log")
    .values({
      at: new Date().toISOString(),
      user_id: e.userId,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
      ip: e.ip ?? null,
    })
    .execute();
}

/** Removes secrets before a row goes to the audit log. */
export function redactUser<T extends Record<string, unknown>>(row: T): Omit<T, "password_hash"> {
  const { password_hash: _, ...rest } = row;
  return rest;
}

async function loadGrants(db: Db | Tx, userId: number): Promise<SessionUser["grants"]> {
  const rows = await db
    .selectFrom("role_grant as g")
    .leftJoin("admin_unit as u", "u.id", "g.unit_id")
    .leftJoin("agency as a", "a.id", "g.agency_id")
    .leftJoin("service_point as sp", "sp.id", "g.service_point_id")
    .select(["g.id", "g.role", "g.unit_id", "g.agency_id", "g.service_point_id", "u.code as unit_code", "a.code as agency_code", "sp.code as sp_code"])
    .where("g.user_id", "=", userId)
    .where("g.active", "=", 1)
    .orderBy("g.id")
    .execute();
  return rows.map((r) => ({
    id: r.id, role: r.role as Role, unitId: r.unit_id, agencyId: r.agency_id, servicePointId: r.service_point_id,
    unitCode: r.unit_code, agencyCode: r.agency_code, servicePointCode: r.sp_code,
  }));
}

export async function loadOrg(db: Db): Promise<OrgShape> {
  const [units, agencies, points] = await Promise.all([
    db.selectFrom("admin_unit").select(["id", "parent_id"]).execute(),
    db.selectFrom("agency").select(["id", "parent_id", "unit_id"]).execute(),
    db.selectFrom("service_point").select(["id", "unit_id", "agency_id"]).execute(),
  ]);
  return {
    unitParent: new Map(units.map((u) => [u.id, u.parent_id])),
    agencyParent: new Map(agencies.map((a) => [a.id, a.parent_id])),
    agencyUnit: new Map(agencies.map((a) => [a.id, a.unit_id])),
    servicePoint: new Map(points.map((p) => [p.id, { unitId: p.unit_id, agencyId: p.agency_id }])),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Use case: log in with username or e-mail; throttled per account and address together (THROTTLE). */
export async function login(
  db: Db,
  input: { login: string; password: string; ip: string; userAgent?: string | null },
  opts: { delay?: (ms: number) => Promise<void> } = {},
): Promise<{ token: string; user: SessionUser }> {
  const typed = input.login.trim().toLowerCase();
  const user = await db
    .selectFrom("app_user")
    .selectAll()
    .where((eb) => eb.or([eb(eb.fn("lower", ["username"]), "=", typed), eb(eb.fn("lower", ["email"]), "=", typed)]))
    .executeTakeFirst();
  // One count per account, whichever of its names is typed; unknown names count as typed.
  const key = user ? `user:${user.id}` : typed;
  const windowStart = new Date(Date.now() - THROTTLE.windowMinutes * 60_000).toISOString();
  const unlocked = user ? await lastUnlock(db, user.id) : null;
  const since = unlocked && unlocked > windowStart ? unlocked : windowStart;
  // The attempt is written before it is checked and counted with the others, so concurrent
  // guesses cannot all read the same old count: at most the limit of them reach the hash.
  const now = new Date().toISOString();
  const attempt = await db.insertInto("login_attempt").values({ username_key: key, ip: input.ip, at: now, success: 0 }).returning("id").executeTakeFirstOrThrow();
  const failures = (q: { key?: string; ip?: string; from?: string }) => {
    let sel = db.selectFrom("login_attempt").select((eb) => eb.fn.countAll<number>().as("c")).where("success", "=", 0).where("at", ">=", q.from ?? since).where("id", "<=", attempt.id);
    if (q.key !== undefined) sel = sel.where("username_key", "=", q.key);
    if (q.ip !== undefined) sel = sel.where("ip", "=", q.ip);
    return sel.executeTakeFirstOrThrow().then((r) => Number(r.c));
  };
  const [pair, byIp, byAccount] = await Promise.all([
    failures({ key, ip: input.ip }),
    // The address's own failures count from the window's start, whatever account an admin unlocked.
    failures({ ip: input.ip, from: windowStart }),
    failures({ key }),
  ]);
  // Counts include this attempt.
  if (pair > THROTTLE.lockPairAfter || byIp > THROTTLE.lockIpAfter) {
    throw new InputError(
      "too_many_attempts",
      `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${THROTTLE.windowMinutes} phút hoặc liên hệ quản trị viên để mở khóa.`,
      {},
      429,
    );
  }
  const earlier = byAccount - 1;
  if (earlier >= THROTTLE.slowAfter) await (opts.delay ?? sleep)(Math.min(THROTTLE.maxDelayMs, 500 * 2 ** (earlier - THROTTLE.slowAfter)));

  // Verify against a dummy hash when the user is unknown, so timing does not tell who exists.
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    if (user && ok && !user.active) throw new InputError("account_disabled", "Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên.", {}, 403);
    throw new InputError("bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.", { password: "Kiểm tra lại tên đăng nhập và mật khẩu." }, 401);
  }
  const secret = token();
  await db.transaction().execute(async (trx) => {
    // This attempt's outcome.
    await trx.updateTable("login_attempt").set({ success: 1 }).where("id", "=", attempt.id).execute();
    await trx.insertInto("user_session").values({
      id: sha256(secret), user_id: user.id, created_at: now, last_seen_at: now,
      expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString(), revoked_at: null,
      ip: input.ip, user_agent: input.userAgent?.slice(0, 300) ?? null,
    }).execute();
  });
  return { token: secret, user: await sessionUser(db, user.id) };
}

async function lastUnlock(db: Db, userId: number): Promise<string | null> {
  const r = await db.selectFrom("audit_log").select("at").where("action", "=", "user.unlock").where("entity", "=", "user").where("entity_id", "=", String(userId))
    .orderBy("at", "desc").limit(1).executeTakeFirst();
  return r?.at ?? null;
}

/** Whether an account has failed logins counted against it now (for the admin's user page). */
export async function loginFailures(db: Db, userId: number): Promise<number> {
  const windowStart = new Date(Date.now() - THROTTLE.windowMinutes * 60_000).toISOString();
  const unlocked = await lastUnlock(db, userId);
  const since = unlocked && unlocked > windowStart ? unlocked : windowStart;
  const r = await db.selectFrom("login_attempt").select((eb) => eb.fn.countAll<number>().as("c"))
    .where("username_key", "=", `user:${userId}`).where("success", "=", 0).where("at", ">=", since).executeTakeFirstOrThrow();
  return Number(r.c);
}

/** Use case (admin): unlock an account's logins; the count starts afresh from this audited event. */
export async function unlockLogin(db: Db, userId: number, actor: { userId: number | null; ip?: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const u = await trx.selectFrom("app_user").select(["id", "username"]).where("id", "=", userId).executeTakeFirst();
    if (!u) throw new InputError("not_found", "Không tìm thấy người dùng.", {}, 404);
    await audit(trx, { userId: actor.userId, action: "user.unlock", entity: "user", entityId: userId, after: { username: u.username }, ip: actor.ip });
  });
}
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$" + Buffer.alloc(64).toString("base64url");

async function sessionUser(db: Db | Tx, userId: number): Promise<SessionUser> {
  const u = await db.selectFrom("app_user").select(["id", "username", "display_name", "email", "is_demo"]).where("id", "=", userId).executeTakeFirstOrThrow();
  return { id: u.id, username: u.username, displayName: u.display_name, email: u.email, isDemo: !!u.is_demo, grants: await loadGrants(db, u.id) };
}

/** The user behind a session cookie's token, or null (expired, revoked, disabled, unknown). */
export async function userFromSession(db: Db, secret: string): Promise<SessionUser | null> {
  const s = await db
    .selectFrom("user_session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    .select(["s.id", "s.user_id", "s.expires_at", "s.revoked_at", "s.last_seen_at", "u.active"])
    .where("s.id", "=", sha256(secret))
    .executeTakeFirst();
  const now = Date.now();
  if (!s || s.revoked_at || !s.active || Date.parse(s.expires_at) <= now) return null;
  if (now - Date.parse(s.last_seen_at) > 5 * 60_000) {
    await db.updateTable("user_session").set({ last_seen_at: new Date(now).toISOString() }).where("id", "=", s.id).execute();
  }
  return sessionUser(db, s.user_id);
}

export async function logout(db: Db, secret: string): Promise<void> {
  await db.updateTable("user_session").set({ revoked_at: new Date().toISOString() }).where("id", "=", sha256(secret)).where("revoked_at", "is", null).execute();
}

export async function revokeSessions(trx: Tx, userId: number): Promise<void> {
  await trx.updateTable("user_session").set({ revoked_at: new Date().toISOString() }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
}

export function checkPasswordStrength(password: string): string | null {
  if (password.length < 10) return "Mật khẩu phải có ít nhất 10 ký tự.";
  if (password.length > 200) return "Mật khẩu quá dài (tối đa 200 ký tự).";
  if (!/[A-Za-zÀ-ỹ]/.test(password) || !/\d/.test(password)) return "Mật khẩu phải có cả chữ và số.";
  return null;
}

/** Use case: change one's own password; every session of that user ends. */
export async function changePassword(db: Db, userId: number, current: string, next: string, ip: string | null): Promise<void> {
  const u = await db.selectFrom("app_user").select(["password_hash"]).where("id", "=", userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, u.password_hash))) throw new InputError("bad_credentials", "Mật khẩu hiện tại không đúng.", { current: "Mật khẩu hiện tại không đúng." }, 400);
  const weak = checkPasswordStrength(next);
  if (weak) throw new InputError("weak_password", weak, { next: weak }, 400);
  const hash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("app_user").set({ password_hash: hash, password_changed_at: new Date().toISOString() }).where("id", "=", userId).execute();
    await revokeSessions(trx, userId);
    await audit(trx, { userId, action: "password.change", entity: "user", entityId: userId, ip });
  });
}

interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  password: string;
  isDemo?: boolean;
  grants: Array<{ role: Role; unitId?: number | null; agencyId?: number | null; servicePointId?: number | null }>;
}

/** Use case: create a user with role grants (audited). */
export async function createUser(db: Db, u: NewUser, actor: { userId: number | null; ip?: string | null }): Promise<number> {
  const weak = checkPasswordStrength(u.password);
  if (weak) throw new InputError("weak_password", weak, { password: weak }, 400);
  const hash = await hashPassword(u.password);
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom("app_user").select("id")
      .where((eb) => eb.or([eb("username", "=", u.username), ...(u.email ? [eb("email", "=", u.email)] : [])]))
      .executeTakeFirst();
    if (exists) throw new InputError("duplicate", "Tên đăng nhập hoặc email đã được dùng.", { username: "Tên đăng nhập hoặc email đã được dùng." }, 409);
    const r = await trx.insertInto("app_user").values({
      username: u.username, display_name: u.displayName, email: u.email ?? null, password_hash: hash, is_demo: u.isDemo ? 1 : 0, created_at: now,
    }).returning("id").executeTakeFirstOrThrow();
    for (const g of u.grants) {
      await trx.insertInto("role_grant").values({
        user_id: r.id, role: g.role, unit_id: g.unitId ?? null, agency_id: g.agencyId ?? null, service_point_id: g.servicePointId ?? null, created_at: now,
      }).execute();
    }
    await audit(trx, { userId: actor.userId, action: "user.create", entity: "user", entityId: r.id, after: { username: u.username, displayName: u.displayName, email: u.email ?? null, grants: u.grants }, ip: actor.ip });
    return r.id;
  });
}

const TOKEN_PREFIX = "hl_";

/** Use case: a personal access token; the plain token is returned once and stored hashed. */
export async function createApiToken(
  db: Db,
  userId: number,
  opts: { name: string; permissions: Permission[]; days?: number },
  actor: { userId: number | null; ip?: string | null },
): Promise<{ id: number; token: string; expiresAt: string }> {
  const user = await sessionUser(db, userId);
  const own = permissionsOf(user.grants);
  const bad = opts.permissions.filter((p) => !PERMISSIONS.includes(p) || !own.has(p));
  if (opts.permissions.length === 0 || bad.length) {
    throw new InputError("invalid_input", `Quyền không hợp lệ hoặc người dùng không có: ${bad.join(", ") || "(trống)"}.`, { permissions: "Chỉ chọn trong các quyền mà chủ token đang có." }, 400);
  }
  const secret = `${TOKEN_PREFIX}${token(6)}_${token(24)}`;
  const expiresAt = new Date(Date.now() + (opts.days ?? 90) * 86400_000).toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const r = await trx.insertInto("api_token").values({
      user_id: userId, name: opts.name, token_hash: sha256(secret), prefix: secret.slice(0, 11), permissions: JSON.stringify(opts.permissions),
      expires_at: expiresAt, revoked_at: null, created_at: new Date().toISOString(), last_used_at: null,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(trx, { userId: actor.userId, action: "token.create", entity: "api_token", entityId: r.id, after: { userId, name: opts.name, permissions: opts.permissions, expiresAt }, ip: actor.ip });
    return r.id;
  });
  return { id, token: secret, expiresAt };
}

/** The user behind a bearer token, limited to the token's permissions; null when not valid. */
export async function userFromToken(db: Db, secret: string): Promise<SessionUser | null> {
  const t = await db
    .selectFrom("api_token as t")
    .innerJoin("app_user as u", "u.id", "t.user_id")
    .select(["t.id", "t.user_id", "t.permissions", "t.expires_at", "t.revoked_at", "t.last_used_at", "u.active"])
    .where("t.token_hash", "=", sha256(secret))
    .executeTakeFirst();
  if (!t || t.revoked_at || !t.active || Date.parse(t.expires_at) <= Date.now()) return null;
  if (!t.last_used_at || Date.now() - Date.parse(t.last_used_at) > 60_000) {
    await db.updateTable("api_token").set({ last_used_at: new Date().toISOString() }).where("id", "=", t.id).execute();
  }
  const user = await sessionUser(db, t.user_id);
  return { ...user, tokenPermissions: JSON.parse(t.permissions) as Permission[] };
}

export async function revokeApiToken(db: Db, tokenId: number, actor: { userId: number | null; ip?: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("api_token").select(["id", "name", "user_id", "revoked_at"]).where("id", "=", tokenId).executeTakeFirst();
    if (!before) throw new InputError("not_found", "Không tìm thấy token.", {}, 404);
    const at = new Date().toISOString();
    await trx.updateTable("api_token").set({ revoked_at: at }).where("id", "=", tokenId).execute();
    await audit(trx, { userId: actor.userId, action: "token.revoke", entity: "api_token", entityId: tokenId, before, after: { ...before, revoked_at: at }, ip: actor.ip });
  });
}
