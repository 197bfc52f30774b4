import type { Db, Tx } from "../../platform/db.server";
import { audit } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { applyRollups } from "./response-store.server";
import { moveRoundContribution, storedContribution } from "./round-rollups.server";

interface ExclusionResult {
  id: number;
  excluded: boolean;
  /** False when the response already was in the requested state (nothing changed). */
  changed: boolean;
}

/**
 * Flips response.excluded and moves the response's contribution out of (sign −1) or back into
 * (sign +1) the daily rollups, with an audit row, in one transaction. Idempotent.
 */
async function setExcluded(db: Db, responseId: number, exclude: boolean, reason: string | null, actorUserId: number | null): Promise<ExclusionResult> {
  return db.transaction().execute((trx) => setExcludedIn(trx, responseId, exclude, reason, actorUserId));
}

/** The same within the caller's transaction (a withdrawn import batch excludes all its responses at once). */
export async function setExcludedIn(trx: Tx, responseId: number, exclude: boolean, reason: string | null, actorUserId: number | null): Promise<ExclusionResult> {
  {
    const r = await trx
      .selectFrom("response as r")
      .innerJoin("questionnaire_version as v", "v.id", "r.version_id")
      .innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
      .select(["r.id", "r.excluded", "r.local_day", "r.service_point_id", "r.channel", "q.index_code"])
      .where("r.id", "=", responseId)
      .executeTakeFirst();
    if (!r) throw new InputError("not_found", "Không tìm thấy phiếu trả lời.", { responseId: `Không có phiếu số ${responseId}.` }, 404);
    if ((r.excluded === 1) === exclude) return { id: r.id, excluded: exclude, changed: false };
    // Mark first: a concurrent call that loses the race then sees no change to make.
    const upd = await trx.updateTable("response").set({ excluded: exclude ? 1 : 0 })
      .where("id", "=", r.id).where("excluded", "=", exclude ? 0 : 1).executeTakeFirst();
    if (Number(upd.numUpdatedRows) === 0) return { id: r.id, excluded: exclude, changed: false };
    // designer: each answer is taken back by its question's type.
    const contribution = await storedContribution(trx, r.id, r.index_code, exclude ? -1 : 1);
    await applyRollups(trx, [{ day: r.local_day, servicePointId: r.service_point_id, channel: r.channel, ...contribution }]);
    // rounds: and out of (or back into) its round's rollups.
    await moveRoundContribution(trx, { id: r.id, servicePointId: r.service_point_id, day: r.local_day }, contribution);
    await audit(trx, {
      userId: actorUserId, action: exclude ? "response.exclude" : "response.include", entity: "response", entityId: r.id,
      before: { excluded: !exclude }, after: { excluded: exclude, reason },
    });
    return { id: r.id, excluded: exclude, changed: true };
  }
}

/** Use case: leave a response out of every index (e.g. a proven fake), with a reason. */
export function excludeResponse(db: Db, responseId: number, reason: string, actorUserId: number | null): Promise<ExclusionResult> {
  if (!reason.trim()) throw new InputError("invalid_input", "Cần nêu lý do loại phiếu.", { reason: "Vui lòng nhập lý do loại phiếu khỏi chỉ số." }, 422);
  return setExcluded(db, responseId, true, reason.trim(), actorUserId);
}

/** Use case: count an excluded response again. */
export function includeResponse(db: Db, responseId: number, reason: string | null, actorUserId: number | null): Promise<ExclusionResult> {
  return setExcluded(db, responseId, false, reason?.trim() || null, actorUserId);
}
