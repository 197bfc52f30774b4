import { pointsFigure, pointsSummary, rateForPoints, type PointsRule, type PointsSummary } from "../../domain/par-points";
import { judge, type Verdict } from "../../domain/verdict";
import type { Db } from "../../platform/db.server";
import { computeIndices } from "./indices.server";
import { pointsRule } from "./targets-settings.server";
import type { Figure } from "../../domain/figure";

export interface ParLine extends Figure {
  code: string;
  parCode: string | null;
  name: string;
  maxPoints: number | null;
  pointTarget: number | null;
  points: number | null;
  /** The rate target's threshold and verdict (the same as on the dashboard). */
  rateThreshold: number | null;
  rateVerdict: Verdict;
  /** The point target's verdict, judged on the points with the same rule. */
  pointsVerdict: Verdict;
  /** The lowest rate that earns the point target under the rule. */
  rateNeeded: number | null;
}

export interface ParData {
  year: number;
  scopeName: string;
  parCode: string | null;
  lines: ParLine[];
  total: PointsSummary["total"];
  partial: number;
  max: number;
  target: number | null;
  /** The total's verdict: its interval is the sum of the lines' point intervals; n the smallest line's. */
  verdict: Verdict;
  closed: boolean;
  rule: PointsRule;
}

/**
 * PAR criterion 8.1 for a scope and year: the sub-indices' points under the province's rule, each
 * against its point target (the target row's, else the index definition's), and the total.
 */
export async function parPointsView(db: Db, q: { year: number; unit: string; index?: string }): Promise<ParData> {
  const [res, rule, defs] = await Promise.all([
    computeIndices(db, { year: q.year, unit: q.unit, channel: "all", index: q.index ?? "SIPAS" }),
    pointsRule(db),
    db.selectFrom("index_node").select(["code", "point_target"]).execute(),
  ]);
  const defTarget = new Map(defs.map((d) => [d.code, d.point_target]));
  const root = res.nodes[0];
  const subs = root.children.filter((c) => c.kind === "node" && c.maxPoints !== null);
  const items = subs.map((s) => ({ code: s.code, value: s.value, maxPoints: s.maxPoints, pointTarget: s.target?.pointTarget ?? defTarget.get(s.code) ?? null }));
  const summary = pointsSummary(items, rule, root.target?.pointTarget ?? defTarget.get(root.code) ?? null);
  const closed = res.scope.closed;
  const lineFigures = subs.map((s) => pointsFigure(s, s.maxPoints ?? 0, rule));
  const sum = (xs: Array<number | null>) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x ?? 0), 0));
  const totalFigure = {
    value: summary.total, n: subs.length ? Math.min(...subs.map((s) => s.n)) : 0,
    ciLow: sum(lineFigures.map((f) => f.ciLow)), ciHigh: sum(lineFigures.map((f) => f.ciHigh)),
  };
  return {
    year: q.year,
    scopeName: res.scope.name,
    parCode: root.parCode,
    lines: summary.lines.map((l, i) => ({
      ...l,
      parCode: subs[i].parCode, name: subs[i].name, n: subs[i].n, ciLow: subs[i].ciLow, ciHigh: subs[i].ciHigh,
      rateThreshold: subs[i].target?.threshold ?? null,
      rateVerdict: subs[i].verdict,
      pointsVerdict: judge(lineFigures[i], l.pointTarget === null ? null : { threshold: l.pointTarget }, closed),
      rateNeeded: l.pointTarget === null || l.maxPoints === null ? null : rateForPoints(l.pointTarget, l.maxPoints, rule),
    })),
    total: summary.total,
    partial: summary.partial,
    max: root.maxPoints ?? summary.max,
    target: summary.target,
    verdict: judge(totalFigure, summary.target === null ? null : { threshold: summary.target }, closed),
    closed,
    rule,
  };
}
