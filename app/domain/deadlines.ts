/**
 * Working days in Vietnam: weekends (Saturday, Sunday) and public holidays (Tết and the others,
 * held as data per year) are not counted. Days are local calendar days 'YYYY-MM-DD'.
 */
import { localDay } from "./periods";
import { addDays } from "./days";

export interface Calendar {
  holidays: ReadonlySet<string>;
  /** Days of the week that are not worked, 0 = Sunday … 6 = Saturday. */
  weekend?: ReadonlySet<number>;
  /** Weekend days that are worked (make-up days, "ngày làm bù"). */
  workingWeekends?: ReadonlySet<string>;
}

const DEFAULT_WEEKEND: ReadonlySet<number> = new Set([0, 6]);

function parseDay(day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a day: ${day}`);
  return t;
}


export function isWorkingDay(day: string, cal: Calendar): boolean {
  if (cal.workingWeekends?.has(day)) return true;
  const dow = new Date(parseDay(day)).getUTCDay();
  if ((cal.weekend ?? DEFAULT_WEEKEND).has(dow)) return false;
  return !cal.holidays.has(day);
}

/** The first working day on or after `day`. */
export function nextWorkingDay(day: string, cal: Calendar): string {
  let d = day;
  for (let i = 0; i < 400 && !isWorkingDay(d, cal); i++) d = addDays(d, 1);
  return d;
}

/**
 * The due day of a step of n working days that starts on `startDay`: the day of receipt is not
 * counted; the deadline is the end of the n-th working day after it.
 */
export function addWorkingDays(startDay: string, n: number, cal: Calendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError("working days must be a whole number ≥ 0");
  let d = startDay;
  let left = n;
  if (n === 0) return nextWorkingDay(d, cal);
  for (let guard = 0; left > 0 && guard < 2000; guard++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left -= 1;
  }
  return d;
}

/** Working days after `fromDay` up to and including `toDay` (0 when toDay ≤ fromDay). */
export function workingDaysBetween(fromDay: string, toDay: string, cal: Calendar): number {
  let count = 0;
  for (let d = addDays(fromDay, 1), guard = 0; d <= toDay && guard < 5000; d = addDays(d, 1), guard++) {
    if (isWorkingDay(d, cal)) count += 1;
  }
  return count;
}

/** Due at the end of `dueDay` in Vietnam: overdue from the next local day on. */
export function isOverdue(dueDay: string, now: Date | string): boolean {
  return localDay(now) > dueDay;
}

/** Whether a reminder is due: the deadline is within `daysBefore` working days and not passed. */
export function needsReminder(dueDay: string, now: Date | string, daysBefore: number, cal: Calendar): boolean {
  const today = localDay(now);
  if (today > dueDay) return false;
  return workingDaysBetween(today, dueDay, cal) <= daysBefore;
}
