// A measured figure and the rules every surface shares about it.

/** A measured figure: a share satisfied (0–1) or a mean, its respondents, and its 95% interval. */
export interface Figure {
  value: number | null;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
}

export const NO_FIGURE: Figure = { value: null, n: 0, ciLow: null, ciHigh: null };

/** Below this many respondents a figure is shown but not interpreted (no verdict). */
export const MIN_SAMPLE = 30;

/** Weakest first; rows without data last; ties by code, so the order is stable. */
export function weakestFirst<T extends { value: number | null; code: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.value ?? Infinity) - (b.value ?? Infinity) || a.code.localeCompare(b.code));
}
