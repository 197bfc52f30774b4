import { stableSum, type Db } from "../../platform/db.server";
import { closedMonthsRows } from "./closed-months.server";
import { wholeYearOf } from "../../domain/closed-months";
import { localYear, yearMonths } from "../../domain/periods";
import type { TreeNode } from "../../domain/index-tree";
import { scoreTree, type ScoredNode } from "../../domain/scoring";
import { resolveTarget } from "../../domain/targets";
import { judge, yearClosed, type Verdict, type VerdictStatus } from "../../domain/verdict";
import { CHANNELS, type Channel } from "../../domain/channels";
import { InputError } from "../../platform/errors";
import {
  addCounts, childScopes, computeIndicesOver, emptyCounts, loadCountsBySegments, resolveScope, wholePeriod,
  type Counts, type IndexNodeView, type IndicesResult, type PointRows, type TargetView, type TreeInfo,
} from "./indices.server";
import { inForceAt, overlaps, type Segment, type TreeMode } from "../../domain/lineage";
import { orgIndex, today } from "../org/org-history.server";
import { loadIndex } from "../surveys/questionnaires.server";
import { listUnits, subtreeIds, type UnitRow } from "../org/reference.server";
import { type Bucket, type CubeFilter, cubeCounts, aggregateBuckets } from "../../domain/cube";
import { type Figure, NO_FIGURE, weakestFirst, MIN_SAMPLE } from "../../domain/figure";

/** The dashboard's default year: the latest year with any target; else the current year in Vietnam. */
export async function defaultYear(db: Db, now = new Date()): Promise<number> {
  const r = await db.selectFrom("target").select((eb) => eb.fn.max<number>("year").as("y")).executeTakeFirst();
  const y = r?.y === null || r?.y === undefined ? null : Number(r.y);
  return y !== null && Number.isInteger(y) ? y : localYear(now);
}

/**
 * Years a leader can pick: every year between the first and last local day of the daily rollups,
 * the years with targets and the current year; newest first.
 */
export async function availableYears(db: Db, now = new Date()): Promise<number[]> {
  const years = new Set<number>([localYear(now), ...(await yearsWithData(db))]);
  const t = await db.selectFrom("target").select("year").distinct().execute();
  for (const row of t) years.add(Number(row.year));
  return [...years].sort((a, b) => b - a);
}

/** Years that have any survey data (from the monthly rollups), newest first. */
export async function yearsWithData(db: Db): Promise<number[]> {
  // Two scalar subqueries, each one step down the primary key: min() and max() in one SELECT made
  // SQLite scan the whole table (millions of rows at a million responses), twice per dashboard page.
  const r = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("rollup_question_month").select((e) => e.fn.min<string>("month").as("m")).as("first"),
      eb.selectFrom("rollup_question_month").select((e) => e.fn.max<string>("month").as("m")).as("last"),
    ])
    .executeTakeFirst();
  if (!r?.first || !r?.last) return [];
  const out: number[] = [];
  const first = Number(String(r.first).slice(0, 4));
  const last = Number(String(r.last).slice(0, 4));
  if (!(last - first < 100)) return [last];
  for (let y = last; y >= first; y--) out.push(y);
  return out;
}

/** The channels with any answer in a year within a unit's subtree (for the empty-state hint). */
export async function channelsWithData(db: Db, year: number, unitCode: string | null, tree: TreeMode = "then"): Promise<string[]> {
  const { pointIds } = await resolveScope(db, unitCode, { months: { from: `${year}-01`, to: `${year}-12` }, tree });
  if (pointIds.length === 0) return [];
  const rows = await closedMonthsRows(db, {
    key: `channels|${pointIds.join(",")}`,
    months: yearMonths(year),
    // A whole (closed) year reads the yearly rollups: a tenth of the rows, no lookup per row.
    read: (m): Promise<Array<{ channel: string }>> => {
      const whole = wholeYearOf(m);
      return whole
        ? db.selectFrom("rollup_question_year").select("channel").distinct().where("year", "=", whole).where("service_point_id", "in", pointIds).execute()
        : db.selectFrom("rollup_question_month").select("channel").distinct().where("month", ">=", m.from).where("month", "<=", m.to).where("service_point_id", "in", pointIds).execute();
    },
  });
  const order = (c: string) => {
    const i = (CHANNELS as readonly string[]).indexOf(c);
    return i < 0 ? CHANNELS.length : i;
  };
  return [...new Set(rows.map((r) => r.channel))].sort((a, b) => order(a) - order(b));
}

