import type { VerdictStatus } from "../../domain/verdict";
import { type Lang, formatNumber, formatPercent, formatPoints } from "../../i18n/format";
import { dashboardVi, td, type DashboardKey } from "../../i18n/dashboard";
import type { IndexNodeView, UnitRowView } from "../../services/indices/indices.server";

export type { IndexNodeView, UnitRowView };



/** 1,5 / 8,5 / 10: a number with up to `max` decimals (no trailing zeros). */
export function formatDecimal(v: number | null | undefined, lang: Lang, max = 2): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "vi-VN", { minimumFractionDigits: 0, maximumFractionDigits: max }).format(v);
}

export function channelLabel(lang: Lang, channel: string): string {
  const key = `channel.${channel}`;
  return key in dashboardVi ? td(lang, key as DashboardKey) : channel;
}

/** A short sub-index name for chart ticks and table headers. */
export function shortName(lang: Lang, node: Pick<IndexNodeView, "code" | "name" | "nameEn">): string {
  const key = `short.${node.code}`;
  return key in dashboardVi ? td(lang, key as DashboardKey) : nodeName(lang, node);
}

export function nodeName(lang: Lang, node: Pick<IndexNodeView, "name" | "nameEn">): string {
  return lang === "en" && node.nameEn ? node.nameEn : node.name;
}

export function ciText(lang: Lang, low: number | null, high: number | null): string {
  if (low === null || high === null) return td(lang, "card.ciNone");
  return td(lang, "card.ci", { low: formatPercent(low, lang), high: formatPercent(high, lang) });
}

export function rangeText(lang: Lang, low: number | null, high: number | null): string {
  if (low === null || high === null) return "—";
  return `${formatPercent(low, lang)} – ${formatPercent(high, lang)}`;
}

export function nText(lang: Lang, n: number): string {
  return td(lang, "card.n", { n: formatNumber(n, lang) });
}

/** The target in words: "Chỉ tiêu: ≥ 85,00%", "Chỉ tiêu: +3 điểm % so với 2023 (cơ sở 78,73% đo được)". */
export function targetLines(lang: Lang, node: IndexNodeView, year: number): { main: string; threshold: string | null } {
  const t = node.target;
  if (!t) return { main: td(lang, "target.none", { year }), threshold: null };
  const prevYear = year - 1;
  const baseline =
    t.baseline === null
      ? td(lang, "target.baselineMissing", { year: prevYear })
      : td(lang, t.baselineSource === "stated" ? "target.baselineStated" : "target.baselineMeasured", { value: formatPercent(t.baseline, lang) });
  switch (t.kind) {
    case "absolute":
      return { main: td(lang, "target.absolute", { value: formatPercent(t.value ?? t.threshold, lang) }), threshold: null };
    case "delta_pp":
      return {
        main: `${td(lang, "target.delta_pp", { value: formatDecimal((t.value ?? 0) * 100, lang), year: prevYear })} (${baseline})`,
        threshold: t.threshold === null ? null : td(lang, "target.threshold", { value: formatPercent(t.threshold, lang) }),
      };
    case "delta_rel":
      return {
        main: `${td(lang, "target.delta_rel", { value: formatDecimal((t.value ?? 0) * 100, lang), year: prevYear })} (${baseline})`,
        threshold: t.threshold === null ? null : td(lang, "target.threshold", { value: formatPercent(t.threshold, lang) }),
      };
    case "improve":
      return {
        main: `${td(lang, "target.improve")} (${baseline})`,
        threshold: t.threshold === null ? null : td(lang, "target.thresholdStrict", { value: formatPercent(t.threshold, lang) }),
      };
  }
}

/** "1,20 / 1,5 điểm", and for a node with a point target below the maximum "· chỉ tiêu 8,5/10". */
export function pointsText(lang: Lang, node: IndexNodeView, alwaysTarget = false): string | null {
  if (node.maxPoints === null) return null;
  const base = td(lang, "card.points", { points: formatNumber(node.points, lang, 2), max: formatDecimal(node.maxPoints, lang) });
  const pt = node.target?.pointTarget ?? null;
  if (pt !== null && (alwaysTarget || pt < node.maxPoints)) {
    return `${base} · ${td(lang, "card.pointTarget", { target: formatDecimal(pt, lang), max: formatDecimal(node.maxPoints, lang) })}`;
  }
  return base;
}

export function previousText(lang: Lang, node: IndexNodeView, year: number): { value: string; change: string | null } {
  const prevYear = year - 1;
  if (node.previous === null) return { value: td(lang, "card.previousNone", { year: prevYear }), change: null };
  return {
    value: td(lang, "card.previous", { year: prevYear, value: formatPercent(node.previous, lang) }),
    change: node.value === null ? null : td(lang, "card.change", { delta: formatPoints(node.value - node.previous, lang), year: prevYear }),
  };
}


/** One bar of the sub-index chart. */
export interface Datum {
  code: string;
  label: string;
  value: number | null;
  err: [number, number] | null;
  ciLow: number | null;
  ciHigh: number | null;
  threshold: number | null;
  status: VerdictStatus;
  n: number;
  uncertain: boolean;
}

/**
 * The value axis starts at a round 10% below the lowest figure (never below 0), so that gaps of a
 * few points to the target stay visible; the legend says where it starts.
 */
export function axisFloor(data: Datum[]): number {
  const xs = data.flatMap((d) => [d.value, d.ciLow, d.threshold]).filter((x): x is number => x !== null && Number.isFinite(x));
  if (xs.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...xs) - 0.1) * 10) / 10);
}


/** Where a drill-down link leads: the same year, channel and language, another scope or node. */
interface DrillTarget {
  unit?: string;
  point?: string;
  agency?: string;
  node?: string | null;
  /** "current": mapped to today's units (the default "then" is left out of the link). */
  tree?: string | null;
}

export function drillHref(lang: Lang, year: number, channel: string, to: DrillTarget): string {
  const p = new URLSearchParams({ year: String(year), channel });
  let path = "/dashboard";
  if (to.point) path = `/dashboard/diem/${encodeURIComponent(to.point)}`;
  else if (to.agency) path = `/dashboard/co-quan/${encodeURIComponent(to.agency)}`;
  else if (to.unit) p.set("unit", to.unit);
  if (to.node && to.node !== "SIPAS") p.set("node", to.node);
  if (to.tree === "current" && !to.point && !to.agency) p.set("tree", "current");
  if (lang === "en") p.set("lang", "en");
  return `${path}?${p.toString()}`;
}

/** The path from the index root to a node (for breadcrumbs), or null when the code is not in the tree. */
export function nodePath(root: IndexNodeView, code: string): IndexNodeView[] | null {
  if (root.code === code) return [root];
  for (const c of root.children) {
    const p = nodePath(c, code);
    if (p) return [root, ...p];
  }
  return null;
}
