/**
 * Improvement plans (kế hoạch nâng cao chỉ số): schedules of tasks and the report periods they
 * call for, missing and late reports, agency groups that expand to their members, and targets
 * on rank, group and share of the maximum score. Pure: dates are local days (YYYY-MM-DD, UTC+7).
 */

// ---------------------------------------------------------------- schedules

import { type Every, lastDayOfMonth, type Schedule } from "./plan-times";
import { viDay, addDays } from "./days";
export { needsReview, parseSchedule, type Schedule, scheduleLabel } from "./plan-times";

// ---------------------------------------------------------------- report periods

interface ReportPeriod {
  /** 2021-Q3, 2021-H2, or SK-2024-05-02 for an event */
  code: string;
  label: string;
  start: string;
  end: string;
  /** the last day a report for this period is on time */
  due: string;
}

interface PlanWindow {
  /** first day reports are asked for (the plan's issue day) */
  from: string;
  /** last day of the plan (year end) */
  to: string;
  /** days after a period's end by which its report is due */
  graceDays: number;
  /** days after an event by which its report is due */
  eventDays: number;
}


const QUARTER_LABEL = ["I", "II", "III", "IV"];

/**
 * The report rounds of a year (seeds 000, 003, 004): quý I, 6 tháng, 9 tháng and năm. Each covers
 * the year from 1 January to its last month; `start` is the first day of the stretch since the
 * rhythm's previous round (a report may be filed from then), so a plan issued in May asks for
 * 6 tháng but not quý I.
 */
const ROUND_CODE = { Q1: "Q1", "6T": "6T", "9T": "9T", NAM: "Y" } as const;
const ROUND_MONTH = { Q1: 3, "6T": 6, "9T": 9, NAM: 12 } as const;

function roundPeriod(year: number, round: "Q1" | "6T" | "9T" | "NAM", fromMonth: number, graceDays: number): ReportPeriod {
  const end = lastDayOfMonth(year, ROUND_MONTH[round]);
  const label = round === "Q1" ? `Quý I/${year}` : round === "NAM" ? `Năm ${year}` : `${round === "6T" ? "6" : "9"} tháng năm ${year}`;
  return { code: `${year}-${ROUND_CODE[round]}`, label, start: `${year}-${String(fromMonth).padStart(2, "0")}-01`, end, due: addDays(end, graceDays) };
}

function monthPeriod(year: number, m: number, graceDays: number): ReportPeriod {
  const start = `${year}-${String(m).padStart(2, "0")}-01`;
  const end = lastDayOfMonth(year, m);
  return { code: `${year}-M${String(m).padStart(2, "0")}`, label: `Tháng ${m}/${year}`, start, end, due: addDays(end, graceDays) };
}

/**
 * Codes stored before the rounds (quarters Q2–Q4 and halves H1, H2) stay as they were filed; each
 * counts for the round that ends on the same day: Q2 and H1 for 6 tháng, Q3 for 9 tháng, Q4 and
 * H2 for năm. Q1, months, years and events are the same code.
 */
export function roundOfStoredPeriod(code: string): string {
  const m = /^(\d{4})-(Q2|Q3|Q4|H1|H2)$/.exec(code);
  if (!m) return code;
  return `${m[1]}-${{ Q2: "6T", H1: "6T", Q3: "9T", Q4: "Y", H2: "Y" }[m[2] as "Q2"]}`;
}

/**
 * The report that stands for a period among an agency's reports on a task: one filed for that code,
 * else one filed under an earlier code that counts for it (the latest first).
 */
export function reportForPeriod<R extends { period: string; submitted_day?: string | null }>(reports: R[], code: string): R | undefined {
  const exact = reports.find((r) => r.period === code);
  if (exact) return exact;
  return reports.filter((r) => roundOfStoredPeriod(r.period) === code).sort((a, b) => (b.submitted_day ?? "").localeCompare(a.submitted_day ?? ""))[0];
}

