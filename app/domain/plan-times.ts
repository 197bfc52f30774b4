import { viDay } from "./days";
/**
 * The "thời gian hoàn thành" cell of a plan's task as the province writes it, read into a
 * schedule — or kept word for word and flagged for review when it is not understood. Nothing is
 * guessed: a quarter without a year takes the plan's year only when the plan covers one year,
 * "theo kế hoạch", "theo quy định", "theo định kỳ" and the like stay as written. Pure.
 */

/** The grain of a due period. */
type Grain = "day" | "month" | "quarter" | "half" | "year" | "school_year" | "years";
/** How often a recurring task reports. */
export type Every = "month" | "quarter" | "half" | "year" | "school_year";

/** A span of years a reading holds for ("(2021- 2025)"). */
type YearSpan = { from: number; to: number };

export type Schedule =
  /** thường xuyên */
  | { kind: "ongoing"; years?: YearSpan }
  /** due by the end of a period (Quý III/2021; Tháng 12; Trong năm 2024; 2021- 2025) */
  | { kind: "due"; due: string; period?: { grain: Grain; start: string; yearFromPlan?: boolean }; times?: number }
  /**
   * định kỳ hàng quý / 6 tháng / hàng năm…; `also` for a second rhythm ("hàng tháng, quý"),
   * `adHoc` for "và đột xuất", `inQuarter` for "Quý I hàng năm", `atStart` for "đầu năm học",
   * `byDay` for "chậm nhất ngày 10 của tháng đầu quý".
   */
  | {
      kind: "recurring"; every: Every; also?: Every[]; adHoc?: boolean; inQuarter?: number; atStart?: boolean;
      byDay?: { day: number; monthOfPeriod: number }; years?: YearSpan;
    }
  /** khi có…, sau khi…, ngay khi…: once the event is recorded */
  | { kind: "event"; event: string; years?: YearSpan }
  /** two times for two steps: "Ban hành Kế hoạch trong quý IV/2021; công bố kết quả khảo sát trong quý I/2022" */
  | { kind: "two_step"; steps: Array<{ text: string; schedule: Schedule }> }
  /** not understood: kept as written, flagged for review */
  | { kind: "as_written"; text: string }
  /** the plan gives no time (a blank cell, or a plan without the column) */
  | { kind: "unstated" };

/** The years a plan covers: one year, or a span (2021–2025). */
type PlanYears = number | YearSpan;

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const QUARTER_ROMAN = ["I", "II", "III", "IV"];

export function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const firstDay = (year: number, month: number) => `${year}-${String(month).padStart(2, "0")}-01`;

function validDay(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return t.toISOString().slice(0, 10);
}

function normalise(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim().replace(/[.;,]+$/, "").trim();
}

/** The plan's year when it covers one year; null for a span (a bare "Quý IV" is then not read). */
const singleYear = (p: PlanYears): number | null => (typeof p === "number" ? p : p.from === p.to ? p.from : null);

