import type { Db, Tx } from "../../platform/db.server";
import type { AnswerValue, TreeNode } from "../../domain/index-tree";
import { localDay } from "../../domain/periods";
import { responseContribution, type QuestionTypes } from "../../domain/rollup";
import { InputError } from "../../platform/errors";
import { applyRollups } from "./response-store.server";
import { moveRoundContribution } from "./round-rollups.server";
import { setExcludedIn } from "./exclusion.server";

export type FlagReason = "too_fast" | "too_many" | "dossier_repeat";

export const FLAG_LABELS: Record<FlagReason, string> = {
  too_fast: "Gửi quá sát phiếu trước từ cùng thiết bị",
  too_many: "Quá nhiều phiếu trong một phút từ cùng thiết bị",
  dossier_repeat: "Nhiều phiếu cho cùng một mã hồ sơ",
};

interface FlagSettings {
  /** Two responses from one device closer than this are suspicious (0 = off). */
  minIntervalSeconds: number;
  /** More than this many responses from one device within a minute are suspicious (0 = off). */
  maxPerMinute: number;
}

/** env KIOSK_MIN_INTERVAL_SECONDS (default 5) and KIOSK_MAX_PER_MINUTE (default 6). */
function flagSettings(): FlagSettings {
  const num = (v: string | undefined, d: number) => (v !== undefined && v.trim() !== "" && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : d);
  return { minIntervalSeconds: num(process.env.KIOSK_MIN_INTERVAL_SECONDS, 5), maxPerMinute: num(process.env.KIOSK_MAX_PER_MINUTE, 6) };
}

interface Stored {
  id: number;
  deviceId: number | null;
  dossierCode: string | null;
  submittedAt: string;
  servicePointId: number;
  channel: string;
  answers: Record<string, AnswerValue | number>;
  /** The version's question types (designer), so the reversal matches what was added. */
  types?: QuestionTypes;
}

/**
 * Why a just-stored response looks abusive (empty when it does not). Reads within the transaction,
 * and only responses stored before it (a lower id): a group commit inserts its whole group first,
 * and a response must not be flagged for one that came after it in the same group.
 */
async function flagReasons(trx: Tx, r: Stored, s: FlagSettings = flagSettings()): Promise<{ reasons: FlagReason[]; detail: string[] }> {
  const reasons: FlagReason[] = [];
  const detail: string[] = [];
  const t = Date.parse(r.submittedAt);
  if (r.deviceId !== null) {
    if (s.minIntervalSeconds > 0) {
      const near = await trx.selectFrom("response").select("id")
        .where("device_id", "=", r.deviceId).where("id", "<", r.id)
        .where("submitted_at", ">", new Date(t - s.minIntervalSeconds * 1000).toISOString())
        .where("submitted_at", "<=", r.submittedAt)
        .executeTakeFirst();
      if (near) {
        reasons.push("too_fast");
        detail.push(`dưới ${s.minIntervalSeconds} giây sau phiếu #${near.id}`);
      }
    }
    if (s.maxPerMinute > 0) {
      const c = await trx.selectFrom("response").select((eb) => eb.fn.countAll<number>().as("c"))
        .where("device_id", "=", r.deviceId).where("id", "<=", r.id)
        .where("submitted_at", ">", new Date(t - 60_000).toISOString())
        .where("submitted_at", "<=", r.submittedAt)
        .executeTakeFirstOrThrow();
      if (Number(c.c) > s.maxPerMinute) {
        reasons.push("too_many");
        detail.push(`${Number(c.c)} phiếu trong 60 giây (ngưỡng ${s.maxPerMinute})`);
      }
    }
  }
  if (r.dossierCode) {
    const other = await trx.selectFrom("response").select("id").where("dossier_code", "=", r.dossierCode).where("id", "<", r.id).executeTakeFirst();
    if (other) {
      reasons.push("dossier_repeat");
      detail.push(`hồ sơ ${r.dossierCode} đã có phiếu #${other.id}`);
    }
  }
  return { reasons, detail };
}

