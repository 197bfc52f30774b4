import { pointsSummary, rateForPoints, type PointsRule, type PointsSummary } from "../../domain/par-points";
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
  reached: boolean | null;
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
  reached: boolean | null;
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
  return {
    year: q.year,
    scopeName: res.scope.name,
    parCode: root.parCode,
    lines: summary.lines.map((l, i) => ({
      ...l,
      parCode: subs[i].parCode, name: subs[i].name, n: subs[i].n, ciLow: subs[i].ciLow, ciHigh: subs[i].ciHigh,
      rateNeeded: l.pointTarget === null || l.maxPoints === null ? null : rateForPoints(l.pointTarget, l.maxPoints, rule),
    })),
    total: summary.total,
    partial: summary.partial,
    max: root.maxPoints ?? summary.max,
    target: summary.target,
    reached: summary.reached,
    rule,
  };
}
