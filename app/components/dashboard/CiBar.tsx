import { type Lang, formatPercent } from "../../i18n/format";
import { rangeText } from "./format";

/** The axis of a column of interval bars: from a round 5% step below the lowest figure to 100%. */
export function barFloor(rows: Array<{ ciLow: number | null; value: number | null; threshold?: number | null }>): number {
  const xs = rows.flatMap((r) => [r.ciLow, r.value, r.threshold ?? null]).filter((x): x is number => x !== null && Number.isFinite(x));
  if (xs.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...xs) - 0.03) * 20) / 20);
}

/**
 * A small horizontal 95% interval: a bar from the low to the high end, a dot at the value and a
 * black tick at the target. Drawn with CSS on the server (no script); the title spells it out.
 */
export function CiBar({ lang, value, ciLow, ciHigh, threshold = null, status = "no_target", floor = 0 }: {
  lang: Lang; value: number | null; ciLow: number | null; ciHigh: number | null; threshold?: number | null; status?: string; floor?: number;
}) {
  if (value === null || ciLow === null || ciHigh === null) return <span className="ci-bar empty" aria-hidden="true" />;
  const pos = (x: number) => `${Math.min(100, Math.max(0, ((x - floor) / (1 - floor)) * 100)).toFixed(2)}%`;
  const label = `${formatPercent(value, lang)} (${rangeText(lang, ciLow, ciHigh)})${threshold !== null ? ` · ${lang === "en" ? "target" : "chỉ tiêu"} ${formatPercent(threshold, lang)}` : ""}`;
  return (
    <span className={`ci-bar ${status}`} role="img" aria-label={label} title={label}>
      <span className="ci-range" style={{ left: pos(ciLow), width: `calc(${pos(ciHigh)} - ${pos(ciLow)})` }} />
      {threshold !== null ? <span className="ci-target" style={{ left: pos(threshold) }} /> : null}
      <span className="ci-dot" style={{ left: pos(value) }} />
    </span>
  );
}
