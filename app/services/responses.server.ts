import { sql, type Transaction } from "kysely";
import type { Db } from "../../db/client.server";
import type { DB } from "../../db/schema";
import type { AnswerValue, TreeNode } from "../domain/index-tree";
import { localDay } from "../domain/periods";
import { responseContribution, type NodeDelta, type QuestionDelta, type QuestionTypes } from "../domain/rollup";
import { checkAnswer, parseSpec } from "../domain/question-types";
import { fieldErrors, responseInput, type Channel } from "../schemas/response";
import { InputError } from "./errors";
import { currentVersion, loadIndex, type PublishedVersion } from "./questionnaires.server";
import { createFeedback } from "./feedback.server";

export type Tx = Transaction<DB> | Db;

export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === "SQLITE_CONSTRAINT_UNIQUE" || err?.code === "SQLITE_CONSTRAINT_PRIMARYKEY" || err?.code === "23505";
}

/** A response ready to store: validated, resolved to ids. */
export interface NewResponse {
  versionId: number;
  servicePointId: number;
  channel: Channel;
  procedureField: string | null;
  dossierCode: string | null;
  respondentKey: string | null;
  submittedAt: string;
  idempotencyKey: string;
  comment: string | null;
  isDemo?: boolean;
  /** question code → value */
  answers: Record<string, AnswerValue | number>;
  /** designer: free-text answers, question code → text (their `answers` value is null). */
  texts?: Record<string, string>;
}

interface RollupKeyed {
  day: string;
  servicePointId: number;
  channel: string;
}

/** Sums rollup deltas by key and applies them with one upsert per key. */
export async function applyRollups(
  trx: Tx,
  items: Array<RollupKeyed & { questions: QuestionDelta[]; nodes: NodeDelta[] }>,
): Promise<void> {
  const q = new Map<string, { day: string; service_point_id: number; channel: string; question_code: string; value: number; count: number }>();
  const n = new Map<string, { day: string; service_point_id: number; channel: string; node_code: string; n: number; sum: number; sum_sq: number; answers: number }>();
  for (const it of items) {
    for (const d of it.questions) {
      const k = `${it.day}|${it.servicePointId}|${it.channel}|${d.questionCode}|${d.value}`;
      const row = q.get(k);
      if (row) row.count += d.count;
      else q.set(k, { day: it.day, service_point_id: it.servicePointId, channel: it.channel, question_code: d.questionCode, value: d.value, count: d.count });
    }
    for (const d of it.nodes) {
      const k = `${it.day}|${it.servicePointId}|${it.channel}|${d.nodeCode}`;
      const row = n.get(k);
      if (row) {
        row.n += d.n; row.sum += d.sum; row.sum_sq += d.sumSq; row.answers += d.answers;
      } else {
        n.set(k, { day: it.day, service_point_id: it.servicePointId, channel: it.channel, node_code: d.nodeCode, n: d.n, sum: d.sum, sum_sq: d.sumSq, answers: d.answers });
      }
    }
  }
  const chunk = <T,>(xs: T[], size: number) => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, i * size + size));
  for (const rows of chunk([...q.values()], 1000)) {
    await trx
      .insertInto("rollup_question_day")
      .values(rows)
      .onConflict((oc) =>
        oc.columns(["day", "service_point_id", "channel", "question_code", "value"]).doUpdateSet({
          count: sql`rollup_question_day.count + excluded.count`,
        }),
      )
      .execute();
  }
  for (const rows of chunk([...n.values()], 1000)) {
    await trx
      .insertInto("rollup_node_day")
      .values(rows)
      .onConflict((oc) =>
        oc.columns(["day", "service_point_id", "channel", "node_code"]).doUpdateSet({
          n: sql`rollup_node_day.n + excluded.n`,
          sum: sql`rollup_node_day.sum + excluded.sum`,
          sum_sq: sql`rollup_node_day.sum_sq + excluded.sum_sq`,
          answers: sql`rollup_node_day.answers + excluded.answers`,
        }),
      )
      .execute();
  }
  // The same increments by month: a year's figures read 12 rows per key instead of 365.
  const qm = new Map<string, { month: string; service_point_id: number; channel: string; question_code: string; value: number; count: number }>();
  for (const r of q.values()) {
    const month = r.day.slice(0, 7);
    const k = `${month}|${r.service_point_id}|${r.channel}|${r.question_code}|${r.value}`;
    const row = qm.get(k);
    if (row) row.count += r.count;
    else qm.set(k, { month, service_point_id: r.service_point_id, channel: r.channel, question_code: r.question_code, value: r.value, count: r.count });
  }
  const nm = new Map<string, { month: string; service_point_id: number; channel: string; node_code: string; n: number; sum: number; sum_sq: number; answers: number }>();
  for (const r of n.values()) {
    const month = r.day.slice(0, 7);
    const k = `${month}|${r.service_point_id}|${r.channel}|${r.node_code}`;
    const row = nm.get(k);
    if (row) {
      row.n += r.n; row.sum += r.sum; row.sum_sq += r.sum_sq; row.answers += r.answers;
    } else nm.set(k, { month, service_point_id: r.service_point_id, channel: r.channel, node_code: r.node_code, n: r.n, sum: r.sum, sum_sq: r.sum_sq, answers: r.answers });
  }
  for (const rows of chunk([...qm.values()], 1000)) {
    await trx
      .insertInto("rollup_question_month")
      .values(rows)
      .onConflict((oc) =>
        oc.columns(["month", "service_point_id", "channel", "question_code", "value"]).doUpdateSet({
          count: sql`rollup_question_month.count + excluded.count`,
        }),
      )
      .execute();
  }
  for (const rows of chunk([...nm.values()], 1000)) {
    await trx
      .insertInto("rollup_node_month")
      .values(rows)
      .onConflict((oc) =>
        oc.columns(["month", "service_point_id", "channel", "node_code"]).doUpdateSet({
          n: sql`rollup_node_month.n + excluded.n`,
          sum: sql`rollup_node_month.sum + excluded.sum`,
          sum_sq: sql`rollup_node_month.sum_sq + excluded.sum_sq`,
          answers: sql`rollup_node_month.answers + excluded.answers`,
        }),
      )
      .execute();
  }
}

