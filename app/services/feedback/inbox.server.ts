// An agency's inbox: filters, deadlines as words, the list.
import { z } from "zod";
import { workingDaysBetween, type Calendar } from "../../domain/deadlines";
import { localDay } from "../../domain/periods";
import { FEEDBACK_KINDS, FORMAL_KINDS, type FeedbackKind } from "../../domain/routing";
import { FEEDBACK_CHANNELS } from "../../domain/channels";
import type { SessionUser } from "../../platform/auth.server";
import { loadCalendar, STATUS_LABEL } from "./feedback.server";
import { treeOrder } from "../org/org-admin.server";
import { listUnits, subtreeIds } from "../org/reference.server";
import { OPEN_STATUSES, readScope } from "./staff-scope.server";
import type { Db } from "../../platform/db.server";


export interface DueInfo {
  overdue: boolean;
  /** Working days left (open, not overdue) or past the due day (overdue); null when done. */
  days: number | null;
  label: string;
}

export function dueInfo(item: { status: string; due_day: string }, today: string, cal: Calendar): DueInfo {
  if (!(OPEN_STATUSES as readonly string[]).includes(item.status)) return { overdue: false, days: null, label: "Đã xử lý" };
  if (today > item.due_day) {
    const n = Math.max(1, workingDaysBetween(item.due_day, today, cal));
    return { overdue: true, days: n, label: `Quá hạn ${n} ngày làm việc` };
  }
  const n = workingDaysBetween(today, item.due_day, cal);
  return { overdue: false, days: n, label: n === 0 ? "Hết hạn hôm nay" : `Còn ${n} ngày làm việc` };
}

// ---------------------------------------------------------------- the inbox

export const optional = (max = 64) => z.string().trim().max(max).optional().transform((v) => (v ? v : null));

export const inboxFilter = z.object({
  status: z.enum(["", "open", ...Object.keys(STATUS_LABEL)] as [string, ...string[]], { error: "Trạng thái không hợp lệ." }).optional().transform((v) => v || null),
  overdue: z.string().optional().transform((v) => v === "1" || v === "on"),
  kind: z.enum(["", ...FEEDBACK_KINDS], { error: "Loại phản ánh không hợp lệ." }).optional().transform((v) => (v || null) as FeedbackKind | null),
  unit: optional(),
  channel: z.enum(["", ...FEEDBACK_CHANNELS], { error: "Kênh tiếp nhận không hợp lệ." }).optional().transform((v) => v || null),
  page: z.string().optional().transform((v) => Math.max(1, Math.min(10_000, Number.parseInt(v ?? "1", 10) || 1))),
});
export type InboxFilter = z.infer<typeof inboxFilter>;

export function parseInboxFilter(url: URL): { filter: InboxFilter; errors: Record<string, string> } {
  const raw = Object.fromEntries(["status", "overdue", "kind", "unit", "channel", "page"].map((k) => [k, url.searchParams.get(k) ?? undefined]));
  const r = inboxFilter.safeParse(raw);
  if (r.success) return { filter: r.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const i of r.error.issues) errors[String(i.path[0])] ??= i.message;
  const clean = { ...raw };
  for (const k of Object.keys(errors)) delete clean[k];
  return { filter: inboxFilter.parse(clean), errors };
}

export const PAGE_SIZE = 50;

/** Items the user may read, filtered; overdue first, then open by due day, then handled ones. */
export async function listInbox(db: Db, user: SessionUser, filter: InboxFilter, now = new Date()) {
  const scope = await readScope(db, user);
  const today = localDay(now);
  const cal = await loadCalendar(db);
  let q = db.selectFrom("feedback_item as f")
    .leftJoin("agency as a", "a.id", "f.agency_id")
    .leftJoin("admin_unit as u", "u.id", "f.unit_id")
    .leftJoin("procedure_field as pf", "pf.code", "f.topic");
  if (!scope.all) {
    if (!scope.agencyIds.length && !scope.unitIds.length) q = q.where((eb) => eb.lit(false));
    else q = q.where((eb) => eb.or([
      ...(scope.agencyIds.length ? [eb("f.agency_id", "in", scope.agencyIds)] : []),
      ...(scope.unitIds.length ? [eb.and([eb("f.unit_id", "in", scope.unitIds), eb("f.kind", "not in", [...FORMAL_KINDS])])] : []),
    ]));
  }
  if (filter.status === "open") q = q.where("f.status", "in", [...OPEN_STATUSES]);
  else if (filter.status) q = q.where("f.status", "=", filter.status as "received");
  if (filter.overdue) q = q.where("f.status", "in", [...OPEN_STATUSES]).where("f.due_day", "<", today);
  if (filter.kind) q = q.where("f.kind", "=", filter.kind);
  if (filter.channel) q = q.where("f.channel", "=", filter.channel as "web");
  if (filter.unit) {
    const units = await listUnits(db);
    const unit = units.find((u) => u.code === filter.unit);
    q = unit ? q.where("f.unit_id", "in", [...subtreeIds(units, unit.id)]) : q.where((eb) => eb.lit(false));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
  const rows = await q
    .select([
      "f.id", "f.tracking_code", "f.kind", "f.topic", "f.channel", "f.status", "f.received_at", "f.due_day", "f.step", "f.escalation_level", "f.is_demo",
      "a.code as agency_code", "a.name as agency_name", "u.code as unit_code", "u.name as unit_name", "pf.name as topic_name",
    ])
    .orderBy((eb) => eb.case().when(eb.and([eb("f.status", "in", [...OPEN_STATUSES]), eb("f.due_day", "<", today)])).then(0)
      .when("f.status", "in", [...OPEN_STATUSES]).then(1).else(2).end())
    .orderBy("f.due_day")
    .orderBy("f.id")
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE)
    .execute();
  return {
    total,
    page: filter.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    items: rows.map((r) => ({ ...r, due: dueInfo(r, today, cal) })),
  };
}

/** Options for filters and forms: units (indented tree), topics, active agencies. */
export async function feedbackOptions(db: Db, user?: SessionUser) {
  const [units, topics, agencies] = await Promise.all([
    listUnits(db),
    db.selectFrom("procedure_field").select(["code", "name"]).orderBy("id").execute(),
    db.selectFrom("agency").select(["id", "code", "name"]).where("active", "=", 1).orderBy("id").execute(),
  ]);
  let visible = units;
  if (user) {
    const scope = await readScope(db, user);
    if (!scope.all && !scope.agencyIds.length) visible = units.filter((u) => scope.unitIds.includes(u.id));
  }
  const ordered = treeOrder(visible);
  return {
    units: ordered.map((u) => ({ value: u.code, label: `${"\u00a0\u00a0".repeat(u.depth)}${u.name}` })),
    topics: topics.map((t) => ({ value: t.code, label: t.name })),
    agencies: agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})`, id: a.id })),
  };
}
