/**
 * When a service point raises an alert: its satisfaction over the last 7 days is below a floor, or
 * below its target by more than a margin (both only with enough respondents to mean something), or
 * no response arrived on the last working day although responses were arriving before.
 */
import { isWorkingDay, type Calendar } from "./deadlines";
import { addDays } from "./days";

export type AlertKind = "low_satisfaction" | "below_target" | "silence";
export const ALERT_KINDS: AlertKind[] = ["low_satisfaction", "below_target", "silence"];

interface AlertRules {
  minSatisfaction: number;
  targetMargin: number;
  minResponses: number;
}

interface PointWeek {
  /** Satisfaction over the 7 days (null without answers) and respondents. */
  value: number | null;
  n: number;
  /** The point's target level for the year (null: none). */
  threshold: number | null;
  /** Respondents on the last working day before today, and in the look-back days before it. */
  lastWorkingDayCount: number;
  earlierCount: number;
}

interface AlertCondition {
  kind: AlertKind;
  value: number | null;
  threshold: number | null;
  n: number;
}

/** The conditions that hold for one point (empty: none; any open alert of another kind clears). */
export function alertConditions(w: PointWeek, rules: AlertRules): AlertCondition[] {
  const out: AlertCondition[] = [];
  const enough = w.value !== null && w.n >= rules.minResponses;
  if (enough && w.value! < rules.minSatisfaction - 1e-12) {
    out.push({ kind: "low_satisfaction", value: w.value, threshold: rules.minSatisfaction, n: w.n });
  }
  if (enough && w.threshold !== null && w.value! < w.threshold - rules.targetMargin - 1e-12) {
    out.push({ kind: "below_target", value: w.value, threshold: w.threshold, n: w.n });
  }
  if (w.lastWorkingDayCount === 0 && w.earlierCount > 0) {
    out.push({ kind: "silence", value: null, threshold: null, n: 0 });
  }
  return out;
}

/** The last working day strictly before `today` (looks back at most a month). */
export function lastWorkingDayBefore(today: string, cal: Calendar): string {
  let d = addDays(today, -1);
  for (let i = 0; i < 31 && !isWorkingDay(d, cal); i++) d = addDays(d, -1);
  return d;
}

/** The 7 local days ending today: [today − 6, today]. */
export function weekWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -6), to: today };
}
