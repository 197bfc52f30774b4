import type { Db } from "../../platform/db.server";
import { localDay, periodRange, previousQuarter, type PeriodCode } from "../../domain/periods";
import { feedbackFigures, type FeedbackFiguresData } from "../feedback/leader-figures.server";
import { InputError } from "../../platform/errors";
import { computeChildUnits, computeIndices, type IndexNodeView, type UnitRowView } from "./indices.server";
import { listUnits, pastUnits } from "../org/reference.server";
import type { Figure } from "../../domain/figure";
import type { Verdict } from "../../domain/verdict";

export interface FigureLine extends Figure {
  code: string;
  name: string;
  target: number | null;
  /** The rate target's verdict and, where the plan sets points, the point target's (app/domain/verdict.ts). */
  verdict: Verdict;
  pointTarget: number | null;
  points: number | null;
  pointsVerdict: Verdict | null;
  /** Where the target's baseline comes from, and its value (the whole previous year when measured). */
  baseline: { source: "stated" | "measured"; value: number | null } | null;
  previousQuarter: number | null;
  lastYear: number | null;
}

interface QuarterReport {
  unit: { code: string; name: string; level: string; parentName: string | null };
  year: number;
  quarter: number;
  days: { from: string; to: string };
  lines: FigureLine[];
  lowest: Array<{ code: string; name: string; parent: string; value: number; n: number; ciLow: number | null; ciHigh: number | null }>;
  children: UnitRowView[];
  feedback: FeedbackFiguresData;
  channels: string[];
  servicePoints: number;
  madeOn: string;
}

const LOWEST = 5;

export function parseQuarter(raw: string | null, fallback: number): number {
  if (!raw) return fallback;
  const q = Number(raw.replace(/^Q/i, ""));
  if (!Number.isInteger(q) || q < 1 || q > 4) throw new InputError("invalid_input", "Quý không hợp lệ.", { quarter: "Quý phải là 1, 2, 3 hoặc 4." }, 400);
  return q;
}

/** The quarter a report opens on: the last finished quarter (in Vietnam time) of the given year, or Q4 of a past year. */
export function defaultQuarter(year: number, now = new Date()): number {
  const today = localDay(now);
  const y = Number(today.slice(0, 4));
  if (year !== y) return 4;
  const current = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return Math.max(1, current - 1);
}

/**
 * Use case: the figures of a quarterly report for a unit (its subtree): SIPAS and each sub-index
 * with n, 95 % interval and target status; the previous quarter and the same quarter a year
 * earlier; the weakest criteria; the district-level units beneath; feedback handling.
 */
export async function quarterReport(db: Db, unitCode: string, year: number, quarter: number, now = new Date()): Promise<QuarterReport> {
  const period = `Q${quarter}` as PeriodCode;
  const range = periodRange(year, period);
  const prev = previousQuarter(year, quarter);
  const [cur, before, lastYear, children] = await Promise.all([
    computeIndices(db, { year, months: range.months, unit: unitCode }),
    computeIndices(db, { year: prev.year, months: periodRange(prev.year, `Q${prev.quarter}` as PeriodCode).months, unit: unitCode }),
    computeIndices(db, { year: year - 1, months: periodRange(year - 1, period).months, unit: unitCode }),
    computeChildUnits(db, { year, months: range.months, unit: unitCode }),
  ]);
  const flat = (nodes: IndexNodeView[], into = new Map<string, IndexNodeView>()) => {
    for (const n of nodes) { into.set(n.code, n); flat(n.children, into); }
    return into;
  };
  const beforeMap = flat(before.nodes);
  const lastMap = flat(lastYear.nodes);
  const root = cur.nodes[0];
  const heads = [root, ...root.children.filter((c) => c.kind === "node")];
  const lines: FigureLine[] = heads.map((n) => ({
    code: n.code, name: n.name, value: n.value, n: n.n, ciLow: n.ciLow, ciHigh: n.ciHigh,
    target: n.target?.threshold ?? null, verdict: n.verdict, pointTarget: n.target?.pointTarget ?? null, points: n.points, pointsVerdict: n.pointsVerdict,
    baseline: n.target && n.target.kind !== "absolute" ? { source: n.target.baselineSource, value: n.target.baseline } : null,
    previousQuarter: beforeMap.get(n.code)?.value ?? null, lastYear: lastMap.get(n.code)?.value ?? null,
  }));
  const lowest: QuarterReport["lowest"] = [];
  for (const sub of root.children) {
    for (const q of sub.children) {
      if (q.kind === "question" && q.value !== null && q.n > 0) lowest.push({ code: q.code, name: q.name, parent: sub.name, value: q.value, n: q.n, ciLow: q.ciLow, ciHigh: q.ciHigh });
    }
  }
  lowest.sort((a, b) => a.value - b.value || b.n - a.n);
  // The unit as it was at the end of the quarter (a district of 2024 is not among today's units).
  const units = await listUnits(db, range.days.to < localDay(now) ? range.days.to : localDay(now));
  const unit = units.find((u) => u.code === unitCode) ?? (await pastUnits(db, unitCode!))[0];
  const parent = units.find((u) => u.id === unit.parent_id);
  const feedback = await feedbackFigures(db, { year, unitId: unit.parent_id === null ? null : unit.id, now, days: range.days });
  return {
    unit: { code: unit.code, name: unit.name, level: unit.level, parentName: parent?.name ?? null },
    year, quarter, days: range.days, lines, lowest: lowest.slice(0, LOWEST), children, feedback,
    channels: cur.scope.channels, servicePoints: cur.scope.servicePoints, madeOn: localDay(now),
  };
}
