import { type Db, isUniqueViolation } from "../../platform/db.server";
import { localDay } from "../../domain/periods";
import { outOfService } from "../../domain/lineage";
import { fieldErrors, responseInput } from "../../schemas/response";
import { InputError } from "../../platform/errors";
import { currentVersion, loadIndex, type PublishedVersion } from "./questionnaires.server";
import { createFeedback, keyReused, requestFingerprint } from "../feedback/feedback.server";
import { flagIfSuspicious, type FlagReason } from "./flags.server";
import { rawRows } from "../../platform/raw-sql.server";
import type { RoundLink } from "./round-rollups.server";
import { checkAnswers, splitAnswers, questionTypes, questionIdMap, questionSpec } from "./answers.server";
import { groupCommit } from "./group-commit.server";
import type { NewResponse } from "./response-store.server";

export interface SubmitResult {
  id: number;
  replay: boolean;
  /** Why it was flagged (kept, left out of the indices); empty when it counts. */
  flags?: FlagReason[];
  /** Kiosk follow-up after a low rating: the feedback item's tracking code (issue 17). */
  trackingCode?: string;
}

/**
 * What a kiosk response after a rating of 1 or 2 says as feedback, or null (plain path: no work).
 * The reasons must be those of the low-rated questions' data; the text names the questions' reasons.
 */
export function kioskFollowUp(
  v: PublishedVersion,
  values: Record<string, number | null>,
  comment: string | null,
  followUp: { reasons: string[]; wantsReply: boolean; phone: string | null } | null,
): { text: string; phone: string | null } | null {
  const low = v.questions.filter((q) => q.type === "likert5" && values[q.code] !== null && values[q.code] !== undefined && (values[q.code] as number) <= 2);
  if (low.length === 0) return null;
  const offered = new Set(low.flatMap((q) => (questionSpec(v, q.code).reasons ?? []).map((r) => r.label)));
  const reasons = [...new Set(followUp?.reasons ?? [])].filter((r) => offered.has(r));
  const phone = followUp?.wantsReply ? followUp.phone : null;
  if (!comment && reasons.length === 0 && !phone) return null;
  const parts: string[] = [];
  if (reasons.length) parts.push(`Lý do đánh giá thấp: ${reasons.join("; ")}.`);
  if (comment) parts.push(comment);
  if (phone) parts.push("Người dân đề nghị được trả lời qua điện thoại.");
  let text = parts.join("\n");
  // The feedback form's minimum length: a very short note still says where it comes from.
  if (text.length < 10) text = `Ý kiến tại kiosk: ${text}`;
  return { text: text.slice(0, 5000), phone };
}

/** Use case: a citizen's response from a kiosk, a phone or an API client; a replay is stored once. */
/** What the write path needs of a service point: whether it takes responses, and on which days. */
export interface ServicePointCheck {
  id: number;
  active: number;
  valid_from: string | null;
  valid_to: string | null;
}