/** The label of a stored period code (2021-Q1, 2021-6T, 2021-9T, 2021-Y, 2021-M03, SK-2024-05-02; earlier 2021-Q3, 2021-H1). */
export function periodCodeLabel(code: string): string {
  let m = /^(\d{4})-Q([1-4])$/.exec(code);
  if (m) return `Quý ${QUARTER_LABEL[Number(m[2]) - 1]}/${m[1]}`;
  m = /^(\d{4})-([69])T$/.exec(code);
  if (m) return `${m[2]} tháng năm ${m[1]}`;
  m = /^(\d{4})-H([12])$/.exec(code);
  if (m) return m[2] === "1" ? `6 tháng đầu năm ${m[1]}` : `6 tháng cuối năm ${m[1]}`;
  m = /^(\d{4})-M(\d{2})$/.exec(code);
  if (m) return `Tháng ${Number(m[2])}/${m[1]}`;
  m = /^(\d{4})-Y$/.exec(code);
  if (m) return `Năm ${m[1]}`;
  m = /^SK-(\d{4}-\d{2}-\d{2})$/.exec(code);
  if (m) return `Sự kiện ngày ${viDay(m[1])}`;
  return code;
}

/** The last day a stored period code covers, to order reports in time (2021-Q1 → 2021-03-31; SK-2021-05-02 → that day). */
export function periodCodeEnd(code: string): string {
  const r = roundOfStoredPeriod(code);
  let m = /^(\d{4})-(Q1|6T|9T|Y)$/.exec(r);
  if (m) return lastDayOfMonth(Number(m[1]), { Q1: 3, "6T": 6, "9T": 9, Y: 12 }[m[2] as "Q1"]);
  m = /^(\d{4})-M(\d{2})$/.exec(r);
  if (m) return lastDayOfMonth(Number(m[1]), Number(m[2]));
  m = /^SK-(\d{4}-\d{2}-\d{2})$/.exec(r);
  return m ? m[1] : r;
}

type Rhythm = "month" | "quarter" | "half" | "year";

/** The rounds a rhythm reports at, with the month each one's stretch starts. */
const ROUNDS_OF: Record<Exclude<Rhythm, "month">, Array<["Q1" | "6T" | "9T" | "NAM", number]>> = {
  quarter: [["Q1", 1], ["6T", 4], ["9T", 7], ["NAM", 10]],
  half: [["6T", 1], ["NAM", 7]],
  year: [["NAM", 1]],
};

/** Months, or the rounds (quý I, 6 tháng, 9 tháng, năm) a rhythm reports at, whose stretch overlaps [from, to]. */
function periodsBetween(from: string, to: string, every: Rhythm, graceDays: number): ReportPeriod[] {
  const out: ReportPeriod[] = [];
  const y0 = Number(from.slice(0, 4));
  const y1 = Number(to.slice(0, 4));
  for (let y = y0; y <= y1; y++) {
    const list = every === "month" ? Array.from({ length: 12 }, (_, i) => monthPeriod(y, i + 1, graceDays)) : ROUNDS_OF[every].map(([r, m]) => roundPeriod(y, r, m, graceDays));
    for (const p of list) if (p.end >= from && p.start <= to) out.push(p);
  }
  return out;
}

const rhythmOf = (e: Every): Rhythm => (e === "school_year" ? "year" : e);

function within(plan: PlanWindow, years?: { from: number; to: number }): PlanWindow {
  if (!years) return plan;
  const from = `${years.from}-01-01` > plan.from ? `${years.from}-01-01` : plan.from;
  const to = `${years.to}-12-31` < plan.to ? `${years.to}-12-31` : plan.to;
  return { ...plan, from, to };
}

/**
 * The report periods a task's schedule calls for within the plan: ongoing tasks, tasks without a
 * stated time and tasks whose time is kept as written report at quý I, 6 tháng, 9 tháng and năm;
 * recurring tasks at their finest rhythm (monthly where the plan asks for it; half-yearly at
 * 6 tháng and năm; yearly at năm); a task due by a day at each round up to its deadline; a
 * two-step task for both steps; an event task once per recorded event.
 */
