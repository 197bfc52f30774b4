import { stableSum, type Db } from "../../platform/db.server";
import { throughClosedMonths } from "./closed-months.server";
import { wholeYearOf } from "../../domain/closed-months";
import type { IndexNodeDef } from "../../domain/index-tree";
import { SCORED_BASE } from "../../domain/question-types";
import { parPoints, scoreTree, type NodeSums, type QuestionCounts, type ScoredNode } from "../../domain/scoring";
import { resolveTarget, type TargetKind } from "../../domain/targets";
import { pointsFigure, type PointsRule } from "../../domain/par-points";
import { judge, periodClosed, type Verdict, type VerdictStatus } from "../../domain/verdict";
import { pointsRule } from "./targets-settings.server";
import { CHANNELS, type Channel } from "../../domain/channels";
import { InputError } from "../../platform/errors";
import { loadIndex, type IndexDefinition } from "../surveys/questionnaires.server";
import { listUnits, unitRowsAt, type UnitRow } from "../org/reference.server";
import {
  childrenDuring, inForce, inForceAt, lifetime, overlaps, periodDays, segmentsMapped, segmentsMappedMany, segmentsThen, segmentsThenMany, successorAt, versionAt,
  type OrgIndex, type OrgVersion, type Segment, type TreeMode,
} from "../../domain/lineage";
import { viDay } from "../../domain/days";
import { orgIndex, today } from "../org/org-history.server";
import type { Figure } from "../../domain/figure";

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
  /** "then" (default): each month under the tree in force then; "current": mapped to today's units. */
  tree?: TreeMode | null;
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

export interface IndexNodeView extends Figure {
  code: string;
  name: string;
  nameEn: string | null;
  kind: "index" | "node" | "question";
  parCode: string | null;
  previous: number | null;
  target: TargetView | null;
  /** The rate target's verdict (app/domain/verdict.ts); `status` is its code. */
  status: VerdictStatus;
  verdict: Verdict;
  /** The PAR point target's verdict, when the target sets points and the node has a maximum. */
  pointsVerdict: Verdict | null;
  points: number | null;
  maxPoints: number | null;
  children: IndexNodeView[];
}