interface ScopeOption {
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
}

interface ScopeInfo {
  /** Units offered as scope: the province and the district-level units (plus the current unit). */
  options: ScopeOption[];
  /** From the root down to the current unit (breadcrumb). */
  path: ScopeOption[];
  /** English names of all units, by code (for the table of child units). */
  namesEn: Record<string, string>;
}

const option = (u: UnitRow): ScopeOption => ({ code: u.code, name: u.name, nameEn: u.name_en, level: u.level });

/** Scope choices and the breadcrumb of the current unit (null = the province). */
/**
 * The scope selector and breadcrumb. `homeCode` is the top of what the user may read (the province
 * for an admin, their district for a district leader): options and breadcrumb stop there.
 */
export async function scopeInfo(db: Db, unitCode: string | null, homeCode: string | null = null, opts: { year?: number; tree?: TreeMode } = {}): Promise<ScopeInfo> {
  // "Then" offers the units of the year (e.g. 2025: the districts until June, the new communes
  // from July); "current" offers today's units.
  const ix = await orgIndex(db);
  const year = opts.year ?? Number(today().slice(0, 4));
  const days = { from: `${year}-01-01`, to: `${year}-12-31` };
  const day = opts.tree === "current" || days.to > today() ? today() : days.to;
  const during = opts.tree === "current"
    ? inForceAt(ix, "unit", day)
    : [...new Map(ix.history.versions.filter((v) => v.entity === "unit" && overlaps(v, days.from, days.to)).map((v) => [v.id, v])).values()];
  const units: UnitRow[] = during.map((v) => ({ id: v.id, code: v.code, name: v.name, name_en: v.nameEn, level: v.level ?? "", parent_id: v.parentId }));
  const home = homeCode ? units.find((u) => u.code === homeCode) : undefined;
  const roots = home ? [home] : units.filter((u) => u.parent_id === null);
  const rootIds = new Set(roots.map((u) => u.id));
  // Children by name, the Vietnamese way (a hundred communes are found by their name).
  const children = units.filter((u) => u.parent_id !== null && rootIds.has(u.parent_id)).sort((a, b) => a.name.localeCompare(b.name, "vi"));
  const options = [...roots, ...children].map(option);
  const current = unitCode ? units.find((u) => u.code === unitCode) : roots[0];
  const path: ScopeOption[] = [];
  for (let u = current; u; u = units.find((x) => x.id === u!.parent_id)) {
    path.unshift(option(u));
    if (u.id === home?.id || path.length > 10) break;
  }
  if (current && !options.some((o) => o.code === current.code)) options.push(option(current));
  const namesEn: Record<string, string> = {};
  for (const u of units) if (u.name_en) namesEn[u.code] = u.name_en;
  return { options, path, namesEn };
}

// ---------------------------------------------------------------------------------------------
// Drill-down: one read of the monthly rollups of a scope (this year and the previous one), then
// every series, league table and channel split is scored in memory with the same scoreTree as
// computeIndices. Never raw answers.



function findScored(node: ScoredNode, code: string): ScoredNode | null {
  if (node.code === code) return node;
  for (const c of node.children) {
    const f = findScored(c, code);
    if (f) return f;
  }
  return null;
}

/** The figure of one node (index, sub-index or criterion) over the cube rows that pass the filter. */
function scoreCube(tree: TreeNode, buckets: Bucket[], code: string, keep: CubeFilter): Figure {
  const { questions, nodes } = cubeCounts(buckets, keep);
  const s = findScored(scoreTree(tree, questions, nodes), code);
  return s ? { value: s.value, n: s.n, ciLow: s.ciLow, ciHigh: s.ciHigh } : NO_FIGURE;
}

/** Every criterion's figure over the filtered rows. */
function scoreCriteria(tree: TreeNode, buckets: Bucket[], keep: CubeFilter): Map<string, Figure> {
  const { questions, nodes } = cubeCounts(buckets, keep);
  const out = new Map<string, Figure>();
  const walk = (s: ScoredNode) => {
    if (s.kind === "question") out.set(s.code, { value: s.value, n: s.n, ciLow: s.ciLow, ciHigh: s.ciHigh });
    s.children.forEach(walk);
  };
  walk(scoreTree(tree, questions, nodes));
  return out;
}

export interface TrendPoint extends Figure {
  /** 1–12 for months, 1–4 for quarters. */
  period: number;
  previous: Figure;
}

