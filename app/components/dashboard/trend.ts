// What the trend section and its lazily loaded chart share.
import type { Lang } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { TrendPoint } from "../../services/indices/dashboard.server";

export interface TrendChartProps {
  lang: Lang;
  year: number;
  data: TrendPoint[];
  threshold: number | null;
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function monthLabel(lang: Lang, m: number): string {
  return td(lang, "trend.monthShort", { m, mon: MONTHS_EN[m - 1] });
}
