import type { ServicePointCheck } from "./responses.server";
import crypto from "node:crypto";
import { z } from "zod";
import type { Db } from "../../platform/db.server";
import { audit, sha256 } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { rawRows } from "../../platform/raw-sql.server";

/** How long a pairing code can be used. */
export const PAIRING_MINUTES = 15;
/** No 0/O, 1/I/L: read off a screen and typed on a tablet without mistakes. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const DEVICE_HEADER = "x-device-token";

/** "abcd efgh", "ABCD-EFGH" → "ABCDEFGH". */
function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

function newCode(): string {
  const bytes = crypto.randomBytes(8);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
}

const formatCode = (c: string) => `${c.slice(0, 4)}-${c.slice(4)}`;

const codeInput = z.object({
  servicePoint: z.string().trim().min(1, "Vui lòng chọn điểm phục vụ."),
  name: z.string().trim().min(1, "Vui lòng đặt tên cho thiết bị (ví dụ: Máy tính bảng quầy 1).").max(80, "Tên thiết bị tối đa 80 ký tự."),
});

/** Use case (admin): a one-time code that binds the next tablet to a service point; only its hash is stored. */
export async function createPairingCode(db: Db, body: unknown, actor: { userId: number; ip?: string | null }, now = new Date()) {
  const parsed = codeInput.safeParse(body);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0])] ??= i.message;
    throw new InputError("invalid_input", "Chưa tạo được mã ghép nối, vui lòng kiểm tra các trường được nêu.", fields, 422);
  }
  const point = await db.selectFrom("service_point").select(["id", "code", "name", "active"]).where("code", "=", parsed.data.servicePoint).executeTakeFirst();
  if (!point || !point.active) {
    throw new InputError("invalid_input", "Chưa tạo được mã ghép nối.", { servicePoint: `Không có điểm phục vụ "${parsed.data.servicePoint}" đang hoạt động.` }, 422);
  }
  const code = newCode();
  const expiresAt = new Date(now.getTime() + PAIRING_MINUTES * 60_000).toISOString();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("pairing_code")
      .values({ service_point_id: point.id, code_hash: sha256(code), device_name: parsed.data.name, created_at: now.toISOString(), created_by: actor.userId, expires_at: expiresAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actor.userId, action: "device.pairing_code", entity: "pairing_code", entityId: row.id, after: { servicePoint: point.code, name: parsed.data.name, expiresAt }, ip: actor.ip });
  });
  return { code: formatCode(code), expiresAt, point: { code: point.code, name: point.name }, name: parsed.data.name };
}

