/**
 * PAR Index points of criterion 8.1 from satisfaction rates. The province's rule is data: linear
 * (max points × rate, the documented default) or threshold bands (a rate at or above a band's
 * minimum earns that band's share of the maximum). See docs/decisions/0008-targets-projection-alerts.md.
 */
import type { Figure } from "./figure";

interface PointsBand {
  /** Lowest rate of the band, 0…1. */
  min: number;
  /** Share of the maximum points earned in the band, 0…1. */
  share: number;
}

export type PointsRule = { kind: "linear" } | { kind: "bands"; bands: PointsBand[] };

const LINEAR: PointsRule = { kind: "linear" };

/** Points of one node under a rule; null without a value or a maximum. */
export function pointsFor(value: number | null, maxPoints: number | null | undefined, rule: PointsRule = LINEAR): number | null {
  if (value === null || maxPoints === null || maxPoints === undefined) return null;
  if (rule.kind === "linear") return maxPoints * value;
  const band = [...rule.bands].sort((a, b) => b.min - a.min).find((b) => value >= b.min - 1e-12);
  return maxPoints * (band?.share ?? 0);
}

/** The lowest rate that earns `points` of `maxPoints` under the rule (null when unreachable). */
export function rateForPoints(points: number, maxPoints: number, rule: PointsRule = LINEAR): number | null {
  if (!(maxPoints > 0)) return null;
  if (rule.kind === "linear") return points <= maxPoints + 1e-12 ? Math.max(0, points / maxPoints) : null;
  const ok = rule.bands.filter((b) => maxPoints * b.share >= points - 1e-12).sort((a, b) => a.min - b.min);
  return ok.length > 0 ? ok[0].min : null;
}

interface PointsItem {
  code: string;
  value: number | null;
  maxPoints: number | null;
  pointTarget: number | null;
}

interface PointsLine extends PointsItem {
  points: number | null;
  /** points ≥ point target (null when either is missing). */
  reached: boolean | null;
}

export interface PointsSummary {
  lines: PointsLine[];
  /** Sum of the lines' points; null when any line has no value. */
  total: number | null;
  max: number;
  /** Points so far from the lines with data (a floor while some have none). */
  partial: number;
  target: number | null;
  reached: boolean | null;
}

/** Criterion-level summary: each sub-index's points against its point target, and the total. */
export function pointsSummary(items: PointsItem[], rule: PointsRule, totalTarget: number | null): PointsSummary {
  const lines = items.map((i) => {
    const points = pointsFor(i.value, i.maxPoints, rule);
    return { ...i, points, reached: points === null || i.pointTarget === null ? null : points >= i.pointTarget - 1e-9 };
  });
  const missing = lines.some((l) => l.points === null);
  const partial = lines.reduce((a, l) => a + (l.points ?? 0), 0);
  const total = missing ? null : partial;
  return {
    lines,
    total,
    max: lines.reduce((a, l) => a + (l.maxPoints ?? 0), 0),
    partial,
    target: totalTarget,
    reached: total === null || totalTarget === null ? null : total >= totalTarget - 1e-9,
  };
}

/** Reads a stored rule (JSON text); anything invalid falls back to linear. */
export function parsePointsRule(text: string | null | undefined): PointsRule {
  if (!text) return LINEAR;
  try {
    const r = JSON.parse(text) as { kind?: unknown; bands?: unknown };
    if (r.kind === "bands" && Array.isArray(r.bands)) {
      const bands = r.bands
        .map((b) => ({ min: Number((b as PointsBand).min), share: Number((b as PointsBand).share) }))
        .filter((b) => b.min >= 0 && b.min <= 1 && b.share >= 0 && b.share <= 1);
      if (bands.length > 0) return { kind: "bands", bands: bands.sort((a, b) => b.min - a.min) };
    }
  } catch {
    // fall through
  }
  return LINEAR;
}

/**
 * A rate figure read as PAR points under the rule: the value and both ends of the interval become
 * points (points rise with the rate, so the interval maps end to end). n is unchanged.
 */
export function pointsFigure(f: Figure, maxPoints: number, rule: PointsRule = LINEAR): Figure {
  const at = (v: number | null) => (v === null ? null : pointsFor(v, maxPoints, rule));
  return { value: at(f.value), n: f.n, ciLow: at(f.ciLow), ciHigh: at(f.ciHigh) };
}