export interface LeagueRow extends Figure {
  code: string;
  name: string;
  nameEn: string | null;
  /** For service points: the agency that runs the desk. */
  agency?: { code: string; name: string } | null;
  /** For units in force for only part of the year: their first or last day. */
  validFrom?: string | null;
  validTo?: string | null;
  previous: number | null;
  threshold: number | null;
  status: VerdictStatus;
  verdict: Verdict;
}

export interface WeakCriterion extends Figure {
  code: string;
  node: string;
}

export interface ChannelFigure extends Figure {
  channel: string;
}

export interface DrillData {
  monthly: TrendPoint[];
  quarterly: TrendPoint[];
  channels: ChannelFigure[];
  units: LeagueRow[];
  points: LeagueRow[];
  /** Criteria of the focused node with n ≥ 30, weakest first (at most 10), and how many had fewer. */
  weakest: WeakCriterion[];
  tooFew: number;
}

interface DrillQuery {
  year: number;
  channel: Channel | "all";
  /** The focused node: SIPAS, a sub-index or a criterion code. */
  node: string;
  /** The node's target in the scope (from computeIndices), resolved per row with its own last year. */
  target: TargetView | null;
  /** Service points of the scope. */
  pointIds: number[];
  /** Child units of the scope (for the units' league table), each with its service points. */
  childUnits: Array<{ code: string; name: string; nameEn: string | null; pointIds: number[]; segments?: Segment[]; previous?: number[]; validFrom?: string | null; validTo?: string | null }>;
  /** A unit's scope: the months each point counts in this year, and last year's (mapped) months. */
  segments?: Segment[];
  previous?: Segment[];
  index?: string;
}


const QUARTER_MONTHS = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]];

/**
 * The monthly rollups of the months each point counts in, summed over the points per month and
 * channel in the database (a province's hundred desks give 36 buckets a year, not 3,600).
 */
async function monthBuckets(db: Db, segments: Segment[]): Promise<Bucket[]> {
  const groups = new Map<string, number[]>();
  for (const g of segments) groups.set(`${g.from}|${g.to}`, [...(groups.get(`${g.from}|${g.to}`) ?? []), g.pointId]);
  const parts = await Promise.all([...groups].map(([k, ids]) => {
    const [from, to] = k.split("|");
    // Buckets of different months never overlap: the closed months' (kept) and the live ones' are listed together.
    return closedMonthsRows(db, {
      key: `buckets|${ids.join(",")}`,
      months: { from, to },
      read: (m) => readBuckets(db, m, ids),
      weigh: (v) => v.reduce((w, b) => w + b.questions.size + b.nodes.size, 0),
    });
  }));
  return aggregateBuckets(parts.flat());
}

/** The monthly rollups of some points over a range of months, summed per month and channel. */
async function readBuckets(db: Db, months: { from: string; to: string }, ids: number[]): Promise<Bucket[]> {
  const { from, to } = months;
  const [qs, ns] = await Promise.all([
    db.selectFrom("rollup_question_month")
      .select((eb) => ["month", "channel", "question_code", "value", eb.fn.sum<number>("count").as("count")])
      .where("month", ">=", from).where("month", "<=", to).where("service_point_id", "in", ids)
      .groupBy(["month", "channel", "question_code", "value"]).execute(),
    db.selectFrom("rollup_node_month")
      .select((eb) => ["month", "channel", "node_code", eb.fn.sum<number>("n").as("n"), stableSum("sum").as("sum"), stableSum("sum_sq").as("sum_sq"), eb.fn.sum<number>("answers").as("answers")])
      .where("month", ">=", from).where("month", "<=", to).where("service_point_id", "in", ids)
      .groupBy(["month", "channel", "node_code"]).execute(),
  ]);
  const out = new Map<string, Bucket>();
  const bucket = (month: string, channel: string) => {
    let b = out.get(`${month}|${channel}`);
    if (!b) out.set(`${month}|${channel}`, (b = { point: -1, month, channel, questions: new Map(), nodes: new Map() }));
    return b;
  };
  for (const r of qs) {
    const counts = emptyCounts();
    addCounts(counts, { questions: [{ question_code: r.question_code, value: Number(r.value), c: Number(r.count) }], nodes: [] });
    const b = bucket(r.month, r.channel);
    const c = counts.questions.get(r.question_code)!;
    const t = b.questions.get(r.question_code);
    if (t) { t.satisfied += c.satisfied; t.total += c.total; t.notApplicable += c.notApplicable; } else b.questions.set(r.question_code, c);
  }
  for (const r of ns) bucket(r.month, r.channel).nodes.set(r.node_code, { n: Number(r.n), sum: Number(r.sum), sumSq: Number(r.sum_sq), answers: Number(r.answers) });
  return [...out.values()];
}

