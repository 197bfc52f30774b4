import { stableSum, type Db, type Tx } from "../../platform/db.server";
import type { AnswerValue } from "../../domain/index-tree";
import { localDay } from "../../domain/periods";
import { parseSpec, scoreOfRollupValue } from "../../domain/question-types";
import type { NodeSums, QuestionCounts } from "../../domain/scoring";
import { responseContribution, type NodeDelta, type QuestionDelta } from "../../domain/rollup";
import { cubeCounts } from "../../domain/cube";
import { loadIndex } from "./questionnaires.server";
import { listUnits, subtreeIds } from "../org/reference.server";

/**
 * Rollups keyed by survey round (migration 0014): the same counts and sums as rollup_*_month,
 * per round, quota unit, service point and month, so that a round's figures count only its own
 * responses (docs/decisions/0009-survey-rounds.md). Written in the response's transaction; an
 * exclusion (or a flag) takes the response's contribution back out, counting it again puts it back.
 */

/** A response entered for a round: its round, quota unit and interviewer. */
export interface RoundLink {
  roundId: number;
  unitId: number;
  interviewerId: number;
}

interface RoundContribution {
  roundId: number;
  unitId: number;
  servicePointId: number;
  /** The response's local day (UTC+7); the rollup keeps its month. */
  day: string;
  questions: QuestionDelta[];
  nodes: NodeDelta[];
}

/** Adds contributions (their sign included) to the round rollups, summed per key, one upsert per key. */
async function applyRoundRollups(trx: Tx, items: RoundContribution[]): Promise<void> {
  const q = new Map<string, { round_id: number; unit_id: number; service_point_id: number; month: string; question_code: string; value: number; count: number }>();
  const n = new Map<string, { round_id: number; unit_id: number; service_point_id: number; month: string; node_code: string; n: number; sum: number; sum_sq: number; answers: number }>();
  for (const it of items) {
    const base = { round_id: it.roundId, unit_id: it.unitId, service_point_id: it.servicePointId, month: it.day.slice(0, 7) };
    const prefix = `${it.roundId}|${it.unitId}|${it.servicePointId}|${base.month}|`;
    for (const d of it.questions) {
      const k = `${prefix}${d.questionCode}|${d.value}`;
      const row = q.get(k);
      if (row) row.count += d.count;
      else q.set(k, { ...base, question_code: d.questionCode, value: d.value, count: d.count });
    }
    for (const d of it.nodes) {
      const k = prefix + d.nodeCode;
      const row = n.get(k);
      if (row) { row.n += d.n; row.sum += d.sum; row.sum_sq += d.sumSq; row.answers += d.answers; }
      else n.set(k, { ...base, node_code: d.nodeCode, n: d.n, sum: d.sum, sum_sq: d.sumSq, answers: d.answers });
    }
  }
  const qRows = [...q.values()];
  const nRows = [...n.values()];
  for (let i = 0; i < qRows.length; i += 200) {
    await trx.insertInto("rollup_round_question").values(qRows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(["round_id", "unit_id", "service_point_id", "month", "question_code", "value"])
        .doUpdateSet((eb) => ({ count: eb("rollup_round_question.count", "+", eb.ref("excluded.count")) })))
      .execute();
  }
  for (let i = 0; i < nRows.length; i += 200) {
    await trx.insertInto("rollup_round_node").values(nRows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(["round_id", "unit_id", "service_point_id", "month", "node_code"])
        .doUpdateSet((eb) => ({
          n: eb("rollup_round_node.n", "+", eb.ref("excluded.n")),
          sum: eb("rollup_round_node.sum", "+", eb.ref("excluded.sum")),
          sum_sq: eb("rollup_round_node.sum_sq", "+", eb.ref("excluded.sum_sq")),
          answers: eb("rollup_round_node.answers", "+", eb.ref("excluded.answers")),
        })))
      .execute();
  }
}

/**
 * Insert path (responses.server.ts): links the responses that belong to a round and adds them to
 * the round rollups, in the caller's transaction. `contributions[i]` is what items[i] added to
 * the general rollups. Nothing to do (and no query) when no item belongs to a round.
 */
export async function linkRoundResponses(
  trx: Tx,
  items: ReadonlyArray<{ round?: RoundLink | null; servicePointId: number; submittedAt: string }>,
  ids: number[],
  contributions: ReadonlyArray<{ questions: QuestionDelta[]; nodes: NodeDelta[] }>,
): Promise<void> {
  const links: Array<{ response_id: number; round_id: number; unit_id: number; interviewer_id: number }> = [];
  const adds: RoundContribution[] = [];
  items.forEach((r, i) => {
    if (!r.round) return;
    links.push({ response_id: ids[i], round_id: r.round.roundId, unit_id: r.round.unitId, interviewer_id: r.round.interviewerId });
    adds.push({ roundId: r.round.roundId, unitId: r.round.unitId, servicePointId: r.servicePointId, day: localDay(r.submittedAt), ...contributions[i] });
  });
  if (links.length === 0) return;
  for (let i = 0; i < links.length; i += 200) await trx.insertInto("round_response").values(links.slice(i, i + 200)).execute();
  await applyRoundRollups(trx, adds);
}

/** A stored response's contribution to the rollups (sign +1 adds, −1 takes back), each answer by its question's type. */
export async function storedContribution(trx: Tx, responseId: number, indexCode: string, sign: 1 | -1) {
  const rows = await trx
    .selectFrom("answer as a")
    .innerJoin("question as qu", "qu.id", "a.question_id")
    .select(["qu.code", "a.value", "qu.type", "qu.spec"])
    .where("a.response_id", "=", responseId)
    .execute();
  const types = new Map(rows.map((a) => [a.code, { type: a.type, spec: parseSpec(a.spec) }]));
  const answers: Record<string, AnswerValue> = {};
  for (const a of rows) answers[a.code] = (a.value ?? null) as AnswerValue;
  const { tree } = await loadIndex(trx as unknown as Db, indexCode);
  return responseContribution(tree, answers, sign, types);
}