export function taskPeriods(schedule: Schedule, plan: PlanWindow, triggeredOn: string | null = null): ReportPeriod[] {
  switch (schedule.kind) {
    case "ongoing": {
      const w = within(plan, schedule.years);
      return periodsBetween(w.from, w.to, "quarter", plan.graceDays);
    }
    case "unstated":
    case "as_written":
      return periodsBetween(plan.from, plan.to, "quarter", plan.graceDays);
    case "recurring": {
      const w = within(plan, schedule.years);
      return periodsBetween(w.from, w.to, rhythmOf(schedule.every), plan.graceDays);
    }
    case "due": {
      const last = schedule.due < plan.from ? plan.from : schedule.due;
      return periodsBetween(plan.from, last < plan.to ? last : plan.to, "quarter", plan.graceDays);
    }
    case "two_step": {
      const seen = new Map<string, ReportPeriod>();
      for (const st of schedule.steps) for (const p of taskPeriods(st.schedule, plan, triggeredOn)) if (!seen.has(p.code)) seen.set(p.code, p);
      return [...seen.values()].sort((a, b) => (a.end === b.end ? a.start.localeCompare(b.start) : a.end.localeCompare(b.end)));
    }
    case "event":
      return triggeredOn
        ? [{ code: `SK-${triggeredOn}`, label: `Sự kiện ngày ${viDay(triggeredOn)}`, start: triggeredOn, end: triggeredOn, due: addDays(triggeredOn, plan.eventDays) }]
        : [];
  }
}

// ---------------------------------------------------------------- consolidated report rounds

/** The rounds a province reports on a plan: quý I, 6 tháng, 9 tháng, năm (seeds 000, 003, 004). */
export const REPORT_ROUNDS = ["Q1", "6T", "9T", "NAM"] as const;
export type ReportRound = (typeof REPORT_ROUNDS)[number];
export const ROUND_LABEL: Record<ReportRound, string> = { Q1: "quý I", "6T": "6 tháng", "9T": "9 tháng", NAM: "năm" };

/** A round's window: from the start of the year to the end of its last month (cumulative). */
export function roundWindow(year: number, round: ReportRound): { start: string; end: string; label: string } {
  const month = round === "Q1" ? 3 : round === "6T" ? 6 : round === "9T" ? 9 : 12;
  return { start: `${year}-01-01`, end: lastDayOfMonth(year, month), label: round === "NAM" ? `năm ${year}` : `${ROUND_LABEL[round]} năm ${year}` };
}

/** Periods a report may be filed for on a day: those that have started. */
export function openPeriods(periods: ReportPeriod[], today: string): ReportPeriod[] {
  return periods.filter((p) => p.start <= today);
}

/** Periods whose report should be in by a day: those whose due day has passed. */
export function duePeriods(periods: ReportPeriod[], today: string): ReportPeriod[] {
  return periods.filter((p) => p.due < today);
}

type ReportState = "on_time" | "late" | "missing" | "not_due";

/** A period's report: on time, filed after its due day, missing (due day passed), or not yet due. */
export function reportState(period: ReportPeriod, submittedDay: string | null, today: string): ReportState {
  if (submittedDay) return submittedDay > period.due ? "late" : "on_time";
  return period.due < today ? "missing" : "not_due";
}