const EVENT = /^(khi|sau khi|ngay sau khi|ngay khi|kịp thời sau khi)\b|kịp thời sau khi|^công khai kịp thời/;
const QUARTER = "(iv|i{1,3}|[1-4])";
const YEAR_SPAN = /\(?\s*((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\s*\)?/;

function quarterDue(year: number, q: number, fromPlan: boolean): Schedule {
  return { kind: "due", due: lastDayOfMonth(year, q * 3), period: { grain: "quarter", start: firstDay(year, q * 3 - 2), ...(fromPlan ? { yearFromPlan: true } : {}) } };
}

/** Units named after "định kỳ / hàng / hằng": "hàng tháng, quý" → month and quarter. */
function rhythm(t: string): Every[] {
  const out: Every[] = [];
  const m = /(?:định kỳ|hàng|hằng)\s+((?:(?:hàng|hằng)\s+)?(?:0?6 tháng|sáu tháng|tháng|quý|năm học|năm)(?:\s*(?:,|và|\/)\s*(?:(?:hàng|hằng)\s+)?(?:0?6 tháng|sáu tháng|tháng|quý|năm học|năm)(?![\p{L}]))*)/u.exec(t);
  if (m) {
    for (const u of m[1].split(/\s*(?:,|và|\/)\s*/)) {
      const w = u.replace(/^(hàng|hằng)\s+/, "");
      const e: Every | null = /^(0?6|sáu) tháng$/.test(w) ? "half" : w === "tháng" ? "month" : w === "quý" ? "quarter" : w === "năm học" ? "school_year" : w === "năm" ? "year" : null;
      if (e && !out.includes(e)) out.push(e);
    }
  }
  if (/6 tháng một lần/.test(t) && !out.includes("half")) out.push("half");
  return out;
}

const FINER: Every[] = ["month", "quarter", "half", "year", "school_year"];

/** One phrase without its span of years and without a step split. */
function readPhrase(t: string, plan: PlanYears, raw: string): Schedule {
  if (!t) return { kind: "unstated" };
  if (/thường xuyên|hằng ngày|hàng ngày|liên tục/.test(t) && !/định kỳ/.test(t)) return { kind: "ongoing" };

  // recurring by the school year: "theo năm học", "đầu năm học hàng năm"
  if (/theo năm học|năm học hàng năm|hàng năm học|hằng năm học/.test(t)) {
    return { kind: "recurring", every: "school_year", ...(/đầu năm học/.test(t) ? { atStart: true } : {}) };
  }
  // a quarter every year: "Quý I hàng năm"
  let m = new RegExp(`quý\\s*${QUARTER}\\s*(?:hàng|hằng)\\s*năm`).exec(t);
  if (m) return { kind: "recurring", every: "year", inQuarter: ROMAN[m[1]] ?? Number(m[1]) };
  // "chậm nhất ngày 10 của tháng đầu quý"
  m = /ngày\s*(\d{1,2})\s*(?:của\s*)?tháng (đầu|thứ hai|cuối) quý/.exec(t);
  if (m) return { kind: "recurring", every: "quarter", byDay: { day: Number(m[1]), monthOfPeriod: m[2] === "đầu" ? 1 : m[2] === "thứ hai" ? 2 : 3 } };
  const units = rhythm(t);
  if (units.length) {
    const sorted = [...units].sort((a, b) => FINER.indexOf(a) - FINER.indexOf(b));
    return {
      kind: "recurring", every: sorted[0],
      ...(sorted.length > 1 ? { also: sorted.slice(1) } : {}),
      ...(/đột xuất/.test(t) ? { adHoc: true } : {}),
    };
  }

  // due periods with a year
  m = new RegExp(`quý\\s*${QUARTER}\\s*(?:\\/|năm\\s*)\\s*((?:19|20)\\d{2})`).exec(t);
  if (m) return quarterDue(Number(m[2]), ROMAN[m[1]] ?? Number(m[1]), false);
  m = /6 tháng (đầu|cuối) năm\s*((?:19|20)\d{2})/.exec(t);
  if (m) {
    const y = Number(m[2]);
    return m[1] === "đầu"
      ? { kind: "due", due: `${y}-06-30`, period: { grain: "half", start: `${y}-01-01` } }
      : { kind: "due", due: `${y}-12-31`, period: { grain: "half", start: `${y}-07-01` } };
  }
  m = /(?:trước|đến|chậm nhất|hạn)\s*(?:ngày\s*)?(\d{1,2})\/(\d{1,2})(?:\/((?:19|20)\d{2}))?/.exec(t);
  if (m) {
    const y = m[3] ? Number(m[3]) : singleYear(plan);
    const day = y === null ? null : validDay(y, Number(m[2]), Number(m[1]));
    return day ? { kind: "due", due: day, period: { grain: "day", start: day, ...(m[3] ? {} : { yearFromPlan: true }) } } : { kind: "as_written", text: raw };
  }
  m = /tháng\s*(\d{1,2})\s*(?:\/|năm\s*)\s*((?:19|20)\d{2})/.exec(t);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) {
    const y = Number(m[2]);
    return { kind: "due", due: lastDayOfMonth(y, Number(m[1])), period: { grain: "month", start: firstDay(y, Number(m[1])) } };
  }
  m = /năm học\s*((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})/.exec(t);
  if (m && Number(m[2]) === Number(m[1]) + 1) return { kind: "due", due: `${m[2]}-05-31`, period: { grain: "school_year", start: `${m[1]}-09-01` } };
  m = /(?:trong|cuối|hết|năm)\s*(?:năm\s*)?((?:19|20)\d{2})\b/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const times = /(?:ít nhất|tối thiểu)?\s*0?(\d+)\s*(?:đợt|lần)/.exec(t);
    return { kind: "due", due: `${y}-12-31`, period: { grain: "year", start: `${y}-01-01` }, ...(times ? { times: Number(times[1]) } : {}) };
  }

  // due periods without a year: the plan's year when the plan covers one year
  const y = singleYear(plan);
  const qs = [...t.matchAll(new RegExp(`quý\\s*${QUARTER}\\b`, "g"))].map((x) => ROMAN[x[1]] ?? Number(x[1]));
  if (qs.length && y !== null && /^(?:hoàn thành\s*)?(?:trong\s*)?quý\s*\S+(?:\s*(?:,|và|-)\s*quý\s*\S+)*$/.test(t)) {
    const first = Math.min(...qs), last = Math.max(...qs);
    return { kind: "due", due: lastDayOfMonth(y, last * 3), period: { grain: "quarter", start: firstDay(y, first * 3 - 2), yearFromPlan: true } };
  }
  m = /^tháng\s*(\d{1,2})$/.exec(t);
  if (m && y !== null && Number(m[1]) >= 1 && Number(m[1]) <= 12) {
    return { kind: "due", due: lastDayOfMonth(y, Number(m[1])), period: { grain: "month", start: firstDay(y, Number(m[1])), yearFromPlan: true } };
  }
  if (EVENT.test(t)) return { kind: "event", event: raw.trim() };
  return { kind: "as_written", text: raw.trim() };
}

