// Stores responses, their answers and their rollups in bulk (one multi-row statement a table).
import type { AnswerValue, TreeNode } from "../../domain/index-tree";
import { localDay } from "../../domain/periods";
import { randomUUID } from "node:crypto";
import { reachesClosedMonth, ROLLUP_EPOCH_KEY } from "../../domain/closed-months";
import { responseContribution, type NodeDelta, type QuestionDelta, type QuestionTypes } from "../../domain/rollup";
import type { Channel } from "../../domain/channels";
import { type Tx, type BulkSpec, bulkInsert, bulkInsertAll } from "../../platform/db.server";
import { linkRoundResponses, type RoundLink } from "./round-rollups.server";


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
 * Orders rollup rows by their first `width` columns (the key: period, point, channel, code and, for
 * questions, the answer value). Every writer upserts rollup rows in this one order, so two app
 * processes writing the same rows at once (PostgreSQL) wait for each other instead of
 * deadlocking: in arrival order they did, and each deadlock cost a second (issue 18).
 */
function byKey(width: number) {
  return (a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): number => {
    for (let i = 0; i < width; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return 0;
  };
}

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

  /**
   * Writes the sums (in the caller's transaction) and empties the batch. A batch that reaches a
   * month before the current one bumps the rollup epoch in the same transaction, so that what
   * readers keep of closed months is read again (app/domain/closed-months.ts).
   */
  async apply(trx: Tx, now = new Date()): Promise<void> {
    if (this.groups.size === 0) return;
    if (reachesClosedMonth([...this.groups.values()].map((g) => g.day), now)) await bumpRollupEpoch(trx);
    // Rows in the order of the BulkSpec columns; the period (day or month) first.
    const rows = (periodLength: 10 | 7 | 4) => {
      if (periodLength === 10) return this.dayRows();
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
      return { q: [...q.values()].sort(byKey(5)), n: [...n.values()].sort(byKey(4)) };
    };
    // The same increments by day, by month (a quarter reads 3 rows per key) and by year (a
    // year's figures read one row per key instead of 365).
    const parts: Array<{ spec: BulkSpec; rows: ReadonlyArray<ReadonlyArray<unknown>> }> = [];
    for (const [length, q, n] of [[10, Q_DAY, N_DAY], [7, Q_MONTH, N_MONTH], [4, Q_YEAR, N_YEAR]] as const) {
      const r = rows(length);
      parts.push({ spec: q, rows: r.q }, { spec: n, rows: r.n });
    }
    await bulkInsertAll(trx, parts);
    this.groups.clear();
  }

  /** The day rows: a group is one day, point and channel already, so its sums are the rows. */
  private dayRows() {
    const q: Array<[string, number, string, string, number, number]> = [];
    const n: Array<[string, number, string, string, number, number, number, number]> = [];
    // In key order (groups, then codes, then values sorted), as byKey would sort them, without
    // sorting every row of a large import.
    const groups = [...this.groups.values()].sort((a, b) => byKey(3)([a.day, a.point, a.channel], [b.day, b.point, b.channel]));
    for (const g of groups) {
      for (const code of [...g.q.keys()].sort()) {
        const counts = g.q.get(code)!;
        for (const value of [...counts.keys()].sort((a, b) => a - b)) {
          const count = counts.get(value)!;
          if (count !== 0) q.push([g.day, g.point, g.channel, code, value, count]);
        }
      }
      for (const code of [...g.n.keys()].sort()) {
        const [cn, sum, sumSq, answers] = g.n.get(code)!;
        n.push([g.day, g.point, g.channel, code, cn, sum, sumSq, answers]);
      }
    }
    return { q, n };
  }
}

/**
 * One more write reached a closed month: the rollup epoch (a setting) gets a new value, which is
 * all its readers compare (app/services/indices/closed-months.server.ts).
 */
async function bumpRollupEpoch(trx: Tx): Promise<void> {
  await trx.insertInto("setting").values({ key: ROLLUP_EPOCH_KEY, value: randomUUID() })
    .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ value: eb.ref("excluded.value") }))).execute();
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
  const days = items.map((r) => localDay(r.submittedAt));
  const returned = await bulkInsert<{ id: number; idempotency_key: string }>(trx, hashed ? RESPONSES_HASHED : RESPONSES, items.map((r, i) => [
    r.versionId, r.servicePointId, r.channel, r.procedureField, r.dossierCode, r.respondentKey, r.submittedAt, days[i],
    r.idempotencyKey, r.comment, r.isDemo ? 1 : 0, r.deviceId ?? null, now, ...(hashed ? [r.requestHash ?? null] : []),
  ]));
  for (const row of returned) idByKey.set(row.idempotency_key, Number(row.id));
  const ids: number[] = [];
  for (const [i, r] of items.entries()) {
    const id = idByKey.get(r.idempotencyKey)!;
    ids.push(id);
    const qids = questionIds.get(r.versionId)!;
    for (const [code, value] of Object.entries(r.answers)) {
      answerRows.push([id, qids.get(code)!, value]);
    }
    deltas.push({ day: days[i], servicePointId: r.servicePointId, channel: r.channel, ...responseContribution(tree, r.answers, 1, types?.get(r.versionId)) });
    for (const [code, text] of Object.entries(r.texts ?? {})) textRows.push({ response_id: id, question_id: qids.get(code)!, text });
  }
  await bulkInsert(trx, ANSWERS, answerRows);
  if (textRows.length) await trx.insertInto("answer_text").values(textRows).execute();
  if (rollups) rollups.add(deltas);
  else await applyRollups(trx, deltas);
  await linkRoundResponses(trx, items, ids, deltas);
  return ids;
}