/** Exclusion, flag: moves a response's contribution (sign inside) in its round's rollups, when it belongs to a round. */
export async function moveRoundContribution(
  trx: Tx,
  r: { id: number; servicePointId: number; day: string },
  contribution: { questions: QuestionDelta[]; nodes: NodeDelta[] },
): Promise<void> {
  const link = await trx.selectFrom("round_response").select(["round_id", "unit_id"]).where("response_id", "=", r.id).executeTakeFirst();
  if (!link) return;
  await applyRoundRollups(trx, [{ roundId: link.round_id, unitId: link.unit_id, servicePointId: r.servicePointId, day: r.day, ...contribution }]);
}

/**
 * Repairs a round response stored without its link (a response from before migration 0014 whose
 * link write was lost): links it and, unless it is excluded, adds it to the round rollups.
 */
export async function linkStoredResponse(db: Db, responseId: number, link: RoundLink): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom("round_response").select("response_id").where("response_id", "=", responseId).executeTakeFirst()) return;
    const r = await trx
      .selectFrom("response as r")
      .innerJoin("questionnaire_version as v", "v.id", "r.version_id")
      .innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
      .select(["r.id", "r.excluded", "r.local_day", "r.service_point_id", "q.index_code"])
      .where("r.id", "=", responseId)
      .executeTakeFirstOrThrow();
    await trx.insertInto("round_response").values({ response_id: r.id, round_id: link.roundId, unit_id: link.unitId, interviewer_id: link.interviewerId }).execute();
    if (r.excluded === 1) return;
    const c = await storedContribution(trx, r.id, r.index_code, 1);
    await applyRoundRollups(trx, [{ roundId: link.roundId, unitId: link.unitId, servicePointId: r.service_point_id, day: r.local_day, ...c }]);
  });
}

export interface RoundCounts {
  questions: Map<string, QuestionCounts>;
  nodes: Map<string, NodeSums>;
}

/** A round's counts per quota unit, from its rollups only (never answers, never other responses). */
export async function loadRoundCounts(db: Db, roundId: number): Promise<Map<number, RoundCounts>> {
  const out = new Map<number, RoundCounts>();
  const of = (unitId: number) => {
    let c = out.get(unitId);
    if (!c) out.set(unitId, (c = { questions: new Map(), nodes: new Map() }));
    return c;
  };
  const qs = await db.selectFrom("rollup_round_question")
    .select((eb) => ["unit_id", "question_code", "value", eb.fn.sum<number>("count").as("c")])
    .where("round_id", "=", roundId).groupBy(["unit_id", "question_code", "value"]).execute();
  for (const r of qs) {
    const count = Number(r.c);
    const qc = of(r.unit_id).questions;
    const c = qc.get(r.question_code) ?? { satisfied: 0, total: 0, notApplicable: 0 };
    const s = scoreOfRollupValue(r.value);
    if (!s.applicable) c.notApplicable += count;
    else { c.total += count; c.satisfied += count * s.score; }
    qc.set(r.question_code, c);
  }
  const ns = await db.selectFrom("rollup_round_node")
    .select((eb) => ["unit_id", "node_code", eb.fn.sum<number>("n").as("n"), stableSum("sum").as("sum"), stableSum("sum_sq").as("sum_sq"), eb.fn.sum<number>("answers").as("answers")])
    .where("round_id", "=", roundId).groupBy(["unit_id", "node_code"]).execute();
  for (const r of ns) of(r.unit_id).nodes.set(r.node_code, { n: Number(r.n), sum: Number(r.sum), sumSq: Number(r.sum_sq), answers: Number(r.answers) });
  return out;
}

/** Sums counts (e.g. the quota units of a round, pooled), as the dashboards sum their buckets. */
export function poolCounts(parts: Iterable<RoundCounts>): RoundCounts {
  return cubeCounts([...parts].map((p) => ({ point: 0, month: "", channel: "", ...p })), () => true);
}

/**
 * Which round a response at a service point on a local day belongs to, for a round given by code:
 * its quota unit (the quota whose subtree holds the point) within the round's dates, else null.
 * Used by the demo loader (the demo's paper interviews of the round's months are the round's).
 */
export async function roundLinker(db: Db, code: string, interviewerUsername: string): Promise<(pointId: number, day: string) => RoundLink | null> {
  const r = await db.selectFrom("survey_round").select(["id", "starts_on", "ends_on"]).where("code", "=", code).executeTakeFirst();
  const interviewer = await db.selectFrom("app_user").select("id").where("username", "=", interviewerUsername).executeTakeFirst();
  if (!r || !interviewer) return () => null;
  const quotas = await db.selectFrom("round_quota").select("unit_id").where("round_id", "=", r.id).execute();
  const [units, points] = await Promise.all([listUnits(db), db.selectFrom("service_point").select(["id", "unit_id"]).execute()]);
  const quotaOf = new Map<number, number>();
  for (const q of quotas) {
    const ids = subtreeIds(units, q.unit_id);
    for (const p of points) if (ids.has(p.unit_id)) quotaOf.set(p.id, q.unit_id);
  }
  return (pointId, day) => {
    const unitId = quotaOf.get(pointId);
    return unitId !== undefined && day >= r.starts_on && day <= r.ends_on ? { roundId: r.id, unitId, interviewerId: interviewer.id } : null;
  };
}