/** Trends, channels side by side, league tables and the weakest criteria of one node in a scope. */
async function drillData(db: Db, q: DrillQuery): Promise<DrillData> {
  const { tree } = await loadIndex(db, q.index ?? "SIPAS");
  const y = String(q.year);
  const py = String(q.year - 1);
  // A unit's points count in the months of their segments (the tree of that time); last year's
  // months are those mapped to the unit. Desks and agencies count every month.
  const segments = q.segments ?? wholePeriod(q.pointIds, yearMonths(q.year));
  const previousSegments = q.previous ?? wholePeriod(q.pointIds, yearMonths(q.year - 1));
  const channel = q.channel;
  const [thisYear, lastYear, byPoint, prevByPoint] = await Promise.all([
    monthBuckets(db, segments),
    monthBuckets(db, previousSegments),
    loadCountsBySegments(db, segments, channel),
    loadCountsBySegments(db, previousSegments, channel),
  ]);
  // The series, channels and criteria of the whole scope read its rows summed per month and channel.
  const whole = [...thisYear, ...lastYear];
  const chanOk = (c: string) => channel === "all" || c === channel;
  const inYear = (m: string, year: string) => m.startsWith(`${year}-`);
  const monthOf = (m: string) => Number(m.slice(5, 7));
  const series = (months: number[][]): TrendPoint[] =>
    months.map((ms, i) => ({
      period: i + 1,
      ...scoreCube(tree, whole, q.node, (_p, m, c) => chanOk(c) && inYear(m, y) && ms.includes(monthOf(m))),
      previous: scoreCube(tree, whole, q.node, (_p, m, c) => chanOk(c) && inYear(m, py) && ms.includes(monthOf(m))),
    }));
  const monthly = series(Array.from({ length: 12 }, (_, i) => [i + 1]));
  const quarterly = series(QUARTER_MONTHS);
  const channels: ChannelFigure[] = CHANNELS.map((ch) => ({ channel: ch, ...scoreCube(tree, whole, q.node, (_p, m, c) => c === ch && inYear(m, y)) }));

  const figureOf = (counts: Counts): Figure => {
    const s = findScored(scoreTree(tree, counts.questions, counts.nodes), q.node);
    return s ? { value: s.value, n: s.n, ciLow: s.ciLow, ciHigh: s.ciHigh } : NO_FIGURE;
  };
  const sumOf = (rows: Map<number, PointRows>, ids: Iterable<number>) => {
    const counts = emptyCounts();
    for (const id of ids) { const r = rows.get(id); if (r) addCounts(counts, r); }
    return counts;
  };
  const closed = yearClosed(q.year, today());
  const rowOf = (nowCounts: Counts, prevCounts: Counts) => {
    const now = figureOf(nowCounts);
    const prev = figureOf(prevCounts);
    let threshold: number | null = null;
    let verdict = judge(now, null, closed);
    if (q.target) {
      const resolved = resolveTarget(
        { kind: q.target.kind, value: q.target.value, baselineSource: q.target.baselineSource, baselineValue: q.target.baselineSource === "stated" ? q.target.baseline : null },
        prev.value,
      );
      threshold = resolved.threshold;
      verdict = judge(now, resolved, closed);
    }
    return { ...now, previous: prev.value, threshold, status: verdict.status, verdict };
  };
  // A child counts its own months (as organised then); where they differ from the scope's for a
  // point (a point moved between two children in the year), its own rows are read.
  const scopeKey = new Map<number, string>();
  for (const g of segments) scopeKey.set(g.pointId, `${scopeKey.get(g.pointId) ?? ""}${g.from}|${g.to};`);
  const own = await Promise.all(q.childUnits.map(async (u) => {
    if (!u.segments) return { now: sumOf(byPoint, u.pointIds), prev: sumOf(prevByPoint, u.previous ?? u.pointIds) };
    const key = new Map<number, string>();
    for (const g of u.segments) key.set(g.pointId, `${key.get(g.pointId) ?? ""}${g.from}|${g.to};`);
    const same = [...key].filter(([p, k]) => scopeKey.get(p) === k).map(([p]) => p);
    const differ = u.segments.filter((g) => scopeKey.get(g.pointId) !== key.get(g.pointId));
    const now = sumOf(byPoint, same);
    if (differ.length) for (const r of (await loadCountsBySegments(db, differ, channel)).values()) addCounts(now, r);
    return { now, prev: sumOf(prevByPoint, u.previous ?? u.pointIds) };
  }));
  const units: LeagueRow[] = weakestFirst(q.childUnits.map((u, i) => ({
    code: u.code, name: u.name, nameEn: u.nameEn, ...rowOf(own[i].now, own[i].prev), validFrom: u.validFrom ?? null, validTo: u.validTo ?? null,
  })));
  const row = (ids: Set<number>) => rowOf(sumOf(byPoint, ids), sumOf(prevByPoint, ids));
  const pointRows = q.pointIds.length === 0 ? [] : await db
    .selectFrom("service_point as sp")
    .innerJoin("agency as a", "a.id", "sp.agency_id")
    .select(["sp.id", "sp.code", "sp.name", "sp.name_en", "a.code as agency_code", "a.name as agency_name"])
    .where("sp.id", "in", q.pointIds)
    .execute();
  const points: LeagueRow[] = weakestFirst(pointRows.map((p) => ({
    code: p.code, name: p.name, nameEn: p.name_en, agency: { code: p.agency_code, name: p.agency_name }, ...row(new Set([p.id])),
  })));

  // The weakest criteria under the focused node (all of them for SIPAS), judged on n ≥ 30 only.
  const focus = findTree(tree, q.node);
  const under = new Set<string>();
  const collect = (t: TreeNode) => { t.questions.forEach((c) => under.add(c)); t.children.forEach(collect); };
  if (focus) collect(focus);
  const criteria = scoreCriteria(tree, whole, (_p, m, c) => chanOk(c) && inYear(m, y));
  const nodeOf = new Map<string, string>();
  const owners = (t: TreeNode) => { t.questions.forEach((c) => nodeOf.set(c, t.def.code)); t.children.forEach(owners); };
  owners(tree);
  const withData = [...under].map((code) => ({ code, node: nodeOf.get(code) ?? "", ...(criteria.get(code) ?? NO_FIGURE) })).filter((c) => c.value !== null);
  const judged = withData.filter((c) => c.n >= MIN_SAMPLE);
  return {
    monthly, quarterly, channels, units, points,
    weakest: weakestFirst(judged).slice(0, 10),
    tooFew: withData.length - judged.length,
  };
}