/**
 * Stores responses, their answers and their rollups. Call inside a transaction: the caller's
 * use case is the unit of work.
 */
export async function insertResponses(
  trx: Tx,
  tree: TreeNode,
  questionIds: Map<number, Map<string, number>>,
  items: NewResponse[],
  /* designer: question types per version id; without them every answer is on the 1–5 scale. */
  types?: Map<number, QuestionTypes>,
): Promise<number[]> {
  const now = new Date().toISOString();
  const rollups: Array<RollupKeyed & { questions: QuestionDelta[]; nodes: NodeDelta[] }> = [];
  const answerRows: Array<{ response_id: number; question_id: number; value: number | null }> = [];
  const textRows: Array<{ response_id: number; question_id: number; text: string }> = [];
  const idByKey = new Map<string, number>();
  // Multi-row inserts; ids are matched back by idempotency key (RETURNING order is not promised).
  for (let i = 0; i < items.length; i += 200) {
    const batch = items.slice(i, i + 200);
    const rows = await trx
      .insertInto("response")
      .values(
        batch.map((r) => ({
          version_id: r.versionId,
          service_point_id: r.servicePointId,
          channel: r.channel,
          procedure_field: r.procedureField,
          dossier_code: r.dossierCode,
          respondent_key: r.respondentKey,
          submitted_at: r.submittedAt,
          local_day: localDay(r.submittedAt),
          idempotency_key: r.idempotencyKey,
          comment: r.comment,
          is_demo: r.isDemo ? 1 : 0,
          created_at: now,
        })),
      )
      .returning(["id", "idempotency_key"])
      .execute();
    for (const row of rows) idByKey.set(row.idempotency_key, row.id);
  }
  const ids: number[] = [];
  for (const r of items) {
    const id = idByKey.get(r.idempotencyKey)!;
    ids.push(id);
    const qids = questionIds.get(r.versionId)!;
    for (const [code, value] of Object.entries(r.answers)) {
      answerRows.push({ response_id: id, question_id: qids.get(code)!, value });
    }
    rollups.push({ day: localDay(r.submittedAt), servicePointId: r.servicePointId, channel: r.channel, ...responseContribution(tree, r.answers, 1, types?.get(r.versionId)) });
    for (const [code, text] of Object.entries(r.texts ?? {})) textRows.push({ response_id: id, question_id: qids.get(code)!, text });
  }
  if (textRows.length) await trx.insertInto("answer_text").values(textRows).execute();
  for (let i = 0; i < answerRows.length; i += 1000) {
    await trx.insertInto("answer").values(answerRows.slice(i, i + 1000)).execute();
  }
  await applyRollups(trx, rollups);
  return ids;
}

