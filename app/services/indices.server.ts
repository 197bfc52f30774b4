import type { Db } from "../../db/client.server";
import type { IndexNodeDef } from "../domain/index-tree";
import { SCORED_BASE } from "../domain/question-types";
import { parPoints, scoreTree, type NodeSums, type QuestionCounts, type ScoredNode } from "../domain/scoring";
import { resolveTarget, targetStatus, type TargetKind, type TargetStatus } from "../domain/targets";
import type { PointsRule } from "../domain/par-points";
import { pointsRule } from "./targets-settings.server";
import { CHANNELS, type Channel } from "../schemas/response";
import { InputError } from "./errors";
import { loadIndex, type IndexDefinition } from "./questionnaires.server";
import { listUnits, subtreeIds, type UnitRow } from "./reference.server";

export interface IndexQuery {
  year: number;
  /** Months within the year (YYYY-MM, inclusive); the whole year when absent. */
  months?: { from: string; to: string } | null;
  unit?: string | null;
  /** An agency (with its sub-agencies) or one service point instead of a unit's subtree. */
  agency?: string | null;
  servicePoint?: string | null;
  channel?: Channel | "all" | null;
  index?: string;
}

export interface TargetView {
  kind: TargetKind;
  value: number | null;
  threshold: number | null;
  baseline: number | null;
  baselineSource: "stated" | "measured";
  pointTarget: number | null;
  scope: string;
  note: string | null;
}

export interface IndexNodeView {
  code: string;
  name: string;
  nameEn: string | null;
  kind: "index" | "node" | "question";
  parCode: string | null;
  value: number | null;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
  previous: number | null;
  target: TargetView | null;
  status: TargetStatus;
  points: number | null;
  maxPoints: number | null;
  children: IndexNodeView[];
}

export interface IndicesResult {
  scope: { unit: string; name: string; level: string; year: number; months: { from: string; to: string }; channel: string; channels: string[]; servicePoints: number };
  nodes: IndexNodeView[];
}

export interface Counts {
  questions: Map<string, QuestionCounts>;
  nodes: Map<string, NodeSums>;
}

export function parseChannel(c: string | null | undefined): Channel | "all" {
  if (!c || c === "all") return "all";
  if ((CHANNELS as readonly string[]).includes(c)) return c as Channel;
  throw new InputError("invalid_input", "Kênh không hợp lệ.", { channel: `Kênh phải là all hoặc một trong: ${CHANNELS.join(", ")}.` }, 400);
}

export function parseYear(y: string | number | null | undefined, fallback: number): number {
  if (y === null || y === undefined || y === "") return fallback;
  const n = Number(y);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) {
    throw new InputError("invalid_input", "Năm không hợp lệ.", { year: "Năm phải là số nguyên từ 2000 đến 2100." }, 400);
  }
  return n;
}

export async function resolveScope(db: Db, unitCode: string | null | undefined): Promise<{ units: UnitRow[]; unit: UnitRow; pointIds: number[] }> {
  const units = await listUnits(db);
  const unit = unitCode ? units.find((u) => u.code === unitCode) : units.find((u) => u.parent_id === null);
  if (!unit) throw new InputError("not_found", "Không tìm thấy đơn vị hành chính.", { unit: `Không có đơn vị "${unitCode}".` }, 404);
  const ids = subtreeIds(units, unit.id);
  const points = await db.selectFrom("service_point").select(["id", "unit_id"]).execute();
  return { units, unit, pointIds: points.filter((p) => ids.has(p.unit_id)).map((p) => p.id) };
}

/**
 * The service points of an agency (and its sub-agencies) or of one service point, with the unit
 * whose targets apply (the agency's or point's unit). Unknown codes are a 404.
 */