/** Steps are separated by ";" or by "và" before a second action. */
const STEP_SPLIT = /\s*;\s*|\s+và\s+(?=triển khai|công bố|kết luận|quyết định|ban hành|tổ chức)/;

/**
 * Reads a time cell. `plan` is the plan's year or span of years. Never fails: a blank cell is
 * `unstated`, a cell not understood is `as_written` (see `needsReview`).
 */
export function parseSchedule(text: string, plan: PlanYears): Schedule {
  const raw = text.normalize("NFC").replace(/\s+/g, " ").trim();
  let t = normalise(raw);
  if (!t) return { kind: "unstated" };
  if (EVENT.test(t)) {
    const ys = YEAR_SPAN.exec(t);
    return { kind: "event", event: raw.replace(/[.;,]+$/, ""), ...(ys ? { years: { from: Number(ys[1]), to: Number(ys[2]) } } : {}) };
  }
  // a span of years: alone it is the due period, otherwise it bounds the reading
  const ys = YEAR_SPAN.exec(t);
  let years: YearSpan | undefined;
  if (ys && !/năm học\s*\d{4}\s*[-–]/.test(t)) {
    years = { from: Number(ys[1]), to: Number(ys[2]) };
    if (years.to < years.from) return { kind: "as_written", text: raw };
    t = t.replace(YEAR_SPAN, " ").replace(/\s+/g, " ").trim();
    if (!t) return { kind: "due", due: `${years.to}-12-31`, period: { grain: "years", start: `${years.from}-01-01` } };
  }
  const scope: PlanYears = years ?? plan;

  const parts = t.split(STEP_SPLIT).filter(Boolean);
  if (parts.length === 2) {
    const rawParts = raw.replace(/[.;,]+$/, "").split(/\s*;\s*|\s+và\s+(?=[Tt]riển khai|[Cc]ông bố|[Kk]ết luận|[Qq]uyết định|[Bb]an hành|[Tt]ổ chức)/);
    // "…trong Quý I; Quyết định công bố kết quả Quý II hàng năm": the yearly rhythm is shared
    const yearly = /(?:hàng|hằng) năm$/.test(parts[1]) && !/(?:hàng|hằng) năm/.test(parts[0]);
    const steps = parts.map((p, i) => {
      const phrase = yearly && i === 0 ? `${p} hàng năm` : p;
      return { text: (rawParts[i] ?? p).trim(), schedule: readPhrase(phrase, scope, rawParts[i] ?? p) };
    });
    if (steps.some((s) => s.schedule.kind === "due" || s.schedule.kind === "recurring")) return { kind: "two_step", steps };
  }
  const s = readPhrase(t, scope, raw);
  if (s.kind === "as_written") return { kind: "as_written", text: raw };
  if (years && (s.kind === "ongoing" || s.kind === "recurring" || s.kind === "event")) return { ...s, years };
  return s;
}

