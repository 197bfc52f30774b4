import { CompiledQuery, type Transaction } from "kysely";
import type { Db } from "../../db/client.server";
import type { DB } from "../../db/schema";
import type { AnswerValue, TreeNode } from "../domain/index-tree";
import { localDay } from "../domain/periods";
import { outOfService } from "../domain/lineage";
import { responseContribution, type NodeDelta, type QuestionDelta, type QuestionTypes } from "../domain/rollup";
import { checkAnswer, parseSpec } from "../domain/question-types";
import { fieldErrors, responseInput, type Channel } from "../schemas/response";
import { InputError } from "./errors";
import { currentVersion, loadIndex, type PublishedVersion } from "./questionnaires.server";
import { createFeedback, keyReused, requestFingerprint } from "./feedback.server";
import { flagIfSuspicious, type FlagReason } from "./flags.server";
import { isPostgres, rawRows } from "./raw-sql.server";
import { linkRoundResponses, type RoundLink } from "./round-rollups.server";

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
  /** The fingerprint of the submission the key stands for (HTTP submissions). */
  requestHash?: string | null;
  comment: string | null;
  isDemo?: boolean;
  /** The trusted kiosk device that sent it (kiosk channel over HTTP). */
  deviceId?: number | null;
  /** question code → value */
  answers: Record<string, AnswerValue | number>;
  /** designer: free-text answers, question code → text (their `answers` value is null). */
  texts?: Record<string, string>;
  /** rounds: the survey round it was entered for (linked and rolled up by round in the same transaction). */
  round?: RoundLink | null;
}

interface RollupKeyed {
  day: string;
  servicePointId: number;
  channel: string;
}

/**
 * A multi-row INSERT (… ON CONFLICT … DO UPDATE) as SQL text built once per table, row count and
 * dialect, and run as a raw compiled query: no query building per call, and on SQLite the prepared
 * statement is reused (db/client.server.ts). Rows go in chunks of CHUNK so that big batches (the
 * paper import, the bench loader) reuse one text. Works on SQLite and PostgreSQL alike.
 */
interface BulkSpec {
  table: string;
  columns: readonly string[];
  /** Conflict target and the columns to add up on conflict (an upsert); none: a plain insert. */
  conflict?: readonly string[];
  add?: readonly string[];
  /** Columns returned (PostgreSQL and SQLite ≥ 3.35 both have RETURNING). */
  returning?: readonly string[];
}
const CHUNK = 256;
const bulkText = new Map<string, string>();
function bulkSql(spec: BulkSpec, rows: number, pg: boolean): string {
  const key = `${spec.table}|${spec.columns.length}|${rows}|${pg ? "pg" : "sqlite"}`;
  let text = bulkText.get(key);
  if (text) return text;
  let p = 0;
  const tuple = () => `(${spec.columns.map(() => (pg ? `$${++p}` : "?")).join(", ")})`;
  const values = Array.from({ length: rows }, tuple).join(", ");
  text = `insert into ${spec.table} (${spec.columns.join(", ")}) values ${values}`;
  if (spec.conflict) {
    text += ` on conflict (${spec.conflict.join(", ")}) do update set ${spec.add!.map((c) => `${c} = ${spec.table}.${c} + excluded.${c}`).join(", ")}`;
  }
  if (spec.returning) text += ` returning ${spec.returning.join(", ")}`;
  bulkText.set(key, text);
  return text;
}
async function bulkInsert<T = unknown>(trx: Tx, spec: BulkSpec, rows: ReadonlyArray<ReadonlyArray<unknown>>): Promise<T[]> {
  const pg = isPostgres(trx);
  const out: T[] = [];
  for (let i = 0; i < rows.length; ) {
    // Chunks of CHUNK rows, then powers of two (37 rows: 32 + 4 + 1): at most 9 statement texts per
    // table, so the prepared-statement cache stays small whatever the group sizes are.
    const left = rows.length - i;
    const size = left >= CHUNK ? CHUNK : 2 ** Math.floor(Math.log2(left));
    const part = rows.slice(i, (i += size));
    const r = await trx.executeQuery<T>(CompiledQuery.raw(bulkSql(spec, part.length, pg), part.flat()));
    if (spec.returning) out.push(...r.rows);
  }
  return out;
}
const Q_DAY: BulkSpec = { table: "rollup_question_day", columns: ["day", "service_point_id", "channel", "question_code", "value", "count"], conflict: ["day", "service_point_id", "channel", "question_code", "value"], add: ["count"] };
const N_DAY: BulkSpec = { table: "rollup_node_day", columns: ["day", "service_point_id", "channel", "node_code", "n", "sum", "sum_sq", "answers"], conflict: ["day", "service_point_id", "channel", "node_code"], add: ["n", "sum", "sum_sq", "answers"] };
const Q_MONTH: BulkSpec = { ...Q_DAY, table: "rollup_question_month", columns: ["month", ...Q_DAY.columns.slice(1)], conflict: ["month", ...Q_DAY.conflict!.slice(1)] };
const N_MONTH: BulkSpec = { ...N_DAY, table: "rollup_node_month", columns: ["month", ...N_DAY.columns.slice(1)], conflict: ["month", ...N_DAY.conflict!.slice(1)] };
const Q_YEAR: BulkSpec = { ...Q_DAY, table: "rollup_question_year", columns: ["year", ...Q_DAY.columns.slice(1)], conflict: ["year", ...Q_DAY.conflict!.slice(1)] };
const N_YEAR: BulkSpec = { ...N_DAY, table: "rollup_node_year", columns: ["year", ...N_DAY.columns.slice(1)], conflict: ["year", ...N_DAY.conflict!.slice(1)] };
const ANSWERS: BulkSpec = { table: "answer", columns: ["response_id", "question_id", "value"] };
const RESPONSES: BulkSpec = {
  table: "response",
  columns: ["version_id", "service_point_id", "channel", "procedure_field", "dossier_code", "respondent_key", "submitted_at", "local_day", "idempotency_key", "comment", "is_demo", "device_id", "created_at"],
  returning: ["id", "idempotency_key"],
};
/** HTTP submissions also store the fingerprint their idempotency key stands for (imports have none). */
const RESPONSES_HASHED: BulkSpec = { ...RESPONSES, columns: [...RESPONSES.columns, "request_hash"] };