export async function resolvePointScope(db: Db, q: { agency?: string | null; servicePoint?: string | null }): Promise<{ units: UnitRow[]; unit: UnitRow; pointIds: number[]; name: string; level: "agency" | "service_point" } | null> {
  if (!q.agency && !q.servicePoint) return null;
  const units = await listUnits(db);
  const root = units.find((u) => u.parent_id === null);
  const points = await db.selectFrom("service_point").select(["id", "code", "name", "unit_id", "agency_id"]).execute();
  if (q.servicePoint) {
    const p = points.find((x) => x.code === q.servicePoint);
    const unit = p ? units.find((u) => u.id === p.unit_id) ?? root : undefined;
    if (!p || !unit) throw new InputError("not_found", "Không tìm thấy điểm phục vụ.", { point: `Không có điểm phục vụ "${q.servicePoint}".` }, 404);
    return { units, unit, pointIds: [p.id], name: p.name, level: "service_point" };
  }
  const agencies = await db.selectFrom("agency").select(["id", "code", "name", "parent_id", "unit_id"]).execute();
  const a = agencies.find((x) => x.code === q.agency);
  const unit = a ? units.find((u) => u.id === a.unit_id) ?? root : undefined;
  if (!a || !unit) throw new InputError("not_found", "Không tìm thấy cơ quan.", { agency: `Không có cơ quan "${q.agency}".` }, 404);
  const ids = new Set<number>([a.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const x of agencies) if (x.parent_id !== null && ids.has(x.parent_id) && !ids.has(x.id)) { ids.add(x.id); grew = true; }
  }
  return { units, unit, pointIds: points.filter((p) => ids.has(p.agency_id)).map((p) => p.id), name: a.name, level: "agency" };
}

/** The months of a query (a whole year unless narrowed), and the same months a year earlier. */
function monthRange(q: IndexQuery, shiftYears = 0): { from: string; to: string } {
  const y = (m: string) => `${Number(m.slice(0, 4)) + shiftYears}${m.slice(4)}`;
  return q.months ? { from: y(q.months.from), to: y(q.months.to) } : { from: `${q.year + shiftYears}-01`, to: `${q.year + shiftYears}-12` };
}

/** Sums the monthly rollups of a range of months (12 rows per key a year). */
export async function loadCounts(db: Db, months: { from: string; to: string }, pointIds: number[], channel: Channel | "all"): Promise<Counts> {
  const counts = emptyCounts();
  for (const rows of (await loadCountsByPoint(db, months, pointIds, channel)).values()) addCounts(counts, rows);
  return counts;
}

/** The rollup rows of a set of points, summed over the months, per service point. */
interface PointRows {
  questions: Array<{ question_code: string; value: number; c: number }>;
  nodes: Array<{ node_code: string; n: number; sum: number; sum_sq: number; answers: number }>;
}

const emptyCounts = (): Counts => ({ questions: new Map(), nodes: new Map() });

/** Adds one point's summed rollup rows into `into`. */
function addCounts(into: Counts, rows: PointRows): void {
  for (const r of rows.questions) {
    const c = into.questions.get(r.question_code) ?? { satisfied: 0, total: 0, notApplicable: 0 };
    const count = Number(r.c);
    if (r.value === 0) c.notApplicable += count;
    else if (r.value >= SCORED_BASE) {
      // designer: non-likert answers are rolled up as SCORED_BASE + score in thousandths.
      c.total += count;
      c.satisfied += (count * (r.value - SCORED_BASE)) / 1000;
    } else {
      c.total += count;
      if (r.value >= 4) c.satisfied += count;
    }
    into.questions.set(r.question_code, c);
  }
  for (const r of rows.nodes) {
    const c = into.nodes.get(r.node_code);
    if (c) {
      c.n += Number(r.n); c.sum += Number(r.sum); c.sumSq += Number(r.sum_sq); c.answers += Number(r.answers);
    } else into.nodes.set(r.node_code, { n: Number(r.n), sum: Number(r.sum), sumSq: Number(r.sum_sq), answers: Number(r.answers) });
  }
}

/**
 * Two grouped queries over the monthly rollups of all the given points, split by point: a scope
 * and all its children (the league table) are summed from one read instead of a read per child.
 */