/** Whether a reading needs a person to look at it (not understood, wholly or in one step). */
export function needsReview(s: Schedule): boolean {
  if (s.kind === "as_written") return true;
  if (s.kind === "two_step") return s.steps.some((x) => needsReview(x.schedule));
  return false;
}


const EVERY_LABEL: Record<Every, string> = { month: "hàng tháng", quarter: "hàng quý", half: "6 tháng", year: "hàng năm", school_year: "theo năm học" };
const yearsLabel = (y?: YearSpan) => (y ? ` (${y.from}–${y.to})` : "");

function dueLabel(s: Extract<Schedule, { kind: "due" }>): string {
  const p = s.period;
  const times = s.times ? ` (ít nhất ${s.times} đợt)` : "";
  if (!p) return `Hoàn thành trước ${viDay(s.due)}`;
  const y = Number(s.due.slice(0, 4));
  switch (p.grain) {
    case "day": return `Hoàn thành trước ${viDay(s.due)}`;
    case "month": return `Trong tháng ${Number(s.due.slice(5, 7))}/${y}`;
    case "quarter": {
      const q1 = Math.ceil(Number(p.start.slice(5, 7)) / 3), q2 = Math.ceil(Number(s.due.slice(5, 7)) / 3);
      return q1 === q2 ? `Trong quý ${QUARTER_ROMAN[q2 - 1]}/${y}` : `Trong quý ${QUARTER_ROMAN[q1 - 1]} và quý ${QUARTER_ROMAN[q2 - 1]}/${y}`;
    }
    case "half": return p.start.slice(5) === "01-01" ? `6 tháng đầu năm ${y}` : `6 tháng cuối năm ${y}`;
    case "year": return `Trong năm ${y}${times}`;
    case "school_year": return `Năm học ${p.start.slice(0, 4)}–${y}`;
    case "years": return `Giai đoạn ${p.start.slice(0, 4)}–${y}`;
  }
}

/** The reading in words, for the plan page and exports. */
export function scheduleLabel(s: Schedule): string {
  switch (s.kind) {
    case "ongoing": return `Thường xuyên (báo cáo mỗi kỳ)${yearsLabel(s.years)}`;
    case "due": return dueLabel(s);
    case "recurring": {
      let out = `Định kỳ ${EVERY_LABEL[s.every]}`;
      if (s.also?.length) out += `, ${s.also.map((e) => EVERY_LABEL[e]).join(", ")}`;
      if (s.inQuarter) out = `Quý ${QUARTER_ROMAN[s.inQuarter - 1]} hàng năm`;
      if (s.atStart) out += " (đầu năm học)";
      if (s.byDay) out += ` (chậm nhất ngày ${s.byDay.day} của tháng ${["đầu", "thứ hai", "cuối"][s.byDay.monthOfPeriod - 1]} quý)`;
      if (s.adHoc) out += " và đột xuất";
      return out + yearsLabel(s.years);
    }
    case "event": return `Khi có sự kiện: ${s.event}`;
    case "two_step": return s.steps.map((x, i) => `Bước ${i + 1}: ${scheduleLabel(x.schedule)}`).join("; ");
    case "as_written": return `Theo văn bản: ${s.text} (cần xem lại)`;
    case "unstated": return "Kế hoạch không ghi thời gian";
  }
}

