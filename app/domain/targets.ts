/** Targets of a year for an index node and a scope, and the status of a measured value. */
export type TargetKind = "absolute" | "delta_pp" | "delta_rel" | "improve";
export const TARGET_KINDS: TargetKind[] = ["absolute", "delta_pp", "delta_rel", "improve"];

export type TargetStatus = "met" | "at_risk" | "missed" | "no_target" | "no_data";

interface TargetDef {
  kind: TargetKind;
  /** absolute: the level (0.85); delta_pp: points as a fraction (0.03); delta_rel: share (0.03). */
  value: number | null;
  baselineSource: "stated" | "measured";
  /** Stated baseline; for a measured baseline, the previous year's value is passed separately. */
  baselineValue: number | null;
}

interface ResolvedTarget {
  /** The level the value must reach; null when it cannot be resolved (no baseline). */
  threshold: number | null;
  baseline: number | null;
  /** `improve` needs a value strictly above the baseline. */
  strict: boolean;
}

export function resolveTarget(t: TargetDef, measuredBaseline: number | null): ResolvedTarget {
  const baseline = t.baselineSource === "stated" ? t.baselineValue : measuredBaseline;
  const strict = t.kind === "improve";
  if (t.kind === "absolute") return { threshold: t.value, baseline, strict };
  if (baseline === null || baseline === undefined) return { threshold: null, baseline: null, strict };
  switch (t.kind) {
    case "delta_pp":
      return { threshold: baseline + (t.value ?? 0), baseline, strict };
    case "delta_rel":
      return { threshold: baseline * (1 + (t.value ?? 0)), baseline, strict };
    case "improve":
      return { threshold: baseline, baseline, strict };
  }
}

/**
 * met: the whole interval clears the target; missed: the whole interval is below it;
 * at_risk: the interval straddles it.
 */
export function targetStatus(
  value: number | null,
  ciLow: number | null,
  ciHigh: number | null,
  target: ResolvedTarget | null,
): TargetStatus {
  if (value === null || ciLow === null || ciHigh === null) return "no_data";
  if (!target || target.threshold === null) return "no_target";
  const eps = 1e-12;
  const t = target.threshold;
  const clears = target.strict ? ciLow > t + eps : ciLow >= t - eps;
  if (clears) return "met";
  const below = target.strict ? ciHigh <= t + eps : ciHigh < t - eps;
  return below ? "missed" : "at_risk";
}