/** Checks answers against a version's questions (and, designer, each question's type); returns field errors (empty when fine). */
export function checkAnswers(version: PublishedVersion, answers: Record<string, unknown>): Record<string, string> {
  const byCode = new Map(version.questions.map((q) => [q.code, q]));
  const errors: Record<string, string> = {};
  for (const [code, value] of Object.entries(answers)) {
    const q = byCode.get(code);
    if (!q) errors[`answers.${code}`] = `Câu hỏi "${code}" không có trong bảng hỏi ${version.code} (phiên bản ${version.version}).`;
    else {
      const msg = checkAnswer(q.type, value, parseSpec(q.spec));
      if (msg) errors[`answers.${code}`] = msg;
    }
  }
  return errors;
}

/** designer: the question types of a version, for its rollups. */
export function questionTypes(version: PublishedVersion): Map<number, QuestionTypes> {
  return new Map([[version.id, new Map(version.questions.map((q) => [q.code, { type: q.type, spec: parseSpec(q.spec) }]))]]);
}

/** designer: splits posted answers into stored values and free texts. */
export function splitAnswers(answers: Record<string, number | string | null>): { values: Record<string, number | null>; texts: Record<string, string> } {
  const values: Record<string, number | null> = {};
  const texts: Record<string, string> = {};
  for (const [code, v] of Object.entries(answers)) {
    if (typeof v === "string") {
      values[code] = null;
      if (v.trim()) texts[code] = v.trim();
    } else values[code] = v;
  }
  return { values, texts };
}

export function questionIdMap(version: PublishedVersion): Map<number, Map<string, number>> {
  return new Map([[version.id, new Map(version.questions.map((q) => [q.code, q.id]))]]);
}

export interface SubmitResult {
  id: number;
  replay: boolean;
}

/** Use case: a citizen's response from a kiosk, a phone or an API client; a replay is stored once. */
export async function submitResponse(db: Db, body: unknown, now = new Date()): Promise<SubmitResult> {
  const parsed = responseInput.safeParse(body);
  if (!parsed.success) {
    throw new InputError("invalid_input", "Phiếu trả lời chưa hợp lệ, vui lòng kiểm tra các trường được nêu.", fieldErrors(parsed.error), 422);
  }
  const input = parsed.data;

  const existing = await db.selectFrom("response").select("id").where("idempotency_key", "=", input.idempotencyKey).executeTakeFirst();
  if (existing) return { id: existing.id, replay: true };

  const version = await currentVersion(db, input.questionnaire);
  const fields: Record<string, string> = {};
  if (!version) fields.questionnaire = `Không tìm thấy bảng hỏi "${input.questionnaire}" đang phát hành.`;
  const point = await db.selectFrom("service_point").select(["id", "active"]).where("code", "=", input.servicePoint).executeTakeFirst();
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
    const [id] = await db.transaction().execute(async (trx) => {
      const ids = await insertResponses(trx, tree, questionIdMap(v), [
        {
          versionId: v.id,
          servicePointId: point!.id,
          channel: input.channel,
          procedureField: input.procedureField ?? null,
          dossierCode,
          respondentKey: null,
          submittedAt,
          idempotencyKey: input.idempotencyKey,
          comment,
          answers: split.values,
          texts: split.texts,
        },
      ], questionTypes(v));
      // A kiosk comment left with a low rating (1 or 2) is feedback: route it to the desk's agency.
      if (input.channel === "kiosk" && comment && Object.entries(split.values).some(([c, a]) => a !== null && a <= 2 && v.questions.some((q) => q.code === c && q.type === "likert5"))) {
        await createFeedback(trx, {
          kind: "phan_anh", topic: input.procedureField ?? null, unit: null, servicePoint: input.servicePoint, text: comment,
          contactName: null, contactPhone: null, contactEmail: null, consentPublish: false, idempotencyKey: `kiosk:${input.idempotencyKey}`,
        }, { channel: "kiosk", responseId: ids[0], now });
      }
      return ids;
    });
    return { id, replay: false };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // A concurrent retry won the race: answer with the stored id.
    const again = await db.selectFrom("response").select("id").where("idempotency_key", "=", input.idempotencyKey).executeTakeFirst();
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