function findTree(t: TreeNode, code: string): TreeNode | null {
  if (t.def.code === code) return t;
  for (const c of t.children) {
    const f = findTree(c, code);
    if (f) return f;
  }
  return null;
}


export type DrillScopeRef = { kind: "unit"; code: string } | { kind: "point"; code: string } | { kind: "agency"; code: string };

interface DrillScope {
  /** Units only: the months each point counts in this year and last year, and the tree used. */
  segments?: Segment[];
  previous?: Segment[];
  tree?: TreeInfo;
  unmappedPoints?: number[];
  units: UnitRow[];
  /** The unit that names the scope and gives its targets (a desk's or an agency's unit). */
  unit: UnitRow;
  pointIds: number[];
  childUnits: DrillQuery["childUnits"];
  point: { code: string; name: string; nameEn: string | null; agency: { code: string; name: string } } | null;
  agency: { code: string; name: string; nameEn: string | null } | null;
  /** What read:indices is checked against. */
  permission: { unitId?: number; servicePointId?: number; agencyId?: number };
}

/** Resolves a unit (its subtree, over a year under a tree), one service point, or an agency (its and its sub-agencies' desks). */
export async function resolveDrillScope(db: Db, ref: DrillScopeRef, opts: { year?: number; tree?: TreeMode } = {}): Promise<DrillScope> {
  const units = await listUnits(db);
  const points = await db.selectFrom("service_point").select(["id", "code", "name", "name_en", "unit_id", "agency_id"]).where("active", "=", 1).execute();
  // A desk or agency names the unit it belongs to now, or last (a 2024 district's desk).
  const everyUnit = (await db.selectFrom("admin_unit").select(["id", "code", "name", "name_en", "level", "parent_id"]).execute()) as UnitRow[];
  const byId = (id: number | null) => units.find((u) => u.id === id) ?? everyUnit.find((u) => u.id === id);
  if (ref.kind === "unit" && opts.year === undefined) {
    // No period: today's subtree, every month (callers that read one year pass it).
    const { unit, pointIds } = await resolveScope(db, ref.code, { months: yearMonths(Number(today().slice(0, 4))), tree: "current" });
    const inForce = new Set(points.map((p) => p.id));
    const own = pointIds.filter((id) => inForce.has(id));
    const childUnits = units.filter((u) => u.parent_id === unit.id).map((u) => {
      const ids = subtreeIds(units, u.id);
      return { code: u.code, name: u.name, nameEn: u.name_en, pointIds: points.filter((p) => ids.has(p.unit_id)).map((p) => p.id) };
    });
    return { units, unit, pointIds: own, childUnits, point: null, agency: null, permission: { unitId: unit.id } };
  }
  if (ref.kind === "unit") {
    const months = yearMonths(opts.year ?? Number(today().slice(0, 4)));
    const scope = await resolveScope(db, ref.code, { months, tree: opts.tree });
    const childUnits = (await childScopes(db, scope, months)).map((c) => ({
      code: c.unit.code, name: c.unit.name, nameEn: c.unit.name_en, pointIds: [...new Set(c.segments.map((g) => g.pointId))], segments: c.segments,
      previous: c.previous,
      validFrom: c.validFrom, validTo: c.validTo,
    }));
    return {
      units: scope.units, unit: scope.unit, pointIds: scope.pointIds, childUnits, point: null, agency: null, permission: { unitId: scope.unit.id },
      segments: scope.segments, previous: scope.previous, tree: scope.tree, unmappedPoints: scope.unmappedPoints,
    };
  }
  if (ref.kind === "point") {
    const p = points.find((x) => x.code === ref.code);
    const unit = p ? byId(p.unit_id) : undefined;
    if (!p || !unit) throw new InputError("not_found", "Không tìm thấy điểm phục vụ.", { point: `Không có điểm phục vụ "${ref.code}".` }, 404);
    const agency = await db.selectFrom("agency").select(["code", "name"]).where("id", "=", p.agency_id).executeTakeFirstOrThrow();
    return {
      units, unit, pointIds: [p.id], childUnits: [],
      point: { code: p.code, name: p.name, nameEn: p.name_en, agency }, agency: null, permission: { servicePointId: p.id },
    };
  }
  const agencies = await db.selectFrom("agency").select(["id", "code", "name", "name_en", "parent_id", "unit_id"]).where("active", "=", 1).execute();
  const a = agencies.find((x) => x.code === ref.code);
  if (!a) throw new InputError("not_found", "Không tìm thấy cơ quan.", { agency: `Không có cơ quan "${ref.code}".` }, 404);
  const ids = new Set([a.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const x of agencies) if (x.parent_id !== null && ids.has(x.parent_id) && !ids.has(x.id)) { ids.add(x.id); grew = true; }
  }
  const unit = byId(a.unit_id) ?? units.find((u) => u.parent_id === null)!;
  return {
    units, unit, pointIds: points.filter((p) => ids.has(p.agency_id)).map((p) => p.id), childUnits: [],
    point: null, agency: { code: a.code, name: a.name, nameEn: a.name_en }, permission: { agencyId: a.id },
  };
}