type RollupItem = RollupKeyed & { questions: QuestionDelta[]; nodes: NodeDelta[] };

/**
 * Rollup increments summed by key, per day, month and year, in memory; `apply` writes one upsert per
 * key. A bulk job (the paper import) keeps one batch for its whole transaction, so a file of many
 * rows on few days and points writes few rollup rows.
 */
export class RollupBatch {
  /**
   * day|point|channel → sums; per question a map answer value → count (0 = not applicable, 1–5,
   * or a typed question's scored value ≥ 1000, see docs/decisions/0006-question-types.md).
   */
  private groups = new Map<string, { day: string; point: number; channel: string; q: Map<string, Map<number, number>>; n: Map<string, number[]> }>();

  add(items: RollupItem[]): this {
    for (const it of items) {
      const key = `${it.day}|${it.servicePointId}|${it.channel}`;
      let g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { day: it.day, point: it.servicePointId, channel: it.channel, q: new Map(), n: new Map() }));
      for (const d of it.questions) {
        let counts = g.q.get(d.questionCode);
        if (!counts) g.q.set(d.questionCode, (counts = new Map()));
        counts.set(d.value, (counts.get(d.value) ?? 0) + d.count);
      }
      for (const d of it.nodes) {
        const sums = g.n.get(d.nodeCode);
        if (sums) {
          sums[0] += d.n; sums[1] += d.sum; sums[2] += d.sumSq; sums[3] += d.answers;
        } else g.n.set(d.nodeCode, [d.n, d.sum, d.sumSq, d.answers]);
      }
    }
    return this;
  }

  /** Writes the sums (in the caller's transaction) and empties the batch. */
  async apply(trx: Tx): Promise<void> {
    // Rows in the order of the BulkSpec columns; the period (day or month) first.
    const rows = (periodLength: 10 | 7 | 4) => {
      const q = new Map<string, [string, number, string, string, number, number]>();
      const n = new Map<string, [string, number, string, string, number, number, number, number]>();
      for (const g of this.groups.values()) {
        const period = g.day.slice(0, periodLength);
        const prefix = `${period}|${g.point}|${g.channel}|`;
        for (const [code, counts] of g.q) {
          counts.forEach((count, value) => {
            if (count === 0) return;
            const k = `${prefix}${code}|${value}`;
            const row = q.get(k);
            if (row) row[5] += count;
            else q.set(k, [period, g.point, g.channel, code, value, count]);
          });
        }
        for (const [code, [cn, sum, sumSq, answers]] of g.n) {
          const k = prefix + code;
          const row = n.get(k);
          if (row) {
            row[4] += cn; row[5] += sum; row[6] += sumSq; row[7] += answers;
          } else n.set(k, [period, g.point, g.channel, code, cn, sum, sumSq, answers]);
        }
      }
      return { q: [...q.values()], n: [...n.values()] };
    };
    // The same increments by day, by month (a quarter reads 3 rows per key) and by year (a
    // year's figures read one row per key instead of 365).
    for (const [length, q, n] of [[10, Q_DAY, N_DAY], [7, Q_MONTH, N_MONTH], [4, Q_YEAR, N_YEAR]] as const) {
      const r = rows(length);
      await bulkInsert(trx, q, r.q);
      await bulkInsert(trx, n, r.n);
    }
    this.groups.clear();
  }
}