export async function submitResponse(
  db: Db,
  body: unknown,
  now = new Date(),
  opts: {
    deviceId?: number | null; round?: RoundLink; point?: ServicePointCheck;
    /** false only to write at a schema before migration 0018 (migration tests): no fingerprint kept or checked. */
    keyFingerprint?: boolean;
  } = {},
): Promise<SubmitResult> {
  const parsed = responseInput.safeParse(body);
  if (!parsed.success) {
    throw new InputError("invalid_input", "Phiếu trả lời chưa hợp lệ, vui lòng kiểm tra các trường được nêu.", fieldErrors(parsed.error), 422);
  }
  const input = parsed.data;

  // The hot path's lookups are fixed SQL texts (rawRows): building them cost more than running them.
  // A replay carries the same content; the same key with another body is refused (409), not acknowledged.
  const requestHash = opts.keyFingerprint === false ? null : requestFingerprint({ ...input, idempotencyKey: null });
  const [existing] = requestHash
    ? await rawRows<{ id: number; request_hash: string | null }>(db, "select id, request_hash from response where idempotency_key = ?", [input.idempotencyKey])
    : await rawRows<{ id: number; request_hash: null }>(db, "select id, null as request_hash from response where idempotency_key = ?", [input.idempotencyKey]);
  if (existing) {
    if (existing.request_hash && existing.request_hash !== requestHash) throw keyReused();
    return { id: existing.id, replay: true };
  }

  const version = await currentVersion(db, input.questionnaire);
  const fields: Record<string, string> = {};
  if (!version) fields.questionnaire = `Không tìm thấy bảng hỏi "${input.questionnaire}" đang phát hành.`;
  // A kiosk's device check has already read its service point (the one the submission names).
  const [point] = opts.point ? [opts.point] : await rawRows<ServicePointCheck>(db, "select id, active, valid_from, valid_to from service_point where code = ?", [input.servicePoint]);
  if (!point || !point.active) fields.servicePoint = `Không tìm thấy điểm phục vụ "${input.servicePoint}".`;
  if (input.procedureField) {
    const pf = await db.selectFrom("procedure_field").select("id").where("code", "=", input.procedureField).executeTakeFirst();
    if (!pf) fields.procedureField = `Không có lĩnh vực thủ tục "${input.procedureField}".`;
  }
  let submittedAt = now.toISOString();
  if (input.submittedAt) {
    const t = Date.parse(input.submittedAt);
    if (t > now.getTime() + 5 * 60_000) fields.submittedAt = "Thời điểm gửi không được ở tương lai.";
    else if (t < Date.UTC(2015, 0, 1)) fields.submittedAt = "Thời điểm gửi quá cũ (trước năm 2015).";
    else submittedAt = new Date(t).toISOString();
  }
  // A response is dated within its service point's time in service (docs/decisions/0012).
  const closed = point && point.active ? outOfService(input.servicePoint, point.valid_from, point.valid_to, localDay(submittedAt)) : null;
  if (closed && !fields.submittedAt) fields.submittedAt = closed;
  if (version) {
    Object.assign(fields, checkAnswers(version, input.answers));
    if (!version.channels.includes(input.channel)) {
      fields.channel = `Bảng hỏi ${version.code} không dùng cho kênh "${input.channel}" (dùng cho: ${version.channels.join(", ")}).`;
    }
  }
  if (Object.keys(fields).length > 0) {
    throw new InputError("invalid_input", "Phiếu trả lời chưa hợp lệ, vui lòng kiểm tra các trường được nêu.", fields, 422);
  }
  const v = version!;
  const dossierCode = input.dossierCode ?? null;
  if (dossierCode) {
    const dup = await db
      .selectFrom("response as r")
      .innerJoin("questionnaire_version as qv", "qv.id", "r.version_id")
      .select("r.id")
      .where("qv.questionnaire_id", "=", v.questionnaireId)
      .where("r.dossier_code", "=", dossierCode)
      .executeTakeFirst();
    if (dup) throw alreadyAnswered();
  }
  const { tree } = await loadIndex(db, v.indexCode);
  try {
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    const split = splitAnswers(input.answers);
    const types = questionTypes(v);
    let trackingCode: string | null = null;
    // Group commit: written with the submissions that arrived meanwhile, acknowledged after commit.
    const item: NewResponse = {
      versionId: v.id,
      servicePointId: point!.id,
      channel: input.channel,
      procedureField: input.procedureField ?? null,
      dossierCode,
      respondentKey: null,
      submittedAt,
      idempotencyKey: input.idempotencyKey,
      requestHash,
      comment,
      deviceId: opts.deviceId ?? null,
      answers: split.values,
      texts: split.texts,
      round: opts.round ?? null,
    };
    const [id, flags] = await groupCommit(db, async (trx, ids) => {
      // Too fast, too many from one device, or a dossier answered twice: kept, flagged, left out.
      const flags = await flagIfSuspicious(trx, tree, {
        id: ids[0], deviceId: opts.deviceId ?? null, dossierCode, submittedAt, servicePointId: point!.id, channel: input.channel,
        answers: split.values, types: types.get(v.id),
      }, now);
      // A kiosk comment, reasons or a reply request left with a low rating (1 or 2) is feedback: route it to
      // the desk's agency, with the contact details, in this same transaction (issue 17).
      const follow = input.channel === "kiosk" ? kioskFollowUp(v, split.values, comment, input.followUp ?? null) : null;
      if (follow) {
        const fb = await createFeedback(trx, {
          kind: "phan_anh", topic: input.procedureField ?? null, unit: null, servicePoint: input.servicePoint, text: follow.text,
          contactName: null, contactPhone: follow.phone, contactEmail: null, consentPublish: false, place: null, idempotencyKey: `kiosk:${input.idempotencyKey}`,
        }, { channel: "kiosk", responseId: ids[0], now });
        trackingCode = fb.trackingCode;
      }
      return [ids[0], flags] as const;
    }, { tree, questionIds: questionIdMap(v), types, items: [item] });
    return { id, replay: false, flags, ...(trackingCode ? { trackingCode } : {}) };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // A concurrent retry won the race: answer with the stored id.
    const again = requestHash
      ? await db.selectFrom("response").select(["id", "request_hash"]).where("idempotency_key", "=", input.idempotencyKey).executeTakeFirst()
      : await db.selectFrom("response").select(["id", (eb) => eb.val<string | null>(null).as("request_hash")]).where("idempotency_key", "=", input.idempotencyKey).executeTakeFirst();
    if (again && again.request_hash && again.request_hash !== requestHash) throw keyReused();
    if (again) return { id: again.id, replay: true };
    throw alreadyAnswered();
  }
}

export function alreadyAnswered(): InputError {
  return new InputError(
    "already_answered",
    "Hồ sơ này đã được đánh giá rồi. Cảm ơn Ông/Bà đã dành thời gian góp ý!",
    { dossierCode: "Mỗi hồ sơ chỉ được đánh giá một lần." },
    409,
  );
}