export async function loadCountsByPoint(db: Db, months: { from: string; to: string }, pointIds: number[], channel: Channel | "all"): Promise<Map<number, PointRows>> {
  const { from, to } = months;
  const byPoint = new Map<number, PointRows>();
  if (pointIds.length === 0) return byPoint;
  const of = (id: number) => {
    let r = byPoint.get(id);
    if (!r) byPoint.set(id, (r = { questions: [], nodes: [] }));
    return r;
  };
  // A whole year reads the yearly rollups (one row per key), any other range the monthly ones.
  const wholeYear = from.slice(0, 4) === to.slice(0, 4) && from.endsWith("-01") && to.endsWith("-12");
  const questions = wholeYear
    ? db.selectFrom("rollup_question_year").select(["service_point_id", "question_code", "value", "count as c"]).where("year", "=", from.slice(0, 4))
        .where("service_point_id", "in", pointIds).$if(channel !== "all", (w) => w.where("channel", "=", channel))
    : db.selectFrom("rollup_question_month").select((eb) => ["service_point_id", "question_code", "value", eb.fn.sum<number>("count").as("c")])
        .where("month", ">=", from).where("month", "<=", to)
        .where("service_point_id", "in", pointIds).$if(channel !== "all", (w) => w.where("channel", "=", channel))
        .groupBy(["service_point_id", "question_code", "value"]);
  const nodes = wholeYear
    ? db.selectFrom("rollup_node_year").select(["service_point_id", "node_code", "n", "sum", "sum_sq", "answers"]).where("year", "=", from.slice(0, 4))
        .where("service_point_id", "in", pointIds).$if(channel !== "all", (w) => w.where("channel", "=", channel))
    : db.selectFrom("rollup_node_month")
        .select((eb) => [
          "service_point_id",
          "node_code",
          eb.fn.sum<number>("n").as("n"),
          eb.fn.sum<number>("sum").as("sum"),
          eb.fn.sum<number>("sum_sq").as("sum_sq"),
          eb.fn.sum<number>("answers").as("answers"),
        ])
        .where("month", ">=", from).where("month", "<=", to)
        .where("service_point_id", "in", pointIds).$if(channel !== "all", (w) => w.where("channel", "=", channel))
        .groupBy(["service_point_id", "node_code"]);
  // Per channel rows of a year are added up by addCounts (they are additive).
  for (const r of await questions.execute()) of(r.service_point_id).questions.push(r);
  for (const r of await nodes.execute()) of(r.service_point_id).nodes.push(r);
  return byPoint;
}

function flatten(node: ScoredNode, into = new Map<string, ScoredNode>()): Map<string, ScoredNode> {
  into.set(node.code, node);
  for (const c of node.children) flatten(c, into);
  return into;
}

/** Targets for the scope: the nearest unit on the way to the root that has one, per node. */
async function loadTargets(db: Db, year: number, units: UnitRow[], unit: UnitRow) {
  const chain: UnitRow[] = [];
  for (let u: UnitRow | undefined = unit; u; u = units.find((x) => x.id === u!.parent_id)) chain.push(u);
  const rows = await db.selectFrom("target").selectAll().where("year", "=", year).where("unit_id", "in", chain.map((u) => u.id)).execute();
  const out = new Map<string, (typeof rows)[number] & { scope: string }>();
  for (const u of chain) {
    for (const r of rows.filter((x) => x.unit_id === u.id)) if (!out.has(r.node_code)) out.set(r.node_code, { ...r, scope: u.code });
  }
  return out;
}

function view(
  scored: ScoredNode,
  index: IndexDefinition,
  defs: Map<string, IndexNodeDef>,
  previous: Map<string, ScoredNode>,
  targets: Awaited<ReturnType<typeof loadTargets>>,
  rule?: PointsRule,
): IndexNodeView {
  const def = defs.get(scored.code);
  const text = index.questionText.get(scored.code);
  const prevValue = previous.get(scored.code)?.value ?? null;
  const t = scored.kind === "question" ? undefined : targets.get(scored.code);
  let target: TargetView | null = null;
  let status: TargetStatus = scored.value === null ? "no_data" : "no_target";
  if (t) {
    const resolved = resolveTarget(
      { kind: t.kind, value: t.value, baselineSource: t.baseline_source, baselineValue: t.baseline_value },
      prevValue,
    );
    target = {
      kind: t.kind, value: t.value, threshold: resolved.threshold, baseline: resolved.baseline,
      baselineSource: t.baseline_source, pointTarget: t.point_target, scope: t.scope, note: t.note,
    };
    status = targetStatus(scored.value, scored.ciLow, scored.ciHigh, resolved);
  }
  const children = scored.children.map((c) => view(c, index, defs, previous, targets, rule));
  const maxPoints = def?.maxPoints ?? null;
  // PAR: a parent's points are the sum of its children's (null when a child has no data).
  const childPoints = children.filter((c) => c.maxPoints !== null);
  const points = childPoints.length > 0
    ? childPoints.some((c) => c.points === null) ? null : childPoints.reduce((a, c) => a + (c.points ?? 0), 0)
    : parPoints(scored.value, maxPoints, rule);
  return {
    code: scored.code,
    name: def?.name ?? text?.text ?? scored.code,
    nameEn: def?.nameEn ?? text?.textEn ?? null,
    kind: scored.kind,
    parCode: def?.parCode ?? null,
    value: scored.value,
    n: scored.n,
    ciLow: scored.ciLow,
    ciHigh: scored.ciHigh,
    previous: prevValue,
    target,
    status,
    points,
    maxPoints,
    children,
  };
}

