// Feedback figures for leaders: on time, overdue, ratings after handling, per agency.
import { workingDaysBetween, type Calendar } from "../../domain/deadlines";
import { localDay } from "../../domain/periods";
import { loadCalendar } from "./feedback.server";
import { subtreeIds } from "../org/reference.server";
import { DONE_STATUSES, OPEN_STATUSES } from "./staff-scope.server";
import type { Db } from "../../platform/db.server";


export interface AgencyFigures {
  agencyCode: string | null;
  agencyName: string;
  received: number;
  answered: number;
  answeredOnTime: number;
  /** answeredOnTime / answered; null when nothing was answered. */
  onTimeRate: number | null;
  /** Median working days from receipt to answer; null when nothing was answered. */
  medianWorkingDays: number | null;
  backlog: number;
  overdue: number;
}

export interface FeedbackFiguresData {
  year: number;
  unitId: number | null;
  asOf: string;
  totals: Omit<AgencyFigures, "agencyCode" | "agencyName">;
  agencies: AgencyFigures[];
  ratings: { channel: string; count: number; satisfied: number; satisfiedShare: number | null };
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function figuresOf(items: Array<{ received_day: string; due_day: string; answered_at: string | null; status: string }>, today: string, cal: Calendar) {
  let answered = 0;
  let onTime = 0;
  let backlog = 0;
  let overdue = 0;
  const durations: number[] = [];
  for (const it of items) {
    if (it.answered_at && DONE_STATUSES.includes(it.status)) {
      answered += 1;
      const day = localDay(it.answered_at);
      if (day <= it.due_day) onTime += 1;
      durations.push(workingDaysBetween(it.received_day, day, cal));
    } else if ((OPEN_STATUSES as readonly string[]).includes(it.status)) {
      backlog += 1;
      if (today > it.due_day) overdue += 1;
    }
  }
  return { received: items.length, answered, answeredOnTime: onTime, onTimeRate: answered ? onTime / answered : null, medianWorkingDays: median(durations), backlog, overdue };
}

/**
 * Handling figures of a year (items received that year), per agency, for the items of a unit's
 * subtree (or all). On time = answered on or before the due day (Vietnam local day). Handling time
 * in working days with the holiday calendar. Weakest (lowest on-time rate) first; agencies with
 * nothing answered yet come after, most overdue first. Sender ratings form their own channel:
 * "phản hồi sau xử lý".
 */
export async function feedbackFigures(db: Db, opts: { year: number; unitId: number | null; now?: Date; days?: { from: string; to: string } }): Promise<FeedbackFiguresData> {
  const now = opts.now ?? new Date();
  const today = localDay(now);
  // Items received in the year, or in a narrower range of local days (a quarter for reports).
  const days = opts.days ?? { from: `${opts.year}-01-01`, to: `${opts.year}-12-31` };
  let q = db.selectFrom("feedback_item as f").leftJoin("agency as a", "a.id", "f.agency_id")
    .select(["f.agency_id", "f.received_day", "f.due_day", "f.answered_at", "f.status", "f.rating", "a.code as agency_code", "a.name as agency_name"])
    .where("f.received_day", ">=", days.from).where("f.received_day", "<=", days.to);
  if (opts.unitId !== null) {
    const units = await db.selectFrom("admin_unit").select(["id", "code", "name", "name_en", "level", "parent_id"]).execute();
    q = q.where("f.unit_id", "in", [...subtreeIds(units, opts.unitId)]);
  }
  const [items, cal] = await Promise.all([q.execute(), loadCalendar(db)]);
  const groups = new Map<string, typeof items>();
  for (const it of items) {
    const key = it.agency_code ?? "";
    groups.set(key, [...(groups.get(key) ?? []), it]);
  }
  const agencies: AgencyFigures[] = [...groups.entries()].map(([code, rows]) => ({
    agencyCode: code || null,
    agencyName: rows[0].agency_name ?? "Chưa phân công (hàng chờ điều phối)",
    ...figuresOf(rows, today, cal),
  }));
  agencies.sort((a, b) => {
    if (a.onTimeRate === null && b.onTimeRate !== null) return 1;
    if (b.onTimeRate === null && a.onTimeRate !== null) return -1;
    return (a.onTimeRate ?? 0) - (b.onTimeRate ?? 0) || b.overdue - a.overdue || b.received - a.received || a.agencyName.localeCompare(b.agencyName, "vi");
  });
  const rated = items.filter((i) => i.rating !== null);
  const satisfied = rated.filter((i) => (i.rating ?? 0) >= 4).length;
  return {
    year: opts.year,
    unitId: opts.unitId,
    asOf: today,
    totals: figuresOf(items, today, cal),
    agencies,
    ratings: { channel: "phản hồi sau xử lý", count: rated.length, satisfied, satisfiedShare: rated.length ? satisfied / rated.length : null },
  };
}
