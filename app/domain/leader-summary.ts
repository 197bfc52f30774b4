/**
 * What a leader reads first (issue 15, part 4): the sentences of the summary at the top of the
 * dashboard and on the staff home page. Every sentence is computed here from the figures it
 * states, and tested against them (test/unit/leader-summary.test.ts).
 */
import { MIN_SAMPLE, type Figure } from "./figure";

export interface NamedFigure extends Figure {
  code: string;
  name: string;
}

export interface MonthFigure extends Figure {
  /** YYYY-MM */
  month: string;
}

export interface SummaryFacts {
  year: number;
  /** Sub-indices (or dimensions) of the scope. */
  subs: NamedFigure[];
  /** The units (or desks) directly beneath the scope. */
  places: NamedFigure[];
  /** The last full month and the one before it (null when the year has not started). */
  months: { current: MonthFigure; previous: MonthFigure } | null;
  /** A finished year is compared with the year before, not month to month. */
  closed: boolean;
  value: number | null;
  previousYearValue: number | null;
  feedback: { received: number; backlog: number; overdue: number };
  alerts: { open: number; unacknowledged: number };
}

export interface Summary {
  /** The weakest sub-index with enough respondents (null when none has). */
  weakestSub: NamedFigure | null;
  weakestSubText: string;
  /** Up to three weakest places with enough respondents, weakest first. */
  weakestPlaces: NamedFigure[];
  weakestPlacesText: string;
  changeTitle: string;
  changeText: string;
  /** Difference in points of percentage (current − previous), when both months have enough respondents. */
  change: number | null;
  feedbackText: string;
  alertsText: string;
}

const pct = (v: number | null) =>
  v === null ? "—" : new Intl.NumberFormat("vi-VN", { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
const num = (v: number) => v.toLocaleString("vi-VN");
const monthText = (m: string) => `tháng ${m.slice(5, 7)}/${m.slice(0, 4)}`;

/** Weakest first among those with enough respondents; ties by name, so the order is stable. */
function weakest(rows: NamedFigure[]): NamedFigure[] {
  return rows
    .filter((r) => r.value !== null && r.n >= MIN_SAMPLE)
    .sort((a, b) => a.value! - b.value! || a.name.localeCompare(b.name, "vi"));
}

/** The month before a YYYY-MM month. */
export function monthBefore(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** The last full month of a year seen from local day `today` (December for a past year; null before February of the current year). */
export function lastFullMonth(year: number, today: string): string | null {
  const ty = Number(today.slice(0, 4));
  if (year < ty) return `${year}-12`;
  if (year > ty) return null;
  const m = Number(today.slice(5, 7));
  return m === 1 ? null : `${year}-${String(m - 1).padStart(2, "0")}`;
}

export function leaderSummary(f: SummaryFacts): Summary {
  const subs = weakest(f.subs);
  const weakestSub = subs[0] ?? null;
  const weakestSubText = weakestSub
    ? `Thấp nhất: ${weakestSub.name} — ${pct(weakestSub.value)} (n = ${num(weakestSub.n)}).`
    : `Chưa chỉ số thành phần nào đủ ${num(MIN_SAMPLE)} người trả lời để so sánh.`;

  const ranked = weakest(f.places);
  const weakestPlaces = ranked.slice(0, 3);
  const small = f.places.filter((p) => p.n > 0 && p.n < MIN_SAMPLE).length;
  const none = f.places.filter((p) => p.n === 0).length;
  const tail = [small ? `${num(small)} nơi chưa đủ mẫu` : "", none ? `${num(none)} nơi chưa có phiếu` : ""].filter(Boolean).join(", ");
  const weakestPlacesText = f.places.length === 0
    ? "Phạm vi này không có đơn vị trực thuộc."
    : weakestPlaces.length === 0
      ? `Chưa nơi nào đủ ${num(MIN_SAMPLE)} người trả lời để xếp hạng${tail ? ` (${tail})` : ""}.`
      : `${num(ranked.length)} nơi đủ mẫu được xếp hạng${tail ? `; ${tail}` : ""}.`;

  let change: number | null = null;
  let changeText: string;
  const changeTitle = f.closed ? "So với năm trước" : "So với tháng trước";
  if (f.closed) {
    if (f.value === null || f.previousYearValue === null) changeText = `Chưa có số liệu cả hai năm ${f.year - 1} và ${f.year} để so sánh.`;
    else {
      change = (f.value - f.previousYearValue) * 100;
      changeText = `Năm ${f.year}: ${pct(f.value)}, ${direction(change)} so với năm ${f.year - 1} (${pct(f.previousYearValue)}).`;
    }
  } else if (!f.months) changeText = `Năm ${f.year} chưa có tháng nào trọn vẹn để so sánh.`;
  else {
    const { current: c, previous: p } = f.months;
    if (c.n < MIN_SAMPLE || p.n < MIN_SAMPLE || c.value === null || p.value === null) {
      changeText = `${cap(monthText(c.month))} có ${num(c.n)} người trả lời, ${monthText(p.month)} có ${num(p.n)}: chưa đủ ${num(MIN_SAMPLE)} người mỗi tháng để so sánh.`;
    } else {
      change = (c.value - p.value) * 100;
      changeText = `${cap(monthText(c.month))}: ${pct(c.value)} (n = ${num(c.n)}), ${direction(change)} so với ${monthText(p.month)} (${pct(p.value)}, n = ${num(p.n)}).`;
    }
  }

  const fb = f.feedback;
  const feedbackText = fb.received === 0
    ? `Chưa nhận phản ánh, kiến nghị nào trong năm ${f.year}.`
    : fb.backlog === 0
      ? `Đã trả lời cả ${num(fb.received)} phản ánh, kiến nghị nhận trong năm ${f.year}.`
      : `${num(fb.backlog)} phản ánh, kiến nghị chưa trả lời${fb.overdue ? `, trong đó ${num(fb.overdue)} đã quá hạn` : ", chưa cái nào quá hạn"} (nhận ${num(fb.received)} trong năm ${f.year}).`;

  const a = f.alerts;
  const alertsText = a.open === 0
    ? "Không có cảnh báo nào đang mở."
    : `${num(a.open)} cảnh báo đang mở${a.unacknowledged ? `, ${num(a.unacknowledged)} chưa ai ghi nhận` : ", tất cả đã được ghi nhận"}.`;

  return { weakestSub, weakestSubText, weakestPlaces, weakestPlacesText, changeTitle, changeText, change, feedbackText, alertsText };
}

/** "tăng 1,20 điểm %", "giảm 0,13 điểm %", "không đổi" (points of percentage, rounded to 2 decimals). */
function direction(pp: number): string {
  const size = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(pp));
  return Math.abs(pp) < 0.005 ? "không đổi" : pp > 0 ? `tăng ${size} điểm %` : `giảm ${size} điểm %`;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