/** Use case: the index tree of a scope (a unit and its subtree) for a year and a channel. */
export async function computeIndices(db: Db, q: IndexQuery): Promise<IndicesResult> {
  // An agency's or one desk's service points when the query names one; else the unit's subtree.
  return computeIndicesOver(db, q, (await resolvePointScope(db, q)) ?? (await resolveScope(db, q.unit)));
}

/**
 * The index tree over a given set of service points (a unit's subtree, one desk, an agency's
 * desks); `unit` names the scope and gives the targets (the nearest unit on its way to the root).
 */
export async function computeIndicesOver(
  db: Db,
  q: IndexQuery,
  scope: { units: UnitRow[]; unit: UnitRow; pointIds: number[]; name?: string; level?: string },
): Promise<IndicesResult> {
  const indexCode = q.index ?? "SIPAS";
  const channel = q.channel ?? "all";
  const { units, unit, pointIds } = scope;
  const index = await loadIndex(db, indexCode);
  const [now, prev, targets, rule] = await Promise.all([
    loadCounts(db, monthRange(q), pointIds, channel),
    loadCounts(db, monthRange(q, -1), pointIds, channel),
    loadTargets(db, q.year, units, unit),
    pointsRule(db),
  ]);
  const scored = scoreTree(index.tree, now.questions, now.nodes, true, index.weights);
  const previous = flatten(scoreTree(index.tree, prev.questions, prev.nodes, true, index.weights));
  const defs = new Map(index.nodes.map((n) => [n.code, n]));
  return {
    scope: {
      unit: unit.code, name: scope.name ?? unit.name, level: scope.level ?? unit.level, year: q.year, months: monthRange(q), channel,
      channels: channel === "all" ? [...CHANNELS] : [channel], servicePoints: pointIds.length,
    },
    nodes: [view(scored, index, defs, previous, targets, rule)],
  };
}

export interface UnitRowView {
  code: string;
  name: string;
  level: string;
  value: number | null;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
  subIndices: Record<string, number | null>;
}

/** The children of a scope (e.g. the 15 district-level units), scored and weakest first. */
export async function computeChildUnits(db: Db, q: IndexQuery): Promise<UnitRowView[]> {
  const indexCode = q.index ?? "SIPAS";
  const channel = q.channel ?? "all";
  const { units, unit } = await resolveScope(db, q.unit);
  const index = await loadIndex(db, indexCode);
  const points = await db.selectFrom("service_point").select(["id", "unit_id"]).execute();
  const children = units.filter((u) => u.parent_id === unit.id);
  const childPoints = children.map((child) => {
    const ids = subtreeIds(units, child.id);
    return points.filter((p) => ids.has(p.unit_id)).map((p) => p.id);
  });
  const byPoint = await loadCountsByPoint(db, monthRange(q), childPoints.flat(), channel);
  const rows: UnitRowView[] = [];
  for (const [i, child] of children.entries()) {
    const counts = emptyCounts();
    for (const id of childPoints[i]) {
      const r = byPoint.get(id);
      if (r) addCounts(counts, r);
    }
    const s = scoreTree(index.tree, counts.questions, counts.nodes, true, index.weights);
    const subIndices: Record<string, number | null> = {};
    for (const c of s.children) if (c.kind === "node") subIndices[c.code] = c.value;
    rows.push({ code: child.code, name: child.name, level: child.level, value: s.value, n: s.n, ciLow: s.ciLow, ciHigh: s.ciHigh, subIndices });
  }
  return rows.sort((a, b) => (a.value ?? Infinity) - (b.value ?? Infinity));
}
