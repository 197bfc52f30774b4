/**
 * The one rule that judges a figure against a target. Every surface that shows a status
 * (dashboard cards, league tables, desk and agency pages, the PAR page, targets, quarterly
 * reports, published results, exports and the API) calls `judge`, and words it with
 * `verdictWords`. The cases are in docs/decisions/0019-one-verdict.md.
 *
 * - A figure below the minimum sample gets no verdict ("insufficient").
 * - A closed period (its last day has passed) is judged on the measured value, which is how a
 *   yearly target is officially judged: met or missed. When the 95% interval straddles the
 *   threshold, a note says the judgement is not statistically certain.
 * - An open period is judged on the interval: on track when it lies wholly at or above the
 *   threshold, off track when wholly below, uncertain when it straddles it.
 */
import { MIN_SAMPLE, type Figure } from "./figure";

export type VerdictStatus =
  | "no_data"
  | "insufficient"
  | "no_target"
  | "met"
  | "missed"
  | "on_track"
  | "off_track"
  | "uncertain";

export const VERDICT_STATUSES: readonly VerdictStatus[] = ["met", "missed", "on_track", "off_track", "uncertain", "insufficient", "no_target", "no_data"];

/** The level a figure must reach. `strict` (target "improve"): strictly above the threshold. */
export interface Threshold {
  threshold: number | null;
  strict?: boolean;
}

export interface Verdict {
  status: VerdictStatus;
  /** The threshold judged against (null without a target). */
  threshold: number | null;
  /** Closed period only: the interval straddles the threshold, so the verdict is not statistically certain. */
  uncertain: boolean;
  /** The respondents the figure rests on (for "chưa đủ mẫu (n = …)"). */
  n: number;
}

/** Colour family of a status: success, failure, undecided, or none (no colour of success or failure). */
export type VerdictTone = "good" | "bad" | "unsure" | "none";

export function verdictTone(status: VerdictStatus): VerdictTone {
  switch (status) {
    case "met":
    case "on_track":
      return "good";
    case "missed":
    case "off_track":
      return "bad";
    case "uncertain":
      return "unsure";
    default:
      return "none";
  }
}

const EPS = 1e-12;

/** Does `x` reach the threshold? */
function reaches(x: number, t: number, strict: boolean): boolean {
  return strict ? x > t + EPS : x >= t - EPS;
}

/**
 * Judges a figure against a target for a period. `closed`: the period's last day has passed.
 * `minSample` defaults to the one constant MIN_SAMPLE.
 */
export function judge(figure: Figure, target: Threshold | null, closed: boolean, minSample = MIN_SAMPLE): Verdict {
  const threshold = target?.threshold ?? null;
  const base = { threshold, uncertain: false, n: figure.n };
  if (figure.value === null || !(figure.n > 0)) return { ...base, status: "no_data" };
  if (figure.n < minSample) return { ...base, status: "insufficient" };
  if (threshold === null) return { ...base, status: "no_target" };
  const strict = target?.strict ?? false;
  const low = figure.ciLow ?? figure.value;
  const high = figure.ciHigh ?? figure.value;
  const lowClears = reaches(low, threshold, strict);
  const highClears = reaches(high, threshold, strict);
  if (closed) {
    const met = reaches(figure.value, threshold, strict);
    // Met with the lower end below, or missed with the upper end reaching it: the interval straddles.
    return { ...base, status: met ? "met" : "missed", uncertain: met ? !lowClears : highClears };
  }
  if (lowClears) return { ...base, status: "on_track" };
  if (!highClears) return { ...base, status: "off_track" };
  return { ...base, status: "uncertain" };
}

/** Has a period whose last local day is `lastDay` (YYYY-MM-DD) ended by local day `today`? */
export function periodClosed(lastDay: string, today: string): boolean {
  return lastDay < today;
}

/** Has the calendar year ended by local day `today`? */
export function yearClosed(year: number, today: string): boolean {
  return periodClosed(`${year}-12-31`, today);
}

type VerdictLang = "vi" | "en";

const WORDS: Record<VerdictLang, Record<VerdictStatus, string>> = {
  vi: {
    met: "Đạt",
    missed: "Không đạt",
    on_track: "Đang đạt",
    off_track: "Đang không đạt",
    uncertain: "Chưa kết luận được",
    insufficient: "Chưa đủ mẫu",
    no_target: "Chưa có chỉ tiêu",
    no_data: "Chưa có dữ liệu",
  },
  en: {
    met: "Met",
    missed: "Not met",
    on_track: "On track",
    off_track: "Off track",
    uncertain: "Not yet conclusive",
    insufficient: "Sample too small",
    no_target: "No target",
    no_data: "No data",
  },
};

const NOTE: Record<VerdictLang, string> = {
  vi: "chưa chắc chắn về mặt thống kê",
  en: "not statistically certain",
};

/** The bare word of a status ("Chưa đủ mẫu", without n): legends and filters. */
export function verdictWord(status: VerdictStatus, lang: VerdictLang = "vi"): string {
  return WORDS[lang][status];
}

/** The status in one word or phrase, e.g. "Đạt", "Chưa đủ mẫu (n = 12)". */
export function verdictLabel(v: Pick<Verdict, "status" | "n">, lang: VerdictLang = "vi"): string {
  const word = WORDS[lang][v.status];
  if (v.status !== "insufficient") return word;
  const n = lang === "vi" ? v.n.toLocaleString("vi-VN") : v.n.toLocaleString("en-GB");
  return `${word} (n = ${n})`;
}

/** The plain note that goes with a closed-period verdict whose interval straddles the threshold. */
export function verdictNote(v: Pick<Verdict, "uncertain">, lang: VerdictLang = "vi"): string | null {
  return v.uncertain ? NOTE[lang] : null;
}

/** Label and note together, as one phrase for tables and exports: "Đạt (chưa chắc chắn về mặt thống kê)". */
export function verdictText(v: Pick<Verdict, "status" | "n" | "uncertain">, lang: VerdictLang = "vi"): string {
  const note = verdictNote(v, lang);
  return note ? `${verdictLabel(v, lang)} (${note})` : verdictLabel(v, lang);
}

/** The words for the two kinds of target a figure can carry. */
export const TARGET_KIND_WORDS: Record<VerdictLang, { rate: string; points: string }> = {
  vi: { rate: "Chỉ tiêu tỷ lệ", points: "Chỉ tiêu điểm PAR" },
  en: { rate: "Rate target", points: "PAR points target" },
};

/** The verdict of a figure with no data. */
export const NO_VERDICT: Verdict = { status: "no_data", threshold: null, uncertain: false, n: 0 };