interface DrillPageData {
  indices: IndicesResult;
  /** Codes from SIPAS down to the focused node. */
  nodePath: string[];
  drill: DrillData;
}

/** Everything a drill-down page shows for one scope, year, channel and node (from the rollups). */
export async function drillPage(db: Db, scope: DrillScope, q: { year: number; channel: Channel | "all"; node: string | null }): Promise<DrillPageData> {
  const indices = await computeIndicesOver(db, { year: q.year, channel: q.channel }, scope);
  const root = indices.nodes[0];
  const code = q.node || root.code;
  const path = viewPath(root, code);
  if (!path) throw new InputError("not_found", "Không có chỉ số hay tiêu chí này.", { node: `Không có mục "${code}" trong bộ chỉ số.` }, 404);
  const focus = path[path.length - 1];
  const drill = await drillData(db, {
    year: q.year, channel: q.channel, node: code, target: focus.target, pointIds: scope.pointIds, childUnits: scope.childUnits,
    segments: scope.segments, previous: scope.previous,
  });
  return { indices, nodePath: path.map((n) => n.code), drill };
}

function viewPath(root: IndexNodeView, code: string): IndexNodeView[] | null {
  if (root.code === code) return [root];
  for (const c of root.children) {
    const p = viewPath(c, code);
    if (p) return [root, ...p];
  }
  return null;
}