/**
 * Flags a just-inserted response when it looks abusive: a flag row with the reasons, the response
 * kept but excluded, its rollup contribution taken back out, all in the caller's transaction.
 */
export async function flagIfSuspicious(trx: Tx, tree: TreeNode, r: Stored, now = new Date()): Promise<FlagReason[]> {
  const { reasons, detail } = await flagReasons(trx, r);
  if (!reasons.length) return reasons;
  await trx.insertInto("response_flag").values({ response_id: r.id, reasons: reasons.join(","), detail: detail.join("; "), flagged_at: now.toISOString() }).execute();
  await trx.updateTable("response").set({ excluded: 1 }).where("id", "=", r.id).execute();
  const back = responseContribution(tree, r.answers, -1, r.types);
  await applyRollups(trx, [{ day: localDay(r.submittedAt), servicePointId: r.servicePointId, channel: r.channel, ...back }]);
  await moveRoundContribution(trx, { id: r.id, servicePointId: r.servicePointId, day: localDay(r.submittedAt) }, back);
  return reasons;
}

interface FlaggedRow {
  responseId: number;
  reasons: FlagReason[];
  detail: string | null;
  flaggedAt: string;
  submittedAt: string;
  excluded: boolean;
  channel: string;
  dossierCode: string | null;
  pointCode: string;
  pointName: string;
  deviceName: string | null;
  reviewedAt: string | null;
}

/** The coordinator's list: newest first, optionally only those still excluded. */
export async function listFlagged(db: Db, opts: { state?: "excluded" | "included" | "all"; limit?: number } = {}): Promise<FlaggedRow[]> {
  let q = db
    .selectFrom("response_flag as f")
    .innerJoin("response as r", "r.id", "f.response_id")
    .innerJoin("service_point as sp", "sp.id", "r.service_point_id")
    .leftJoin("kiosk_device as d", "d.id", "r.device_id")
    .select(["f.response_id", "f.reasons", "f.detail", "f.flagged_at", "f.reviewed_at", "r.submitted_at", "r.excluded", "r.channel", "r.dossier_code", "sp.code as point_code", "sp.name as point_name", "d.name as device_name"]);
  if (opts.state === "excluded") q = q.where("r.excluded", "=", 1);
  if (opts.state === "included") q = q.where("r.excluded", "=", 0);
  const rows = await q.orderBy("f.id", "desc").limit(opts.limit ?? 200).execute();
  return rows.map((x) => ({
    responseId: x.response_id, reasons: x.reasons.split(",") as FlagReason[], detail: x.detail, flaggedAt: x.flagged_at, submittedAt: x.submitted_at,
    excluded: x.excluded === 1, channel: x.channel, dossierCode: x.dossier_code, pointCode: x.point_code, pointName: x.point_name, deviceName: x.device_name, reviewedAt: x.reviewed_at,
  }));
}

/** Use case (coordinator): count a flagged response again, or leave it out again; audited by the exclusion service. */
export async function reviewFlagged(db: Db, responseId: number, include: boolean, actor: { userId: number }) {
  // One transaction: the exclusion (or inclusion) and the review mark land together or not at all.
  return db.transaction().execute(async (trx) => {
    const flag = await trx.selectFrom("response_flag").select(["id", "reasons"]).where("response_id", "=", responseId).executeTakeFirst();
    if (!flag) throw new InputError("not_found", "Không tìm thấy phiếu gắn cờ.", { responseId: `Phiếu số ${responseId} không bị gắn cờ.` }, 404);
    const r = include
      ? await setExcludedIn(trx, responseId, false, `Phiếu gắn cờ (${flag.reasons}) được tính lại sau khi xem xét`, actor.userId)
      : await setExcludedIn(trx, responseId, true, `Phiếu gắn cờ (${flag.reasons}) bị loại lại`, actor.userId);
    await trx.updateTable("response_flag").set({ reviewed_at: new Date().toISOString(), reviewed_by: actor.userId }).where("id", "=", flag.id).execute();
    return r;
  });
}
