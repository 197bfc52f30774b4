// A recomputation of the index figures straight from the raw `answer` table (excluded responses left
// out), to check what the dashboards read from the rollups. Shared by the rollup and dashboard tests.
import type { Db } from "../../db/client.server";
import { nodeInterval, wilson } from "../../app/domain/scoring";

export interface Expected { value: number | null; n: number; ciLow: number | null; ciHigh: number | null }

export interface RecomputeScope {
  /** A unit code: its whole subtree. */
  unit?: string;
  /** Or some service point codes. */
  points?: string[];
  /** Only these months (1–12) of the year. */
  months?: number[];
}

/** Every node's and criterion's figure for a scope, channel ("all" or one) and year. */
export type AnswerRows = Awaited<ReturnType<typeof loadAnswerRows>>;

/** Every answer with its response, question and desk (load once, pass to recompute many times). */
export function loadAnswerRows(db: Db) {
  return db
    .selectFrom("answer as a")
    .innerJoin("response as r", "r.id", "a.response_id")
    .innerJoin("question as q", "q.id", "a.question_id")
    .innerJoin("service_point as sp", "sp.id", "r.service_point_id")
    .select(["r.id as rid", "r.channel", "r.local_day", "r.excluded", "sp.unit_id", "sp.code as point", "q.code", "q.node_code", "a.value"])
    .execute();
}

export async function recompute(db: Db, scope: string | RecomputeScope, channel: string, year: number, answerRows?: AnswerRows): Promise<Map<string, Expected>> {
  const s: RecomputeScope = typeof scope === "string" ? { unit: scope } : scope;
  const units = await db.selectFrom("admin_unit").select(["id", "code", "parent_id"]).execute();
  const inScope = new Set<number>();
  if (s.unit) {
    inScope.add(units.find((u) => u.code === s.unit)!.id);
    for (let grew = true; grew;) {
      grew = false;
      for (const u of units) if (u.parent_id !== null && inScope.has(u.parent_id) && !inScope.has(u.id)) { inScope.add(u.id); grew = true; }
    }
  }
  const rows = answerRows ?? (await loadAnswerRows(db));
  const picked = rows.filter((r) =>
    r.excluded === 0 &&
    (s.points ? s.points.includes(r.point) : inScope.has(r.unit_id)) &&
    r.local_day.startsWith(`${year}-`) &&
    (!s.months || s.months.includes(Number(r.local_day.slice(5, 7)))) &&
    (channel === "all" || r.channel === channel));
  const out = new Map<string, Expected>();
  // Criteria: satisfied (4–5) ÷ applicable (1–5).
  const perQuestion = new Map<string, { node: string; sat: number; tot: number }>();
  // Per respondent, per node: satisfied flags of applicable answers.
  const perResp = new Map<number, Map<string, number[]>>();
  for (const r of picked) {
    const q = perQuestion.get(r.code) ?? { node: r.node_code, sat: 0, tot: 0 };
    perQuestion.set(r.code, q);
    if (r.value === null) continue;
    q.tot += 1;
    if (r.value >= 4) q.sat += 1;
    const m = perResp.get(r.rid) ?? new Map<string, number[]>();
    perResp.set(r.rid, m);
    const xs = m.get(r.node_code) ?? [];
    xs.push(r.value >= 4 ? 1 : 0);
    m.set(r.node_code, xs);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const subRates = new Map<string, number[]>();
  for (const [code, q] of perQuestion) {
    if (q.tot === 0) continue;
    const v = q.sat / q.tot;
    const ci = wilson(v, q.tot)!;
    out.set(code, { value: v, n: q.tot, ciLow: ci.low, ciHigh: ci.high });
    subRates.set(q.node, [...(subRates.get(q.node) ?? []), v]);
  }
  const respondentSums = (scores: Array<{ s: number; a: number }>) => ({
    n: scores.length, sum: scores.reduce((x, y) => x + y.s, 0), sumSq: scores.reduce((x, y) => x + y.s * y.s, 0), answers: scores.reduce((x, y) => x + y.a, 0),
  });
  const subValues: number[] = [];
  const rootScores: Array<{ s: number; a: number }> = [];
  for (const [node, rates] of subRates) {
    const v = mean(rates);
    subValues.push(v);
    // A respondent's sub-index score: mean over the node's questions he answered (0/1 each).
    const scores: Array<{ s: number; a: number }> = [];
    for (const m of perResp.values()) { const xs = m.get(node); if (xs) scores.push({ s: mean(xs), a: xs.length }); }
    const ci = nodeInterval(v, respondentSums(scores))!;
    out.set(node, { value: v, n: scores.length, ciLow: ci.low, ciHigh: ci.high });
  }
  for (const m of perResp.values()) {
    const subs = [...m.values()].map(mean);
    rootScores.push({ s: mean(subs), a: [...m.values()].reduce((a, xs) => a + xs.length, 0) });
  }
  if (subValues.length > 0) {
    const v = mean(subValues);
    const ci = nodeInterval(v, respondentSums(rootScores))!;
    out.set("SIPAS", { value: v, n: rootScores.length, ciLow: ci.low, ciHigh: ci.high });
  } else out.set("SIPAS", { value: null, n: 0, ciLow: null, ciHigh: null });
  return out;
}

