// Closed months: the rollups of a month before the current one change only when a write reaches
// back into it (a paper import, an exclusion, a kiosk's late upload), and every such write bumps
// one setting (the rollup epoch, a new random value each time). Readers may keep what they summed over closed months until the
// counter moves, and read only the live months again (docs/decisions/0020-closed-months.md).
import { localDay } from "./periods";

export interface MonthRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** The setting whose value changes with every write that reaches a closed month. */
export const ROLLUP_EPOCH_KEY = "rollups.closed_epoch";

/**
 * The first month a reader still reads live: the local month of a day ago. A day of margin, so
 * that a writer whose clock says "this month" (and does not bump) never writes into a month a
 * reader already keeps, even across a month's end and some clock drift between servers.
 */
export function liveMonthFrom(now: Date): string {
  return localDay(new Date(now.getTime() - DAY_MS)).slice(0, 7);
}

/** True when a write on these local days reaches a closed month: the writer must bump the epoch. */
export function reachesClosedMonth(days: Iterable<string>, now: Date): boolean {
  const current = localDay(now).slice(0, 7);
  for (const d of days) if (d.slice(0, 7) < current) return true;
  return false;
}

/** The month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** The year of a range that is exactly one whole year ("2024"), else null: such a range reads the yearly rollups. */
export function wholeYearOf(months: MonthRange): string | null {
  const year = months.from.slice(0, 4);
  return months.to.slice(0, 4) === year && months.from.endsWith("-01") && months.to.endsWith("-12") ? year : null;
}

/** A range of months split at the first live month: the closed part (may be kept) and the live part. */
export function splitAtLive(months: MonthRange, live: string): { closed: MonthRange | null; live: MonthRange | null } {
  if (months.to < live) return { closed: months, live: null };
  if (months.from >= live) return { closed: null, live: months };
  return { closed: { from: months.from, to: previousMonth(live) }, live: { from: live, to: months.to } };
}