export interface IndicesResult {
  scope: {
    unit: string; name: string; level: string; year: number; months: { from: string; to: string }; channel: string; channels: string[]; servicePoints: number;
    /** Which tree the figures use (docs/decisions/0012). */
    tree: TreeInfo;
    /** The period's last day has passed: verdicts are on the measured value (app/domain/verdict.ts). */
    closed: boolean;
  };
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

export interface TreeInfo {
  mode: TreeMode;
  /** The day whose tree the scope's name, parent and targets come from (today for "current"). */
  day: string;
  /** When the scope unit was in force (null = open). */
  validFrom: string | null;
  validTo: string | null;
  /** "current" only: respondents at service points that cannot be mapped to one of today's units. */
  unmapped: { servicePoints: number; respondents: number };
}

interface ScopeSelection {
  /** The units in force on `tree.day` (the targets' chain). */
  units: UnitRow[];
  unit: UnitRow;
  /** Every service point that counts in some month of the period. */
  pointIds: number[];
  /** The months of the period each point counts in. */
  segments: Segment[];
  /** The previous year's months, mapped to the scope unit as it is on `tree.day` (baselines). */
  previous: Segment[];
  tree: TreeInfo;
  unmappedPoints: number[];
}

export function parseTree(t: string | null | undefined): TreeMode {
  if (!t || t === "then") return "then";
  if (t === "current") return "current";
  throw new InputError("invalid_input", "Cách đọc cây đơn vị không hợp lệ.", { tree: "Chọn \"theo tổ chức khi đó\" (then) hoặc \"quy đổi theo đơn vị hiện nay\" (current)." }, 400);
}

const defaultMonths = (): { from: string; to: string } => {
  const y = today().slice(0, 4);
  return { from: `${y}-01`, to: `${y}-12` };
};

/** A unit by code at any time: the version in force in the period (else on any day) with that code. */
function findUnitVersion(ix: OrgIndex, code: string, days: { from: string; to: string }): OrgVersion | undefined {
  const all = ix.history.versions.filter((v) => v.entity === "unit" && v.code === code);
  return all.find((v) => overlaps(v, days.from, days.to)) ?? all[all.length - 1];
}

const unitRow = (v: OrgVersion): UnitRow => ({ id: v.id, code: v.code, name: v.name, name_en: v.nameEn, level: v.level ?? "", parent_id: v.parentId });

/**
 * The service points (and the months each counts) of a unit's subtree over a period, under the
 * tree of that time ("then", default) or mapped to today's units ("current"). A unit that was not
 * in force in the period, or is not today for "current", is a 404 that says when it was.
 */
export async function resolveScope(
  db: Db,
  unitCode: string | null | undefined,
  opts: { months?: { from: string; to: string } | null; tree?: TreeMode | null } = {},
): Promise<ScopeSelection> {
  const months = opts.months ?? defaultMonths();
  const mode = opts.tree ?? "then";
  const [ix, points] = await Promise.all([orgIndex(db), db.selectFrom("service_point").select("id").orderBy("id").execute()]);
  const days = periodDays(months);
  const now = today();
  const v = unitCode ? findUnitVersion(ix, unitCode, days) : inForceAt(ix, "unit", mode === "current" ? now : days.to).find((u) => u.parentId === null)
    ?? inForceAt(ix, "unit", now).find((u) => u.parentId === null);
  if (!v) throw new InputError("not_found", "Không tìm thấy đơn vị hành chính.", { unit: `Không có đơn vị "${unitCode}".` }, 404);
  const life = lifetime(ix, "unit", v.id)!;
  const successors = () => {
    const s = successorAt(ix, "unit", v.id, now);
    const ids = "id" in s ? [s.id] : s.candidates;
    const names = ids.map((id) => versionAt(ix, "unit", id, now)?.name).filter(Boolean);
    return names.length ? ` Theo đơn vị hiện nay, địa bàn này thuộc ${names.join(", ")}.` : "";
  };
  if (mode === "current" && !inForce(life, now)) {
    const msg = `${v.name} không còn là đơn vị hiện nay (hoạt động đến ${viDay(life.to ?? now)}).${successors()} Chọn “Theo tổ chức khi đó” để xem số liệu của đơn vị này.`;
    throw new InputError("not_in_period", msg, { unit: msg }, 404);
  }
  if (mode === "then" && !overlaps(life, days.from, days.to)) {
    const msg = life.from && life.from > days.to
      ? `${v.name} được thành lập từ ${viDay(life.from)}, nên kỳ này chưa có đơn vị đó theo tổ chức khi đó. Chọn “Quy đổi theo đơn vị hiện nay” để xem số liệu của các đơn vị tiền thân gộp lại.`
      : `${v.name} hoạt động đến ${viDay(life.to ?? days.from)}, nên kỳ này không còn đơn vị đó.${successors()}`;
    throw new InputError("not_in_period", msg, { unit: msg }, 404);
  }
  const day = mode === "current" ? now : minDay(days.to, life.to ?? days.to, days.to > now && inForce(life, now) ? now : days.to);
  const unit = unitRow(versionAt(ix, "unit", v.id, day) ?? v);
  const all = points.map((p) => p.id);
  // Baselines "so với năm X" are the whole year X, whatever months the period covers.
  const prevYear = Number(months.from.slice(0, 4)) - 1;
  const prevMonths = { from: `${prevYear}-01`, to: `${prevYear}-12` };
  let segments: Segment[];
  let unmappedPoints: number[] = [];
  if (mode === "then") segments = segmentsThen(ix, v.id, months, all);
  else {
    const mapped = segmentsMapped(ix, v.id, months, all, now);
    segments = mapped.segments;
    unmappedPoints = mapped.unmapped.map((u) => u.pointId);
  }
  const previous = segmentsMapped(ix, v.id, prevMonths, all, day).segments;
  return {
    units: unitRowsAt(ix, day),
    unit,
    pointIds: [...new Set(segments.map((x) => x.pointId))],
    segments,
    previous,
    tree: { mode, day, validFrom: life.from, validTo: life.to, unmapped: { servicePoints: unmappedPoints.length, respondents: 0 } },
    unmappedPoints,
  };
}

const minDay = (...days: string[]) => days.reduce((a, b) => (b < a ? b : a));

/** Segments covering a whole period for each point (desks and agencies: no tree to follow). */
export const wholePeriod = (pointIds: number[], months: { from: string; to: string }): Segment[] =>
  pointIds.map((pointId) => ({ pointId, from: months.from, to: months.to }));

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
function monthRange(q: IndexQuery): { from: string; to: string } {
  return q.months ? { from: q.months.from, to: q.months.to } : { from: `${q.year}-01`, to: `${q.year}-12` };
}

/** The baseline period: the whole year before the query's year (docs/decisions/0019-one-verdict.md). */
function baselineMonths(q: IndexQuery): { from: string; to: string } {
  return { from: `${q.year - 1}-01`, to: `${q.year - 1}-12` };
}

/** Sums the rollups of the months each point counts in (12 rows per key a year; one for a whole year). */
async function loadCounts(db: Db, segments: Segment[], channel: Channel | "all"): Promise<Counts> {
  // Summed over the points in the database: a province of a hundred desks reads ~150 rows, not 40,000.
  const groups = new Map<string, number[]>();
  for (const g of segments) groups.set(`${g.from}|${g.to}`, [...(groups.get(`${g.from}|${g.to}`) ?? []), g.pointId]);
  const counts = emptyCounts();
  const parts = await Promise.all([...groups].map(([k, ids]) => {
    const [from, to] = k.split("|");
    return loadTotals(db, { from, to }, ids, channel);
  }));
  for (const rows of parts) addCounts(counts, rows);
  return counts;
}

/** The rollups of some points over a range of months, summed over the points (and channels); closed months kept. */
function loadTotals(db: Db, months: { from: string; to: string }, pointIds: number[], channel: Channel | "all"): Promise<PointRows> {
  if (pointIds.length === 0) return Promise.resolve({ questions: [], nodes: [] });
  return throughClosedMonths(db, {
    key: `totals|${channel}|${pointIds.join(",")}`,
    months,
    read: (m) => readTotals(db, m, pointIds, channel),
    merge: (a, b) => ({ questions: [...a.questions, ...b.questions], nodes: [...a.nodes, ...b.nodes] }),
    weigh: (v) => v.questions.length + v.nodes.length,
  });
}

/** The rollups of some points over a range of months, summed over the points (and channels) in SQL. */
async function readTotals(db: Db, months: { from: string; to: string }, pointIds: number[], channel: Channel | "all"): Promise<PointRows> {
  const { from, to } = months;
  const wholeYear = wholeYearOf(months) !== null;
  const [questions, nodes] = await Promise.all([
    wholeYear
      ? db.selectFrom("rollup_question_year").select((eb) => ["question_code", "value", eb.fn.sum<number>("count").as("c")]).where("year", "=", from.slice(0, 4))
          .where("service_point_id", "in", pointIds).$if(channel !== "all", (w) => w.where("channel", "=", channel)).groupBy(["question_code", "value"]).execute()
      : db.selectFrom("rollup_question_month").select((eb) => ["question_code", "value", eb.fn.sum<number>("count").as("c")]).where("month", ">=", from).where("month", "<=", to)
          .where("service_point_id", "in", pointIds).$if(channel !== "all", (w) => w.where("channel", "=", channel)).groupBy(["question_code", "value"]).execute(),
    wholeYear
      ? db.selectFrom("rollup_node_year").where("year", "=", from.slice(0, 4))
          .select((eb) => ["node_code", eb.fn.sum<number>("n").as("n"), stableSum("sum").as("sum"), stableSum("sum_sq").as("sum_sq"), eb.fn.sum<number>("answers").as("answers")])
          .where("service_point_id", "in", pointIds).$if(channel !== "all", (w) => w.where("channel", "=", channel)).groupBy("node_code").execute()
      : db.selectFrom("rollup_node_month").where("month", ">=", from).where("month", "<=", to)
          .select((eb) => ["node_code", eb.fn.sum<number>("n").as("n"), stableSum("sum").as("sum"), stableSum("sum_sq").as("sum_sq"), eb.fn.sum<number>("answers").as("answers")])
          .where("service_point_id", "in", pointIds).$if(channel !== "all", (w) => w.where("channel", "=", channel)).groupBy("node_code").execute(),
  ]);
  return { questions: questions.map((r) => ({ question_code: r.question_code, value: Number(r.value), c: Number(r.c) })), nodes };
}

/**
 * The rollups of each point over the months it counts in, per point. Points sharing the same
 * months (nearly all of them: months differ only around a reorganisation) are read together.
 */
export async function loadCountsBySegments(db: Db, segments: Segment[], channel: Channel | "all"): Promise<Map<number, PointRows>> {
  const groups = new Map<string, number[]>();
  for (const g of segments) {
    const k = `${g.from}|${g.to}`;
    const list = groups.get(k);
    if (list) list.push(g.pointId);
    else groups.set(k, [g.pointId]);
  }
  const parts = await Promise.all([...groups].map(([k, ids]) => {
    const [from, to] = k.split("|");
    return loadCountsByPoint(db, { from, to }, ids, channel);
  }));
  if (parts.length === 1) return parts[0];
  const out = new Map<number, PointRows>();
  for (const part of parts) {
    for (const [id, rows] of part) {
      const r = out.get(id);
      if (r) { r.questions.push(...rows.questions); r.nodes.push(...rows.nodes); }
      else out.set(id, { questions: [...rows.questions], nodes: [...rows.nodes] });
    }
  }
  return out;
}

/** The rollup rows of a set of points, summed over the months, per service point. */
export interface PointRows {
  questions: Array<{ question_code: string; value: number; c: number }>;
  nodes: Array<{ node_code: string; n: number; sum: number; sum_sq: number; answers: number }>;
}

export const emptyCounts = (): Counts => ({ questions: new Map(), nodes: new Map() });

/** Adds one point's summed rollup rows into `into`. */
export function addCounts(into: Counts, rows: PointRows): void {
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

/** The rollups of each of the given points over a range of months; closed months kept (closed-months.server.ts). */
function loadCountsByPoint(db: Db, months: { from: string; to: string }, pointIds: number[], channel: Channel | "all"): Promise<Map<number, PointRows>> {
  if (pointIds.length === 0) return Promise.resolve(new Map());
  return throughClosedMonths(db, {
    key: `points|${channel}|${pointIds.join(",")}`,
    months,
    read: (m) => readCountsByPoint(db, m, pointIds, channel),
    merge: (a, b) => {
      const out = new Map<number, PointRows>();
      for (const part of [a, b]) {
        for (const [id, rows] of part) {
          const r = out.get(id);
          if (r) out.set(id, { questions: [...r.questions, ...rows.questions], nodes: [...r.nodes, ...rows.nodes] });
          else out.set(id, rows);
        }
      }
      return out;
    },
    weigh: (v) => { let w = 0; for (const r of v.values()) w += r.questions.length + r.nodes.length; return w; },
  });
}

/** Rows of the same key added up, in the order they come (the channels of a point's yearly rows). */
function compactRows(rows: PointRows): PointRows {
  const q = new Map<string, { question_code: string; value: number; c: number }>();
  for (const r of rows.questions) {
    const k = `${r.question_code}|${r.value}`;
    const t = q.get(k);
    if (t) t.c += Number(r.c);
    else q.set(k, { question_code: r.question_code, value: Number(r.value), c: Number(r.c) });
  }
  const n = new Map<string, { node_code: string; n: number; sum: number; sum_sq: number; answers: number }>();
  for (const r of rows.nodes) {
    const t = n.get(r.node_code);
    if (t) { t.n += Number(r.n); t.sum += Number(r.sum); t.sum_sq += Number(r.sum_sq); t.answers += Number(r.answers); }
    else n.set(r.node_code, { node_code: r.node_code, n: Number(r.n), sum: Number(r.sum), sum_sq: Number(r.sum_sq), answers: Number(r.answers) });
  }
  return { questions: [...q.values()], nodes: [...n.values()] };
}

/**
 * Two grouped queries over the monthly rollups of all the given points, split by point: a scope
 * and all its children (the league table) are summed from one read instead of a read per child.
 */
async function readCountsByPoint(db: Db, months: { from: string; to: string }, pointIds: number[], channel: Channel | "all"): Promise<Map<number, PointRows>> {
  const { from, to } = months;
  const byPoint = new Map<number, PointRows>();
  const of = (id: number) => {
    let r = byPoint.get(id);
    if (!r) byPoint.set(id, (r = { questions: [], nodes: [] }));
    return r;
  };
  // A whole year reads the yearly rollups (one row per key), any other range the monthly ones.
  const wholeYear = wholeYearOf(months) !== null;
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
        // The channels of a key are added in JavaScript: in a fixed order, so the float sums are too.
        .orderBy("service_point_id").orderBy("node_code").orderBy("channel")
    : db.selectFrom("rollup_node_month")
        .select((eb) => [
          "service_point_id",
          "node_code",
          eb.fn.sum<number>("n").as("n"),
          stableSum("sum").as("sum"),
          stableSum("sum_sq").as("sum_sq"),
          eb.fn.sum<number>("answers").as("answers"),
        ])
        .where("month", ">=", from).where("month", "<=", to)
        .where("service_point_id", "in", pointIds).$if(channel !== "all", (w) => w.where("channel", "=", channel))
        .groupBy(["service_point_id", "node_code"]);
  for (const r of await questions.execute()) of(r.service_point_id).questions.push(r);
  for (const r of await nodes.execute()) of(r.service_point_id).nodes.push(r);
  // A year's rows come per channel: one row per key is what is kept.
  if (wholeYear) for (const [id, rows] of byPoint) byPoint.set(id, compactRows(rows));
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
  closed: boolean,
  rule?: PointsRule,
): IndexNodeView {
  const def = defs.get(scored.code);
  const text = index.questionText.get(scored.code);
  const prevValue = previous.get(scored.code)?.value ?? null;
  const t = scored.kind === "question" ? undefined : targets.get(scored.code);
  let target: TargetView | null = null;
  let verdict = judge(scored, null, closed);
  let pointsVerdict: Verdict | null = null;
  const maxPoints = def?.maxPoints ?? null;
  if (t) {
    const resolved = resolveTarget(
      { kind: t.kind, value: t.value, baselineSource: t.baseline_source, baselineValue: t.baseline_value },
      prevValue,
    );
    target = {
      kind: t.kind, value: t.value, threshold: resolved.threshold, baseline: resolved.baseline,
      baselineSource: t.baseline_source, pointTarget: t.point_target, scope: t.scope, note: t.note,
    };
    verdict = judge(scored, resolved, closed);
    if (t.point_target !== null && maxPoints !== null) pointsVerdict = judge(pointsFigure(scored, maxPoints, rule), { threshold: t.point_target }, closed);
  }
  const children = scored.children.map((c) => view(c, index, defs, previous, targets, closed, rule));
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
    status: verdict.status,
    verdict,
    pointsVerdict,
    points,
    maxPoints,
    children,
  };
}

/** Use case: the index tree of a scope (a unit and its subtree) for a year and a channel. */
export async function computeIndices(db: Db, q: IndexQuery): Promise<IndicesResult> {
  // An agency's or one desk's service points when the query names one; else the unit's subtree.
  const byPoints = await resolvePointScope(db, q);
  if (byPoints) return computeIndicesOver(db, q, byPoints);
  return computeIndicesOver(db, q, await resolveScope(db, q.unit, { months: monthRange(q), tree: q.tree }));
}

/**
 * The index tree over a given set of service points (a unit's subtree, one desk, an agency's
 * desks); `unit` names the scope and gives the targets (the nearest unit on its way to the root).
 * A unit's scope carries the months each point counts in and the tree they follow.
 */
export async function computeIndicesOver(
  db: Db,
  q: IndexQuery,
  scope: { units: UnitRow[]; unit: UnitRow; pointIds: number[]; name?: string; level?: string; segments?: Segment[]; previous?: Segment[]; tree?: TreeInfo; unmappedPoints?: number[] },
): Promise<IndicesResult> {
  const indexCode = q.index ?? "SIPAS";
  const channel = q.channel ?? "all";
  const { units, unit, pointIds } = scope;
  const index = await loadIndex(db, indexCode);
  const [now, prev, targets, rule, unmapped] = await Promise.all([
    loadCounts(db, scope.segments ?? wholePeriod(pointIds, monthRange(q)), channel),
    loadCounts(db, scope.previous ?? wholePeriod(pointIds, baselineMonths(q)), channel),
    loadTargets(db, q.year, units, unit),
    pointsRule(db),
    scope.unmappedPoints?.length ? loadCounts(db, wholePeriod(scope.unmappedPoints, monthRange(q)), channel) : null,
  ]);
  const scored = scoreTree(index.tree, now.questions, now.nodes, true, index.weights);
  const previous = flatten(scoreTree(index.tree, prev.questions, prev.nodes, true, index.weights));
  const defs = new Map(index.nodes.map((n) => [n.code, n]));
  const tree: TreeInfo = scope.tree
    ? { ...scope.tree, unmapped: { ...scope.tree.unmapped, respondents: unmapped?.nodes.get(index.tree.def.code)?.n ?? 0 } }
    : { mode: q.tree ?? "then", day: periodDays(monthRange(q)).to, validFrom: null, validTo: null, unmapped: { servicePoints: 0, respondents: 0 } };
  const closed = periodClosed(periodDays(monthRange(q)).to, today());
  return {
    scope: {
      unit: unit.code, name: scope.name ?? unit.name, level: scope.level ?? unit.level, year: q.year, months: monthRange(q), channel,
      channels: channel === "all" ? [...CHANNELS] : [channel], servicePoints: pointIds.length, tree, closed,
    },
    nodes: [view(scored, index, defs, previous, targets, closed, rule)],
  };
}

export interface UnitRowView extends Figure {
  code: string;
  name: string;
  level: string;
  subIndices: Record<string, number | null>;
  /** Set when the unit was in force for only part of the period. */
  validFrom?: string | null;
  validTo?: string | null;
}

/**
 * The children of a scope (e.g. the 15 district-level units of 2024, or today's communes), scored
 * and weakest first. "then": every unit that was a child in some month of the period, counting the
 * months it was; "current": today's children with the responses mapped to them.
 */
export async function computeChildUnits(db: Db, q: IndexQuery): Promise<UnitRowView[]> {
  const indexCode = q.index ?? "SIPAS";
  const channel = q.channel ?? "all";
  const months = monthRange(q);
  const scope = await resolveScope(db, q.unit, { months, tree: q.tree });
  const children = await childScopes(db, scope, months);
  const index = await loadIndex(db, indexCode);
  const byPoint = await loadCountsBySegments(db, children.flatMap((c) => c.segments), channel);
  // Points with two runs of months in one child are summed once per run, from their own reads.
  const perChild = await Promise.all(children.map(async (child) => {
    const ids = new Set(child.segments.map((g) => g.pointId));
    const split = child.segments.length !== ids.size;
    if (!split) {
      const counts = emptyCounts();
      for (const id of ids) { const r = byPoint.get(id); if (r) addCounts(counts, r); }
      return counts;
    }
    return loadCounts(db, child.segments, channel);
  }));
  const rows: UnitRowView[] = [];
  for (const [i, child] of children.entries()) {
    const counts = perChild[i];
    const s = scoreTree(index.tree, counts.questions, counts.nodes, true, index.weights);
    const subIndices: Record<string, number | null> = {};
    for (const c of s.children) if (c.kind === "node") subIndices[c.code] = c.value;
    rows.push({
      code: child.unit.code, name: child.unit.name, level: child.unit.level, value: s.value, n: s.n, ciLow: s.ciLow, ciHigh: s.ciHigh, subIndices,
      validFrom: child.validFrom, validTo: child.validTo,
    });
  }
  return rows.sort((a, b) => (a.value ?? Infinity) - (b.value ?? Infinity));
}

interface ChildScope {
  unit: UnitRow;
  segments: Segment[];
  /** The points whose responses of the previous year map to the child (its baseline). */
  previous: number[];
  /** Set when the child was in force for only part of the period (its first or last day). */
  validFrom: string | null;
  validTo: string | null;
}

/** The children of a resolved scope over the period, each with the months its points count in. */
export async function childScopes(db: Db, scope: ScopeSelection, months: { from: string; to: string }): Promise<ChildScope[]> {
  const [ix, points] = await Promise.all([orgIndex(db), db.selectFrom("service_point").select("id").orderBy("id").execute()]);
  const all = points.map((p) => p.id);
  const days = periodDays(months);
  // Baselines "so với năm X" are the whole year X, whatever months the period covers.
  const prevYear = Number(months.from.slice(0, 4)) - 1;
  const prevMonths = { from: `${prevYear}-01`, to: `${prevYear}-12` };
  // Last year's responses mapped to each child as it is on the scope's day (its baseline).
  const previousOf = (ids: number[]) => {
    const mapped = segmentsMappedMany(ix, ids.filter((id) => versionAt(ix, "unit", id, scope.tree.day)), prevMonths, all, scope.tree.day);
    return (id: number) => [...new Set((mapped.get(id)?.segments ?? []).map((g) => g.pointId))];
  };
  if (scope.tree.mode === "current") {
    const children = inForceAt(ix, "unit", scope.tree.day).filter((u) => u.parentId === scope.unit.id);
    const mapped = segmentsMappedMany(ix, children.map((u) => u.id), months, all, scope.tree.day);
    const prev = previousOf(children.map((u) => u.id));
    return children.map((u) => ({ unit: unitRow(u), segments: mapped.get(u.id)!.segments, previous: prev(u.id), validFrom: null, validTo: null }));
  }
  const children = childrenDuring(ix, scope.unit.id, days);
  const inScope = new Set(scope.pointIds);
  const byChild = segmentsThenMany(ix, children.map((u) => u.id), months, all.filter((id) => inScope.has(id)));
  const prevInForce = previousOf(children.map((u) => u.id));
  return children.map((u) => {
    const life = lifetime(ix, "unit", u.id)!;
    const partial = (life.from !== null && life.from > days.from) || (life.to !== null && life.to < days.to);
    const segments = byChild.get(u.id) ?? [];
    // A child that ended before the scope's day: last year's responses of its own points.
    const previous = versionAt(ix, "unit", u.id, scope.tree.day) ? prevInForce(u.id) : [...new Set(segments.map((g) => g.pointId))];
    return { unit: unitRow(u), segments, previous, validFrom: partial ? life.from : null, validTo: partial ? life.to : null };
  });
}