/** Sums rollup deltas by key (per day, month and year) and applies them with one upsert per key. */
export async function applyRollups(trx: Tx, items: RollupItem[]): Promise<void> {
  await new RollupBatch().add(items).apply(trx);
}

/**
 * Stores responses, their answers and their rollups. Call inside a transaction: the caller's
 * use case is the unit of work. With `rollups`, the rollup increments are added to that batch and
 * the caller applies it before its transaction commits.
 */
export async function insertResponses(
  trx: Tx,
  tree: TreeNode,
  questionIds: Map<number, Map<string, number>>,
  items: NewResponse[],
  rollups?: RollupBatch,
  /* designer: question types per version id; without them every answer is on the 1–5 scale. */
  types?: Map<number, QuestionTypes>,
): Promise<number[]> {
  const now = new Date().toISOString();
  const deltas: RollupItem[] = [];
  const answerRows: Array<[number, number, number | null]> = [];
  const textRows: Array<{ response_id: number; question_id: number; text: string }> = [];
  const idByKey = new Map<string, number>();
  // Multi-row inserts; ids are matched back by idempotency key (RETURNING order is not promised).
  const hashed = items.some((r) => r.requestHash);
  const returned = await bulkInsert<{ id: number; idempotency_key: string }>(trx, hashed ? RESPONSES_HASHED : RESPONSES, items.map((r) => [
    r.versionId, r.servicePointId, r.channel, r.procedureField, r.dossierCode, r.respondentKey, r.submittedAt, localDay(r.submittedAt),
    r.idempotencyKey, r.comment, r.isDemo ? 1 : 0, r.deviceId ?? null, now, ...(hashed ? [r.requestHash ?? null] : []),
  ]));
  for (const row of returned) idByKey.set(row.idempotency_key, Number(row.id));
  const ids: number[] = [];
  for (const r of items) {
    const id = idByKey.get(r.idempotencyKey)!;
    ids.push(id);
    const qids = questionIds.get(r.versionId)!;
    for (const [code, value] of Object.entries(r.answers)) {
      answerRows.push([id, qids.get(code)!, value]);
    }
    deltas.push({ day: localDay(r.submittedAt), servicePointId: r.servicePointId, channel: r.channel, ...responseContribution(tree, r.answers, 1, types?.get(r.versionId)) });
    for (const [code, text] of Object.entries(r.texts ?? {})) textRows.push({ response_id: id, question_id: qids.get(code)!, text });
  }
  await bulkInsert(trx, ANSWERS, answerRows);
  if (textRows.length) await trx.insertInto("answer_text").values(textRows).execute();
  if (rollups) rollups.add(deltas);
  else await applyRollups(trx, deltas);
  await linkRoundResponses(trx, items, ids, deltas);
  return ids;
}