export const REPORT_STATUSES = ["not_started", "in_progress", "done", "delayed"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABEL: Record<ReportStatus, string> = {
  not_started: "Chưa triển khai",
  in_progress: "Đang thực hiện",
  done: "Hoàn thành",
  delayed: "Chậm",
};

/** A task due by a day is overdue when the day has passed and no report says it is done. */
export function taskOverdue(schedule: Schedule, latestStatus: ReportStatus | null, today: string): boolean {
  if (schedule.kind === "two_step") {
    const last = schedule.steps[schedule.steps.length - 1]?.schedule;
    return !!last && last.kind === "due" && last.due < today && latestStatus !== "done";
  }
  return schedule.kind === "due" && schedule.due < today && latestStatus !== "done";
}

// ---------------------------------------------------------------- agencies and groups

export type AgencyLevel = "province" | "district" | "commune";

export interface AgencyInfo {
  code: string;
  name: string;
  kind: string;
  /** the level of the agency's admin unit */
  level: AgencyLevel | null;
  active: boolean;
}

interface GroupRule {
  kinds: string[];
  levels: AgencyLevel[];
}

export interface AgencyGroup {
  code: string;
  name: string;
  aliases: string[];
  rule: GroupRule;
  /** agency codes that are members besides the rule */
  include?: string[];
  /** agency codes the rule matches that are not members */
  exclude?: string[];
}

/** Whether an agency's kind and unit level match a group's rule. */
export function matchesRule(rule: GroupRule, a: AgencyInfo): boolean {
  return rule.kinds.includes(a.kind) && a.level !== null && rule.levels.includes(a.level);
}

/**
 * Members of a group: active agencies whose kind and unit level match its rule, less those the
 * group excludes, plus those it names explicitly.
 */
export function expandGroup(group: AgencyGroup, agencies: AgencyInfo[]): AgencyInfo[] {
  const include = new Set(group.include ?? []);
  const exclude = new Set(group.exclude ?? []);
  return agencies.filter((a) => a.active && (include.has(a.code) || (!exclude.has(a.code) && matchesRule(group.rule, a))));
}

/** An assignee as written in a plan: a named agency, a group, or a body outside the system. */
export type Assignee = { type: "agency"; code: string } | { type: "group"; code: string } | { type: "external"; name: string };

export function normaliseName(s: string): string {
  return s.normalize("NFC").toLowerCase().replace(/[.;,]+$/, "").replace(/\s+/g, " ").replace(/\s*-\s*/g, ", ").trim();
}

/**
 * Resolves one name from a plan: an agency code or name, an alias of an agency, a group's name,
 * code or alias; anything else is a body outside the system (kept as written, nobody reports).
 */
export function resolveAssignee(name: string, agencies: AgencyInfo[], groups: AgencyGroup[], aliases: Record<string, string>): Assignee {
  const n = normaliseName(name);
  const byCode = agencies.find((a) => a.code.toLowerCase() === n);
  if (byCode) return { type: "agency", code: byCode.code };
  const byName = agencies.find((a) => normaliseName(a.name) === n);
  if (byName) return { type: "agency", code: byName.code };
  for (const [alias, code] of Object.entries(aliases)) if (normaliseName(alias) === n && agencies.some((a) => a.code === code)) return { type: "agency", code };
  const g = groups.find((x) => x.code.toLowerCase() === n || normaliseName(x.name) === n || x.aliases.some((a) => normaliseName(a) === n));
  if (g) return { type: "group", code: g.code };
  return { type: "external", name: name.trim() };
}

/** Agency codes an assignee list stands for (groups expanded). */
export function expandAssignees(list: Assignee[], agencies: AgencyInfo[], groups: AgencyGroup[]): Set<string> {
  const out = new Set<string>();
  for (const a of list) {
    if (a.type === "agency") out.add(a.code);
    else if (a.type === "group") {
      const g = groups.find((x) => x.code === a.code);
      if (g) for (const m of expandGroup(g, agencies)) out.add(m.code);
    }
  }
  return out;
}

export function assigneeLabel(a: Assignee, agencies: AgencyInfo[], groups: AgencyGroup[]): string {
  if (a.type === "agency") return agencies.find((x) => x.code === a.code)?.name ?? a.code;
  if (a.type === "group") return groups.find((x) => x.code === a.code)?.name ?? a.code;
  return a.name;
}

// ---------------------------------------------------------------- targets

/** PAPI groups, best first (quartiles of the 63 provinces). "khá" is read as "trung bình cao". */
const PAPI_GROUPS = ["cao", "trung bình cao", "trung bình thấp", "thấp"] as const;

function normaliseGroup(g: string): string | null {
  const t = g.normalize("NFC").toLowerCase().replace(/^nhóm\s*/, "").replace(/\s*(điểm|trở lên)\s*/g, " ").replace(/\s+/g, " ").trim();
  if (t === "khá") return "trung bình cao";
  if (t === "trung bình") return "trung bình thấp";
  return (PAPI_GROUPS as readonly string[]).includes(t) ? t : null;
}

/** The group of a rank out of N when the publication gives none: quartiles of the ranking. */
export function groupFromRank(rank: number, of: number): string {
  const q = Math.ceil(of / 4);
  return PAPI_GROUPS[Math.min(3, Math.floor((rank - 1) / q))];
}

export type PlanTarget =
  | { kind: "rank_top"; top: number; of: number; label?: string }
  | { kind: "rank_better"; label?: string }
  | { kind: "rank_improve"; by: number; label?: string }
  | { kind: "group"; group: string; label?: string }
  | { kind: "share"; min: number; label?: string };

export interface Standing {
  score: number | null;
  maxScore: number;
  rank: number | null;
  rankOf: number;
  group?: string | null;
}

type TargetOutcome = "met" | "not_met" | "no_data";

export interface TargetEvaluation {
  outcome: TargetOutcome;
  detail: string;
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toString().replace(".", ",")} %`;

/** Whether a result meets one target, against the baseline (last year's standing) where needed. */
export function evaluateTarget(t: PlanTarget, baseline: Standing | null, result: Standing | null): TargetEvaluation {
  const noData = (detail: string): TargetEvaluation => ({ outcome: "no_data", detail });
  switch (t.kind) {
    case "rank_top":
      if (result?.rank == null) return noData("Chưa có thứ hạng năm đánh giá.");
      return { outcome: result.rank <= t.top ? "met" : "not_met", detail: `Xếp thứ ${result.rank}/${result.rankOf}; mục tiêu trong nhóm ${t.top}/${t.of}.` };
    case "rank_better":
    case "rank_improve": {
      const by = t.kind === "rank_improve" ? t.by : 1;
      if (baseline?.rank == null) return noData("Chưa có thứ hạng năm gốc.");
      if (result?.rank == null) return noData("Chưa có thứ hạng năm đánh giá.");
      const gained = baseline.rank - result.rank;
      const word = gained > 0 ? `tăng ${gained} bậc` : gained < 0 ? `giảm ${-gained} bậc` : "giữ nguyên thứ hạng";
      return { outcome: gained >= by ? "met" : "not_met", detail: `Từ ${baseline.rank}/${baseline.rankOf} lên ${result.rank}/${result.rankOf}: ${word}; mục tiêu tăng ít nhất ${by} bậc.` };
    }
    case "group": {
      const want = normaliseGroup(t.group);
      if (!want) return noData(`Không hiểu nhóm "${t.group}".`);
      const got = result?.group ? normaliseGroup(result.group) : result?.rank != null ? groupFromRank(result.rank, result.rankOf) : null;
      if (!got) return noData("Chưa có nhóm xếp hạng năm đánh giá.");
      const ok = PAPI_GROUPS.indexOf(got as (typeof PAPI_GROUPS)[number]) <= PAPI_GROUPS.indexOf(want as (typeof PAPI_GROUPS)[number]);
      return { outcome: ok ? "met" : "not_met", detail: `Thuộc nhóm ${got}; mục tiêu nhóm ${want} trở lên.` };
    }
    case "share": {
      if (result?.score == null) return noData("Chưa có điểm năm đánh giá.");
      const share = result.score / result.maxScore;
      return { outcome: share >= t.min - 1e-9 ? "met" : "not_met", detail: `Đạt ${pct(share)} điểm tối đa; mục tiêu từ ${pct(t.min)}.` };
    }
  }
}

export function targetLabel(t: PlanTarget): string {
  if (t.label) return t.label;
  switch (t.kind) {
    case "rank_top": return `Xếp trong nhóm ${t.top}/${t.of} tỉnh, thành phố`;
    case "rank_better": return "Thứ hạng cao hơn năm trước";
    case "rank_improve": return `Tăng ít nhất ${t.by} bậc so với năm trước`;
    case "group": return `Thuộc nhóm ${t.group} trở lên`;
    case "share": return `Đạt từ ${pct(t.min)} điểm tối đa`;
  }
}

/** Reads a target as written ("top 30/63", "tăng 5 bậc", "nhóm khá", "≥ 80 %", "tăng bậc"). */
export function parseTarget(text: string): PlanTarget | null {
  const t = text.normalize("NFC").trim().toLowerCase();
  let m = /(?:top|nhóm|trong)\s*(\d+)\s*\/\s*(\d+)/.exec(t);
  if (m) return { kind: "rank_top", top: Number(m[1]), of: Number(m[2]), label: text.trim() };
  m = /tăng\s*(?:ít nhất\s*)?(\d+)\s*bậc/.exec(t);
  if (m) return { kind: "rank_improve", by: Number(m[1]), label: text.trim() };
  if (/tăng bậc|cao hơn năm (trước|trước đó)|xếp hạng cao hơn/.test(t)) return { kind: "rank_better", label: text.trim() };
  m = /(?:≥|>=|từ|trên|ít nhất)?\s*(\d+(?:[.,]\d+)?)\s*%/.exec(t);
  if (m) return { kind: "share", min: Number(m[1].replace(",", ".")) / 100, label: text.trim() };
  m = /nhóm\s*(?:điểm\s*)?(cao|khá|trung bình cao|trung bình thấp|trung bình|thấp)/.exec(t);
  if (m) return { kind: "group", group: m[1], label: text.trim() };
  return null;
}

// ---------------------------------------------------------------- import columns

/** Columns of a task import file, in order; lead and implementers are names separated by ";". */
export const TASK_COLUMNS = ["dimension", "subdimension", "code", "task", "lead", "implementers", "deliverable", "schedule"] as const;
/** A plan may have no time column (seed 002): a missing or blank time is kept blank. */
export const TASK_REQUIRED = ["dimension", "code", "task", "lead"] as const;
export const TASK_COLUMN_LABEL: Record<(typeof TASK_COLUMNS)[number], string> = {
  dimension: "lĩnh vực (mã)",
  subdimension: "nội dung thành phần",
  code: "mã nhiệm vụ",
  task: "nhiệm vụ",
  lead: "đơn vị chủ trì",
  implementers: "đơn vị thực hiện",
  deliverable: "sản phẩm",
  schedule: "thời gian hoàn thành",
};

/** Columns of a PAPI scores import file: one row per year, the 8 dimensions d1…d8 scored 1–10. */
export const PAPI_CSV_COLUMNS = ["year", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "total", "rank", "rank_of"] as const;

/** Columns of a PAR tree import file (CSV), or keys of its JSON objects. */
export const PAR_COLUMNS = ["code", "parent", "name", "max_points", "target", "target_rank", "owner", "source", "self_points"] as const;

// ---------------------------------------------------------------- PAR Index tree

interface ParNodeInput {
  code: string;
  parent: string | null;
  maxPoints: number;
  target: number | null;
  /** a leaf's own points (entered or measured); ignored for parents */
  points: number | null;
}

export interface ParNodeSum {
  code: string;
  maxPoints: number;
  target: number | null;
  points: number | null;
  /** leaves under the node without points */
  missing: number;
  children: ParNodeSum[];
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Parents sum their children: max points, targets and points. A parent's points are the sum of
 * the points its leaves have, with `missing` counting leaves that have none (null when none has).
 */
export function sumParTree(nodes: ParNodeInput[]): ParNodeSum[] {
  const kids = new Map<string | null, ParNodeInput[]>();
  for (const n of nodes) kids.set(n.parent, [...(kids.get(n.parent) ?? []), n]);
  const codes = new Set(nodes.map((n) => n.code));
  const build = (n: ParNodeInput): ParNodeSum => {
    const children = (kids.get(n.code) ?? []).map(build);
    if (children.length === 0) return { code: n.code, maxPoints: n.maxPoints, target: n.target, points: n.points, missing: n.points === null ? 1 : 0, children };
    const withPoints = children.filter((c) => c.points !== null);
    return {
      code: n.code,
      maxPoints: round(children.reduce((s, c) => s + c.maxPoints, 0)),
      target: children.every((c) => c.target !== null) ? round(children.reduce((s, c) => s + (c.target ?? 0), 0)) : n.target,
      points: withPoints.length ? round(withPoints.reduce((s, c) => s + (c.points ?? 0), 0)) : null,
      missing: children.reduce((s, c) => s + c.missing, 0),
      children,
    };
  };
  return nodes.filter((n) => n.parent === null || !codes.has(n.parent)).map(build);
}

/** Compares a node's stated max/target with its children's sums (a data check for imports). */
export function parSumMismatches(nodes: Array<{ code: string; parent: string | null; maxPoints: number; target: number | null }>): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    const ch = nodes.filter((c) => c.parent === n.code);
    if (ch.length === 0) continue;
    const max = round(ch.reduce((s, c) => s + c.maxPoints, 0));
    if (Math.abs(max - n.maxPoints) > 1e-6) out.push(`${n.code}: điểm tối đa ${n.maxPoints} khác tổng các mục con ${max}`);
    if (n.target !== null && ch.every((c) => c.target !== null)) {
      const t = round(ch.reduce((s, c) => s + (c.target ?? 0), 0));
      if (Math.abs(t - n.target) > 1e-6) out.push(`${n.code}: mục tiêu ${n.target} khác tổng các mục con ${t}`);
    }
  }
  return out;
}
