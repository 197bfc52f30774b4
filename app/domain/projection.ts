/**
 * Projection of a target for the rest of the year: at the current rate of responses, will the
 * interval clear the target (or fall wholly below it) by the end of the year, and how many
 * responses would be needed to tell. Pure arithmetic; see docs/decisions/0008-targets-projection-alerts.md.
 */
import { Z95 } from "./scoring";
import type { VerdictStatus } from "./verdict";
import { MIN_SAMPLE, type Figure } from "./figure";

/**
 * Smallest sample size n for which the normal-approximation interval of a proportion p,
 * p ± z·√(p(1−p)/n), no longer contains the target t: z·√(p(1−p)/n) < |p − t|,
 * i.e. n > z²·p(1−p)/(p − t)². Null when p equals the target (no sample size can tell).
 * With p at 0 or 1 the variance is zero and one answer is enough.
 */
export function neededSample(p: number, target: number, z = Z95): number | null {
  const d = Math.abs(p - target);
  if (!(d > 1e-9)) return null;
  const bound = (z * z * p * (1 - p)) / (d * d);
  // The smallest integer strictly above the bound (n must make the half-width strictly smaller).
  return Math.max(1, Math.floor(bound) + 1);
}

/**
 * Effective respondents per respondent, from the interval actually shown: the node intervals use
 * respondent-level variance (one person's several answers are not independent), so the number of
 * respondents needed is the effective size divided by this ratio. Falls back to 1.
 */
export function effectiveRatio(p: number, n: number, ciLow: number | null, ciHigh: number | null, z = Z95): number {
  if (!(n > 0) || ciLow === null || ciHigh === null || p <= 0 || p >= 1) return 1;
  const half = (ciHigh - ciLow) / 2;
  if (!(half > 1e-9)) return 1;
  const nEff = (z * z * p * (1 - p)) / (half * half);
  const r = nEff / n;
  return Number.isFinite(r) && r > 0 ? r : 1;
}

/** Responses at the end of the period if they keep arriving at the rate so far. */
export function projectedSample(nSoFar: number, elapsedDays: number, totalDays: number): number {
  if (!(elapsedDays > 0) || nSoFar <= 0) return Math.max(0, nSoFar);
  const days = Math.max(elapsedDays, totalDays);
  return Math.round((nSoFar / elapsedDays) * days);
}

/** Days elapsed (1 … 365/366) and total days of a year at a local day 'YYYY-MM-DD'. */
export function yearProgress(year: number, today: string): { elapsed: number; total: number; state: "past" | "current" | "future" } {
  const start = Date.UTC(year, 0, 1);
  const total = Math.round((Date.UTC(year + 1, 0, 1) - start) / 86_400_000);
  const t = Date.parse(`${today}T00:00:00Z`);
  const elapsed = Math.floor((t - start) / 86_400_000) + 1;
  if (elapsed > total) return { elapsed: total, total, state: "past" };
  if (elapsed < 1) return { elapsed: 0, total, state: "future" };
  return { elapsed, total, state: "current" };
}

/**
 * What the rest of an open year holds for a target, given the verdict so far (app/domain/verdict.ts).
 * A closed year has no outlook: it is judged on its measured value.
 */
type Outlook =
  /** The period is over: no projection and no request for more responses. */
  | "closed"
  /** The interval already lies wholly at or above the target. */
  | "on_track"
  /** The interval already lies wholly below the target. */
  | "off_track"
  /** Straddling; at the current rate, enough responses arrive by year end to confirm it is met. */
  | "likely_met"
  /** Straddling; at the current rate, enough responses arrive by year end to show it is missed. */
  | "likely_missed"
  /** Straddling; too few responses by year end (at the current rate) to tell. */
  | "undecided"
  /** Below the minimum sample so far. */
  | "insufficient"
  | "no_data"
  | "no_target";

export interface ProjectionInput extends Figure {
  threshold: number | null;
  verdict: VerdictStatus;
  year: number;
  /** Local day in Vietnam, 'YYYY-MM-DD'. */
  today: string;
}

export interface Projection {
  outlook: Outlook;
  /** Respondents needed in all (for the interval to exclude the target if the value holds; the minimum sample when below it). */
  needed: number | null;
  /** needed − n so far, at least 0. */
  more: number | null;
  /** Respondents expected by the end of the year at the rate so far. */
  projected: number;
  /** Respondents per day so far this year. */
  ratePerDay: number | null;
  yearState: "past" | "current" | "future";
}

export function projectTarget(i: ProjectionInput): Projection {
  const progress = yearProgress(i.year, i.today);
  const projected = progress.state === "current" ? projectedSample(i.n, progress.elapsed, progress.total) : i.n;
  const ratePerDay = progress.elapsed > 0 && i.n > 0 ? i.n / progress.elapsed : null;
  const base = { projected, ratePerDay, yearState: progress.state };
  const none = { needed: null, more: null, ...base };
  switch (i.verdict) {
    case "no_data":
    case "no_target":
      return { outlook: i.verdict, ...none };
    case "met":
    case "missed":
      return { outlook: "closed", ...none };
    case "insufficient":
      return progress.state === "past" ? { outlook: "closed", ...none } : { outlook: "insufficient", needed: MIN_SAMPLE, more: Math.max(0, MIN_SAMPLE - i.n), ...base };
    case "on_track":
    case "off_track":
      return { outlook: i.verdict, ...none };
    case "uncertain": {
      if (i.value === null || i.threshold === null) return { outlook: "undecided", ...none };
      const eff = neededSample(i.value, i.threshold);
      const needed = eff === null ? null : Math.ceil(eff / effectiveRatio(i.value, i.n, i.ciLow, i.ciHigh));
      const more = needed === null ? null : Math.max(0, needed - i.n);
      if (needed !== null && projected >= needed) return { outlook: i.value >= i.threshold ? "likely_met" : "likely_missed", needed, more, ...base };
      return { outlook: "undecided", needed, more, ...base };
    }
  }
}
