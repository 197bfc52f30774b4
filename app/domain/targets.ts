/** Targets of a year for an index node and a scope. The status of a figure against one: app/domain/verdict.ts. */
export type TargetKind = "absolute" | "delta_pp" | "delta_rel" | "improve";
export const TARGET_KINDS: TargetKind[] = ["absolute", "delta_pp", "delta_rel", "improve"];

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