/** Checks answers against a version's questions (and, designer, each question's type); returns field errors (empty when fine). */
function checkAnswers(version: PublishedVersion, answers: Record<string, unknown>): Record<string, string> {
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
function questionTypes(version: PublishedVersion): Map<number, QuestionTypes> {
  return new Map([[version.id, new Map(version.questions.map((q) => [q.code, { type: q.type, spec: parseSpec(q.spec) }]))]]);
}

/** designer: splits posted answers into stored values and free texts. */
function splitAnswers(answers: Record<string, number | string | null>): { values: Record<string, number | null>; texts: Record<string, string> } {
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

/**
 * Group commit (docs/decisions/0010-group-commit.md). Writes that arrive while a transaction is
 * running wait and are then written together in ONE transaction with one rollup batch, each
 * acknowledged only after that commit. On SQLite the commit (WAL frames of every touched page) and
 * the rollup upserts were most of a submission's cost; in a group they are paid once. If any write
 * of a group fails, the group is rolled back and each write runs again in its own transaction, so
 * only the failing one fails (a replayed idempotency key, a concurrent dossier answer).
 */
type GroupWrite = { run: (trx: Tx, rollups: RollupBatch) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
const GROUP_MAX = 64;

type WriteQueue = { pending: GroupWrite[]; running: boolean };
const writeQueues = new WeakMap<Db, WriteQueue>();

export function groupCommit<T>(db: Db, run: (trx: Tx, rollups: RollupBatch) => Promise<T>): Promise<T> {
  let q = writeQueues.get(db);
  if (!q) writeQueues.set(db, (q = { pending: [], running: false }));
  const queue = q;
  return new Promise<T>((resolve, reject) => {
    queue.pending.push({ run, resolve: resolve as (v: unknown) => void, reject });
    if (!queue.running) {
      // On SQLite every query is synchronous underneath, so a request runs to its write within the
      // I/O callback that read it. Draining on setImmediate (after the poll phase) lets every request
      // read in that phase join the group.
      queue.running = true;
      setImmediate(() => void drainWrites(db, queue));
    }
  });
}

/** One transaction for `group`, or, without one, for the writes pending once it has the connection. */
async function writeTogether(db: Db, q: WriteQueue, group?: GroupWrite[]): Promise<{ group: GroupWrite[]; results?: unknown[]; error?: unknown }> {
  let taken: GroupWrite[] = group ?? [];
  try {
    const results = await db.transaction().execute(async (trx) => {
      // Taken only now: while this transaction waited for the connection, more writes arrived.
      if (!group) taken = q.pending.splice(0, GROUP_MAX);
      const rollups = new RollupBatch();
      const out: unknown[] = [];
      for (const w of taken) out.push(await w.run(trx, rollups));
      await rollups.apply(trx);
      return out;
    });
    return { group: taken, results };
  } catch (error) {
    return { group: taken, error };
  }
}

async function drainWrites(db: Db, q: WriteQueue): Promise<void> {
  q.running = true;
  try {
    while (q.pending.length) {
      const { group, results, error } = await writeTogether(db, q);
      if (results) group.forEach((w, i) => w.resolve(results[i]));
      else if (group.length === 0) for (const w of q.pending.splice(0, GROUP_MAX)) w.reject(error); // no transaction at all
      else if (group.length === 1) group[0].reject(error);
      else {
        // Rolled back: each on its own, so that only the failing one fails.
        for (const w of group) {
          const alone = await writeTogether(db, q, [w]);
          if (alone.results) w.resolve(alone.results[0]);
          else w.reject(alone.error);
        }
      }
    }
  } finally {
    q.running = false;
  }
}

interface SubmitResult {
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
function kioskFollowUp(
  v: PublishedVersion,
  values: Record<string, number | null>,
  comment: string | null,
  followUp: { reasons: string[]; wantsReply: boolean; phone: string | null } | null,
): { text: string; phone: string | null } | null {
  const low = v.questions.filter((q) => q.type === "likert5" && values[q.code] !== null && values[q.code] !== undefined && (values[q.code] as number) <= 2);
  if (low.length === 0) return null;
  const offered = new Set(low.flatMap((q) => (parseSpec(q.spec).reasons ?? []).map((r) => r.label)));
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
    const [id, flags] = await groupCommit(db, async (trx, rollups) => {
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
          requestHash,
          comment,
          deviceId: opts.deviceId ?? null,
          answers: split.values,
          texts: split.texts,
          round: opts.round ?? null,
        },
      ], rollups, types);
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
    });
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

function alreadyAnswered(): InputError {
  return new InputError(
    "already_answered",
    "Hồ sơ này đã được đánh giá rồi. Cảm ơn Ông/Bà đã dành thời gian góp ý!",
    { dossierCode: "Mỗi hồ sơ chỉ được đánh giá một lần." },
    409,
  );
}
