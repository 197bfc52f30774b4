// Calendar days 'YYYY-MM-DD': arithmetic and the Vietnamese way to write them (dd/mm/yyyy).
// A day is a local calendar day; no time zone is involved.

const DAY_MS = 86_400_000;

function parseDay(day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a day: ${day}`);
  return t;
}

/** The day n days after (n < 0: before) a day. */
export function addDays(day: string, n: number): string {
  return new Date(parseDay(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The day before a day (for closing a version the day before a change). */
export function dayBefore(day: string): string {
  return addDays(day, -1);
}

export function dayAfter(day: string): string {
  return addDays(day, 1);
}

/** 2024-06-17 → 17/06/2024 (a date-time gives its day); nothing or not a day → "—". */
export function viDay(day: string | null | undefined): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "—";
}