/** Use case (tablet): redeem a pairing code for a device token (shown once, stored hashed). */
export async function redeemPairingCode(db: Db, rawCode: string, ip: string | null, now = new Date()) {
  const code = normalizeCode(rawCode);
  const bad = () => new InputError("invalid_code", "Mã ghép nối không đúng hoặc đã hết hạn. Vui lòng xin quản trị viên một mã mới.", { code: "Mã gồm 8 ký tự, ví dụ ABCD-EFGH, dùng trong 15 phút." }, 422);
  if (code.length !== 8) throw bad();
  const token = crypto.randomBytes(32).toString("base64url");
  return db.transaction().execute(async (trx) => {
    const pc = await trx
      .selectFrom("pairing_code as pc")
      .innerJoin("service_point as sp", "sp.id", "pc.service_point_id")
      .select(["pc.id", "pc.service_point_id", "pc.device_name", "pc.expires_at", "pc.used_at", "pc.created_by", "sp.code as point_code", "sp.name as point_name", "sp.name_en as point_name_en"])
      .where("pc.code_hash", "=", sha256(code))
      .executeTakeFirst();
    if (!pc || pc.used_at || pc.expires_at <= now.toISOString()) throw bad();
    // Mark it used first: of two tablets racing with one code, only one gets a token.
    const used = await trx.updateTable("pairing_code").set({ used_at: now.toISOString() }).where("id", "=", pc.id).where("used_at", "is", null).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw bad();
    const device = await trx
      .insertInto("kiosk_device")
      .values({ service_point_id: pc.service_point_id, name: pc.device_name, token_hash: sha256(token), paired_at: now.toISOString(), paired_by: pc.created_by, last_seen_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("pairing_code").set({ device_id: device.id }).where("id", "=", pc.id).execute();
    await audit(trx, { userId: null, action: "device.pair", entity: "kiosk_device", entityId: device.id, after: { servicePoint: pc.point_code, name: pc.device_name, pairingCodeId: pc.id }, ip });
    return { token, device: { id: device.id, name: pc.device_name }, point: { code: pc.point_code, name: pc.point_name, nameEn: pc.point_name_en } };
  });
}

/** The active device a token belongs to (any point), or undefined. On every kiosk submission: fixed SQL. */
export async function deviceByToken(db: Db, token: string | null | undefined) {
  if (!token || token.length < 20 || token.length > 200) return undefined;
  const rows = await rawRows<{ id: number; name: string; service_point_id: number; last_seen_at: string | null; point_code: string; point_name: string; point_active: number; point_from: string | null; point_to: string | null }>(
    db,
    "select d.id, d.name, d.service_point_id, d.last_seen_at, sp.code as point_code, sp.name as point_name, sp.active as point_active, sp.valid_from as point_from, sp.valid_to as point_to from kiosk_device as d inner join service_point as sp on sp.id = d.service_point_id where d.token_hash = ? and d.revoked_at is null",
    [sha256(token)],
  );
  return rows[0];
}

/**
 * A kiosk submission must come from a paired, unrevoked device of the point it claims. Returns
 * the device id and its service point (so the submission need not look the point up again); a
 * refusal is a 403 in Vietnamese.
 */
export async function requireKioskDevice(db: Db, token: string | null, servicePointCode: unknown): Promise<{ deviceId: number; point: ServicePointCheck }> {
  const d = await deviceByToken(db, token);
  if (!d) {
    throw new InputError("device_not_trusted", "Thiết bị kiosk chưa được ghép nối hoặc đã bị thu hồi. Vui lòng nhờ cán bộ nhập mã ghép nối mới.", {}, 403);
  }
  if (d.point_code !== servicePointCode) {
    throw new InputError("device_wrong_point", `Thiết bị này được ghép với điểm phục vụ ${d.point_code}, không gửi phiếu cho điểm khác được.`, { servicePoint: `Thiết bị thuộc điểm ${d.point_code}.` }, 403);
  }
  // last_seen_at at most once a minute per device: no write on the hot path otherwise.
  const stale = new Date(Date.now() - 60_000).toISOString();
  if (!d.last_seen_at || d.last_seen_at < stale) {
    await db.updateTable("kiosk_device").set({ last_seen_at: new Date().toISOString() }).where("id", "=", d.id).execute();
  }
  return { deviceId: d.id, point: { id: d.service_point_id, active: d.point_active, valid_from: d.point_from, valid_to: d.point_to } };
}

/** Use case (admin): a revoked device can no longer send; its past responses stay. */
export async function revokeDevice(db: Db, id: number, actor: { userId: number; ip?: string | null }) {
  return db.transaction().execute(async (trx) => {
    const d = await trx.selectFrom("kiosk_device").select(["id", "name", "revoked_at", "service_point_id"]).where("id", "=", id).executeTakeFirst();
    if (!d) throw new InputError("not_found", "Không tìm thấy thiết bị.", { id: `Không có thiết bị số ${id}.` }, 404);
    if (d.revoked_at) return { changed: false };
    const at = new Date().toISOString();
    await trx.updateTable("kiosk_device").set({ revoked_at: at, revoked_by: actor.userId }).where("id", "=", id).where("revoked_at", "is", null).execute();
    await audit(trx, { userId: actor.userId, action: "device.revoke", entity: "kiosk_device", entityId: id, before: { revokedAt: null }, after: { revokedAt: at, name: d.name }, ip: actor.ip });
    return { changed: true };
  });
}

export async function listDevices(db: Db) {
  const [devices, codes] = await Promise.all([
    db
      .selectFrom("kiosk_device as d")
      .innerJoin("service_point as sp", "sp.id", "d.service_point_id")
      .select(["d.id", "d.name", "d.paired_at", "d.last_seen_at", "d.revoked_at", "sp.code as point_code", "sp.name as point_name"])
      .orderBy("d.revoked_at", "desc")
      .orderBy("d.id", "desc")
      .execute(),
    db
      .selectFrom("pairing_code as pc")
      .innerJoin("service_point as sp", "sp.id", "pc.service_point_id")
      .select(["pc.id", "pc.device_name", "pc.expires_at", "sp.code as point_code", "sp.name as point_name"])
      .where("pc.used_at", "is", null)
      .where("pc.expires_at", ">", new Date().toISOString())
      .orderBy("pc.id", "desc")
      .execute(),
  ]);
  return { devices, codes };
}
