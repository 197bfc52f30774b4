import type { Db } from "../../platform/db.server";
import type { SessionUser } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { localDay } from "../../domain/periods";
import { yearClosed } from "../../domain/verdict";
import { lastFullMonth, leaderSummary, monthBefore, type MonthFigure, type Summary } from "../../domain/leader-summary";
import type { FeedbackFiguresData } from "../feedback/leader-figures.server";
import { feedbackFigures } from "../feedback/leader-figures.server";
import { listUnits } from "../org/reference.server";
import { computeChildUnits, computeIndices, type IndexNodeView, type UnitRowView } from "./indices.server";
import { listAlerts, type AlertView } from "./alerts.server";
import { defaultYear } from "./dashboard.server";

/** What a leader reads first: the headline node with its verdicts, and the summary's sentences. */
export interface LeaderOverview {
  year: number;
  unit: { code: string; name: string };
  root: IndexNodeView;
  summary: Summary;
}

/** The scope's SIPAS in one month (null when the unit was not in force then). */
async function monthFigure(db: Db, unit: string, month: string): Promise<MonthFigure> {
  try {
    const r = await computeIndices(db, { year: Number(month.slice(0, 4)), months: { from: month, to: month }, unit });
    const n = r.nodes[0];
    return { month, value: n.value, n: n.n, ciLow: n.ciLow, ciHigh: n.ciHigh };
  } catch (e) {
    if (e instanceof InputError) return { month, value: null, n: 0, ciLow: null, ciHigh: null };
    throw e;
  }
}

/** The last full month against the one before it, for the scope. */
export async function monthChange(db: Db, unit: string, year: number, now = new Date()) {
  // A finished year is compared with the year before (app/domain/leader-summary.ts), not month to month.
  if (yearClosed(year, localDay(now))) return null;
  const m = lastFullMonth(year, localDay(now));
  if (!m) return null;
  const [current, previous] = await Promise.all([monthFigure(db, unit, m), monthFigure(db, unit, monthBefore(m))]);
  return { current, previous };
}

/** Builds the summary from figures a page already has (the dashboard reads them once). */
export function summaryOf(
  year: number, root: IndexNodeView, children: UnitRowView[], months: Awaited<ReturnType<typeof monthChange>>,
  feedback: FeedbackFiguresData, alerts: AlertView[], now = new Date(),
): Summary {
  return leaderSummary({
    year,
    subs: root.children.filter((c) => c.kind === "node").map((c) => ({ code: c.code, name: c.name, value: c.value, n: c.n, ciLow: c.ciLow, ciHigh: c.ciHigh })),
    places: children.map((u) => ({ code: u.code, name: u.name, value: u.value, n: u.n, ciLow: u.ciLow, ciHigh: u.ciHigh })),
    months,
    closed: yearClosed(year, localDay(now)),
    value: root.value,
    previousYearValue: root.previous,
    feedback: { received: feedback.totals.received, backlog: feedback.totals.backlog, overdue: feedback.totals.overdue },
    alerts: { open: alerts.length, unacknowledged: alerts.filter((a) => a.status === "open").length },
  });
}

/** Use case: the staff home page's overview of the user's home unit for the default year. */
export async function leaderOverview(db: Db, user: SessionUser, unitCode: string, now = new Date()): Promise<LeaderOverview> {
  const year = await defaultYear(db);
  const units = await listUnits(db);
  const unit = units.find((u) => u.code === unitCode);
  const [indices, children, months, feedback, alerts] = await Promise.all([
    computeIndices(db, { year, unit: unitCode }),
    computeChildUnits(db, { year, unit: unitCode }),
    monthChange(db, unitCode, year, now),
    feedbackFigures(db, { year, unitId: unit && unit.parent_id !== null ? unit.id : null, now }),
    listAlerts(db, user, { status: "current", limit: 500 }),
  ]);
  const root = indices.nodes[0];
  return { year, unit: { code: unitCode, name: indices.scope.name }, root, summary: summaryOf(year, root, children, months, feedback, alerts, now) };
}
